## Notifications pushed by the Freebox

download-done = ✅ Download complete: <b>{ $name }</b>
download-seeding-done = 🌱 Seeding complete: <b>{ $name }</b>
download-other = 📥 Download <b>{ $name }</b>: { $event }

missed-call = 📞 Missed call from <b>{ $caller }</b> on { $when }
missed-call-named = 📞 Missed call from <b>{ $name }</b> ({ $number }) on { $when }
caller-hidden = a hidden number

box-pub-up = 🌐 The Freebox's Internet connection is back up.
box-enter-sleep = 😴 The Freebox is going to sleep.
box-shut-down = 🔌 The Freebox is shutting down.
box-reboot = 🔄 The Freebox is rebooting.
box-other = 📦 Freebox state: { $event }

lan-other = 🖧 Local network, <b>{ $name }</b>: { $event }

password-change = 🔑 The Freebox admin password was changed from { $ip }.
password-change-unknown = 🔑 The Freebox admin password was changed.


generic = 🔔 { $text }
generic-default = 🔔 New notification from the Freebox.

## Commands

start-welcome =
    👋 Hello { $name }! I am your Freebox's bot.
    I tell you here when downloads finish, calls are missed, new devices join, the box changes state and the alarm goes off.
    Send /help to see what I can do.
error-generic = 😕 Sorry, something went wrong. Please try again in a moment.

## Access

access-stranger = 🔒 Sorry, this bot is private. Ask the person who runs it for an invitation.
access-not-allowed = 🔒 Sorry, your role does not allow that.
button-expired = ⌛ This button has expired. Run the command again.

## Freebox errors

box-missing-right = 🔐 The Freebox refused: the permission “{ $right }” is missing. Tick it in Freebox OS, Freebox settings › Access management › Applications, then try again.
box-not-paired = 🔗 The bot is not paired with the Freebox yet. The owner can run /pair.
box-unreachable = 📡 The Freebox is not answering right now. Please try again in a moment.
box-not-found = 🤷 The Freebox cannot find that (it may already be gone).
box-refused = ⚠️ The Freebox refused: { $reason }

perm-downloader = Access to the download manager
perm-settings = Modify Freebox settings
perm-home = Alarm and home automation
perm-calls = Access to Freebox calls
perm-player = Control the Freebox Player
perm-contacts = Access to the Freebox contacts
perm-explorer = Access to Freebox files
perm-parental = Parental control
perm-camera = Cameras

## Pairing with the Freebox

pair-requesting = 🔗 Pairing request sent to the Freebox…
pair-pending = 👉 Go to the Freebox and <b>accept the request on the box's screen</b> (right arrow, then OK). Waiting for your answer…
pair-granted = ✅ Paired with <b>{ $model }</b>.
pair-missing-intro = To use everything, these permissions are still missing:
pair-missing-where = Tick them in Freebox OS: Freebox settings › Access management › Applications › Freebox Bot.
pair-denied = ❌ The request was refused on the Freebox. Run /pair to try again.
pair-timeout = ⌛ Nobody answered on the Freebox in time. Run /pair to try again.
pair-failed = 📡 Could not reach the Freebox: { $reason }
pair-no-public-url = ⚠️ NOTIF_PUBLIC_URL is not set: the Freebox does not know where to send its notifications.
pair-notifications-on = 🔔 This chat will receive the Freebox's notifications. Adjust them with /notifications.

## Notifications

notif-summary-on = 🔔 <b>Freebox notifications in this chat</b>
    Tap a kind to turn it on or off.
notif-summary-off = 🔕 This chat does not receive the Freebox's notifications.
notif-all-on = 🔔 Turn notifications on
notif-all-off = 🔕 Turn everything off
notif-saved = Saved ✅
notif-kind-phone = Missed calls
notif-kind-downloader = Downloads
notif-kind-security = Alarm
notif-kind-box_state = Box state
notif-kind-lan_host = New devices
notif-kind-password_change = Password changed

## Command menu

cmd-start = Meet the bot
cmd-help = What I can do
cmd-pair = Pair the bot with the Freebox
cmd-notifications = Choose the notifications received here

## Help and invitations

help-title = <b>What I can do</b> (you are { $role }):
help-push = The Freebox's notifications arrive here as soon as it sends them.
role-owner = an owner
role-member = a member
role-guest = a guest
invite-invalid = ⌛ This invitation is no longer valid (already used or expired). Ask for a new one.
invite-welcome-member = 👋 Welcome { $name }! You are now a member of the household. Send /help to see what I can do.
invite-welcome-guest = 👋 Welcome { $name }! Send /guest to get the guest Wi-Fi code.

## People

cmd-invite = Invite someone (member, guest…)
cmd-users = See and remove people
invite-created = 🎟️ One-time invitation for <b>{ $role }</b>, valid { $hours } h:
    { $link }
    Send this link to the person: they just open it and press Start.
users-title = <b>People who can use the bot</b>
users-none = Nobody else yet. Invite someone with /invite.
users-remove = Remove { $name }
users-confirm-question = Remove <b>{ $name }</b>'s access?
users-confirm = ✅ Yes, remove
users-cancel = Cancel
users-removed = 🚪 { $name } can no longer use the bot.
users-already-gone = { $name } had already lost access.
cancelled = Cancelled.
