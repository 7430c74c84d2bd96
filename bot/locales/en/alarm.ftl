## Alarm: /alarm

alarm-cmd = The alarm's state; arm or disarm it

alarm-usage =
    🚨 <b>Alarm</b>
    Send <code>/alarm</code> on its own: I show the alarm's state with buttons to arm it (main or night alarm) and to disarm it.
    Disarming asks for the alarm PIN.
    To arm and disarm at set times: <code>/alarm schedule</code>.
alarm-none = 🚨 I cannot find an alarm system on this Freebox.
alarm-default-label = Alarm
alarm-title = 🚨 <b>{ $label }</b>
alarm-state = State: { $state ->
    [idle] 🔓 off
    [alarm1_arming] ⏳ arming (main alarm)
    [alarm2_arming] ⏳ arming (night alarm)
    [alarm1_armed] 🔒 armed (main alarm)
    [alarm2_armed] 🌙 armed (night alarm)
    [alarm1_alert_timer] ⚠️ intrusion detected, the siren is about to ring (main alarm)
    [alarm2_alert_timer] ⚠️ intrusion detected, the siren is about to ring (night alarm)
    [alert] 🚨 ALERT, the siren is ringing
   *[other] ❔ unknown ({ $state })
}

alarm-button-main = 🔒 Arm
alarm-button-night = 🌙 Arm (night)
alarm-button-off = 🔓 Disarm
alarm-button-refresh = 🔄 Refresh
alarm-button-confirm = ✅ Confirm
alarm-button-cancel = ✖️ Cancel

alarm-confirm-arm = { $mode ->
    [alarm2] 🌙 Arm the night alarm?
   *[other] 🔒 Arm the main alarm?
}
    The sensors will set off the siren once the arming delay is over.
alarm-armed-by = { $mode ->
    [alarm2] ✅ { $name } armed the night alarm.
   *[other] ✅ { $name } armed the main alarm.
}
alarm-disarmed-by = ✅ { $name } disarmed the alarm.
alarm-notice-sent = Command sent to the Freebox
alarm-cancelled = Cancelled
alarm-already-off = The alarm is already off.

alarm-pin-wait = 🔐 Disarming: waiting for { $name }'s PIN (2 minutes).
alarm-pin-ask = 🔐 { $name }, send the alarm PIN as a reply to this message. I will delete it as soon as it arrives.
alarm-pin-placeholder = Alarm PIN
alarm-pin-expired = ⌛ Too late: the PIN request has expired. Press “Disarm” again.
alarm-pin-not-digits = ❌ A PIN is made of digits only. Press “Disarm” again to retry.
alarm-pin-wrong = ❌ Wrong PIN. { $left ->
    [one] One more try
   *[other] { $left } more tries
} before a { $minutes }-minute lockout.
alarm-pin-locked = 🔒 Too many wrong PINs: disarming is locked for you. Try again in { $minutes } min.
alarm-pin-unset = ⚠️ The alarm has no PIN: set one in Freebox OS to disarm it from Telegram.
alarm-pin-not-deleted = ⚠️ I could not delete the message holding the PIN: please delete it yourself (in a group, allow me to delete messages).
