## The bot's access to the Freebox: pairing from home, access revoked

pair-revoked = ⛔ The Freebox no longer knows this request: the app was revoked in Freebox OS. Run /pair to pair it again.
pair-from-outside = 🏠 The Freebox accepts a new app only from the home network. Run /pair while the bot runs on a device connected to the Freebox (Wi-Fi or cable), or set FREEBOX_URL to the local address https://mafreebox.freebox.fr, then run /pair again.
pair-ratelimited = ⏳ The Freebox refuses for now: too many authentication errors from the bot's address. Wait a few minutes, then run /pair again.
pair-new-apps-denied = 🔒 The Freebox no longer accepts new apps. Allow them in Freebox OS (Freebox settings › Access management), then run /pair again.
pair-apps-denied = 🔒 App access is turned off on the Freebox. Turn it back on in Freebox OS (Freebox settings › Access management), then run /pair again.

access-revoked = ⛔ The Freebox refuses the bot's access: its authorization was revoked (app removed, or admin password reset). Run /pair to pair it again, then tick its permissions in Freebox OS: Freebox settings › Access management › Applications › Freebox Bot. Until then the bot tries less and less often.
access-ratelimited = ⏳ The Freebox refuses the bot's logins: too many authentication errors from its address. The bot tries less and less often. If its access was revoked, run /pair.
access-restored = ✅ The Freebox accepts the bot again.

password-change-permissions = If the password was reset, the bot's permissions were reset too: check them in Freebox OS, Freebox settings › Access management › Applications › Freebox Bot.

box-access-revoked = ⛔ The Freebox refuses the bot's access: its authorization was revoked. The owner can run /pair.
box-access-ratelimited = ⏳ The Freebox refuses the bot's logins for now (too many authentication errors). Try again later.
