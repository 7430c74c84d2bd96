## Guest Wi-Fi: /guest, /guest list

guest-wifi-cmd = Guest Wi-Fi with a QR code (/guest list: current accesses)

guest-wifi-usage =
    🛜 <b>Guest Wi-Fi</b>
    <code>/guest</code>: creates a guest Wi-Fi access and sends its QR code.
    <code>/guest description</code>: the same, with a description shown in Freebox OS, for example <code>/guest Cousins from the South</code> (at most { $max } characters).
    <code>/guest list</code>: the current accesses, to revoke them.
guest-wifi-default-description = Telegram: { $name }

guest-wifi-question = 🛜 <b>Guest Wi-Fi</b>: for how long?
guest-wifi-question-described = 🛜 <b>Guest Wi-Fi</b> “{ $description }”: for how long?
guest-wifi-duration = { $duration ->
    [7200] 2 hours
    [86400] 1 day
    [604800] 1 week
   *[other] { $duration } s
}
guest-wifi-creating = ⏳ Creating the access on the Freebox…
guest-wifi-created = ✅ Guest Wi-Fi access created for { $duration }.

guest-wifi-caption =
    🛜 <b>Guest Wi-Fi</b>
    Network: <b>{ $ssid }</b>
    Password: <code>{ $key }</code>
    Valid { $until }.
    📷 Scan the QR code with the phone's camera to connect.
guest-wifi-caption-description = 🏷 { $description }
guest-wifi-wifi-off = ⚠️ The Freebox's Wi-Fi is off: this network will only appear once Wi-Fi is back on.
guest-wifi-until = until { $date } at { $time }
guest-wifi-forever = with no time limit

guest-wifi-list-title = 🛜 <b>Guest Wi-Fi accesses</b> ({ $count })
guest-wifi-none = 🛜 No guest Wi-Fi access at the moment. Create one with /guest.
guest-wifi-more = … and { $count ->
    [one] one more
   *[other] { $count } more
}, shown in Freebox OS.
guest-wifi-unnamed = No description
guest-wifi-left = { $duration } left
guest-wifi-uses = { $count ->
    [0] no device connected
    [one] 1 device
   *[other] { $count } devices
}
guest-wifi-uses-max = { $count }/{ $max } devices
guest-wifi-full-access = 🏠 local network access
guest-wifi-button-revoke = 🗑 Revoke { $index } · { $name }
guest-wifi-revoked = 🗑 Access revoked.

guest-wifi-duration-minutes = { $m } min
guest-wifi-duration-hours = { $h } h { $m }
guest-wifi-duration-days = { $d } d { $h } h

guest-wifi-expiry-soon = ⏳ The guest Wi-Fi access “{ $description }” expires in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
} (at { $time }). Send /guest to make a new one.
