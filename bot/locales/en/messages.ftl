## Notifications pushed by the Freebox

download-done = ✅ Download complete: <b>{ $name }</b>
download-error = ❌ Download failed: <b>{ $name }</b>
download-seeding-done = 🌱 Seeding complete: <b>{ $name }</b>
download-other = 📥 Download <b>{ $name }</b>: { $event }
download-fallback-name = task #{ $id }

missed-call = 📞 Missed call from <b>{ $caller }</b> on { $when }
missed-call-named = 📞 Missed call from <b>{ $name }</b> ({ $number }) on { $when }
caller-hidden = a hidden number

box-pub-up = 🌐 The Freebox's Internet connection is back up.
box-enter-sleep = 😴 The Freebox is going to sleep.
box-shut-down = 🔌 The Freebox is shutting down.
box-reboot = 🔄 The Freebox is rebooting.
box-other = 📦 Freebox state: { $event }

lan-first-connection = 🆕 New device on the network: <b>{ $name }</b>
lan-first-connection-on = 🆕 New device on the network: <b>{ $name }</b> (interface { $interface })
lan-other = 🖧 Local network, <b>{ $name }</b>: { $event }
lan-fallback-name = unknown device

password-change = 🔑 The Freebox admin password was changed from { $ip }.
password-change-unknown = 🔑 The Freebox admin password was changed.

security = 🚨 <b>Alarm</b>: { $text }
security-default = 🚨 <b>Alarm</b>: the Freebox alarm went off.

generic = 🔔 { $text }
generic-default = 🔔 New notification from the Freebox.

## Commands

start-welcome =
    👋 Hello { $name }! I am your Freebox's bot.
    I tell you here when downloads finish, calls are missed, new devices join, the box changes state and the alarm goes off.
    Send /help to see what I can do.
help =
    <b>What I can do</b>
    /start: meet me and register this chat
    /help: show this help
    Your Freebox's notifications arrive here as soon as it sends them.
error-generic = 😕 Sorry, something went wrong. Please try again in a moment.
