## Access control and invitations

access-unknown-command = 🤔 I do not know that command. Send /help to see what I can do.
access-invite-usage = Usage: <code>/invite [member|guest] [hours]</code>, for example <code>/invite guest 48</code>. Default: member, valid 24 h (720 h at most).
access-invite-no-owner = 🔒 An invitation makes a member or a guest, never an owner. Owners are the people <code>BOT_OWNER_IDS</code> names in the bot's configuration.
