## Household controls: /pause, /wifi on|off, /reboot, /wake

controls-version-lacks = ⚠️ This Freebox speaks API { $version }: { $control } needs API { $since } or later.
controls-name-profiles = pausing a profile's Internet
controls-name-wifi_switch = switching Wi-Fi on or off
controls-name-reboot = rebooting the box
controls-name-wake_on_lan = waking a computer
controls-perm-profile = User profile management
controls-cancel = Cancel
controls-cancelled = Cancelled: nothing changed.

## /pause

controls-cmd-pause = Pause a profile's Internet (parental control)
typing-example-pause = e.g. <code>/pause Kids 21:30</code>, or <code>/pause</code> for the buttons
controls-pause-title = ⏸ <b>Internet pause</b>, per parental-control profile:
controls-pause-line-on = • <b>{ $name }</b>: ✅ Internet on
controls-pause-line-until = • <b>{ $name }</b>: ⏸ paused until { $until }
controls-pause-line-off = • <b>{ $name }</b>: ⏸ no Internet
controls-pause-button-for = ⏸ { $name } { $minutes ->
    [60] 1 h
   *[other] { $minutes } min
}
controls-pause-button-until = ⏸ Until…
controls-pause-button-resume = ▶ Resume { $name }
controls-pause-until-question = ⏸ Until when should <b>{ $name }</b> stay off the Internet? (or send <code>/pause { $name } 21:30</code>)
controls-pause-done = ⏸ Internet paused for <b>{ $name }</b> until { $until } (by { $who }). I will say here when it is back.
controls-pause-resumed = ▶ Internet is back for <b>{ $name }</b> (resumed by { $who }).
controls-pause-ended = ▶ The Internet pause of <b>{ $name }</b> is over: its devices are back online.
controls-pause-no-profiles = ⏸ The Freebox has no parental-control profile yet: create one in Freebox OS (Parental control › Profiles), then send /pause again.
controls-pause-usage = ⏸ Usage: <code>/pause</code>, <code>/pause NAME</code> or <code>/pause NAME 21:30</code>. Profiles: { $profiles }.
controls-more = and { $count } more

## /wifi on|off

controls-cmd-wifi = Switch the Freebox's Wi-Fi on or off
typing-example-wifi = e.g. <code>/wifi off</code>, then <code>/wifi on</code>
controls-wifi-off-question = 📴 Switch the Freebox's Wi-Fi <b>off</b>?
controls-wifi-off-online = Online now (those on Wi-Fi will be cut off): { $names }.
controls-wifi-off-nobody = No device seems online right now.
controls-wifi-off-guests = The guest Wi-Fi goes off too; devices on a cable keep the Internet.
controls-wifi-button-off = 📴 Switch Wi-Fi off
controls-wifi-already-off = 📴 The Freebox's Wi-Fi is already off. <code>/wifi on</code> switches it back on.
controls-wifi-off = 📴 Wi-Fi switched off (by { $who }). <code>/wifi on</code> switches it back on.
controls-wifi-button-back-on = 📶 Back on in 1 h
controls-wifi-off-until = 📴 Wi-Fi switched off (by { $who }). 📶 It comes back on at { $at }.
controls-wifi-on = 📶 Wi-Fi switched on (by { $who }).
controls-wifi-back-on = 📶 Wi-Fi is back on, as planned at { $at }.

## /reboot

controls-cmd-reboot = Reboot the Freebox
typing-example-reboot = e.g. <code>/reboot</code>, then confirm
controls-reboot-question = 🔄 <b>Reboot the Freebox?</b>
controls-reboot-cuts = For a few minutes: no Internet, no Wi-Fi, no phone (a call in progress is cut) and no TV.
controls-reboot-downloads = ⬇️ { $count ->
    [one] 1 download is running
   *[other] { $count } downloads are running
}: { $count ->
    [one] it resumes
   *[other] they resume
} after the reboot.
controls-reboot-tv = 📺 On now: { $players }.
controls-reboot-button = 🔄 Reboot
controls-reboot-done = 🔄 The Freebox is rebooting (asked by { $who }). It will be back in a few minutes.

## /wake

controls-cmd-wake = Wake a computer of the network (Wake-on-LAN)
typing-example-wake = e.g. <code>/wake</code>, then pick the computer
controls-wake-question = ⏰ <b>Wake which device?</b> (💤 asleep, ✅ online)
controls-wake-none = ⏰ The Freebox knows no device with a MAC address on its network.
controls-wake-unknown = ⏰ The Freebox knows no device named “{ $name }”. Send <code>/wake</code> to pick one.
controls-wake-sent = ⏰ Wake-on-LAN sent to <b>{ $name }</b> (by { $who }). It wakes if its network card allows it.

## /guest list: who joined each key

controls-guest-joined = 👥 Joined: { $names }
