## Alarm schedules: /alarm schedule

alarm-schedule-usage =
    ⏰ <b>Alarm schedules</b>
    <code>/alarm schedule 22:30 mon-fri</code>: arm the alarm at 22:30 on those days.
    <code>/alarm schedule 22:30 daily until 07:00</code>: also disarm it at 07:00 the next morning (your alarm PIN is asked once, now).
    <code>/alarm schedule</code>: this chat's schedules, with a button to delete each.
    Days: <code>daily</code>, <code>weekdays</code>, <code>weekend</code>, <code>mon</code> … <code>sun</code> (or <code>lun</code> … <code>dim</code>), ranges (<code>mon-fri</code>) and lists (<code>mon,wed,fri</code>). Times are local.

alarm-schedule-list-title = ⏰ <b>Alarm schedules of this chat</b>
alarm-schedule-list-empty = ⏰ No alarm schedule in this chat.
alarm-schedule-entry = { $kind ->
    [alarm_disarm] 🔓 disarm at { $time }, { $days }
   *[other] 🔒 arm at { $time }, { $days }
}
alarm-schedule-button-delete = 🗑 { $what }
alarm-schedule-button-confirm = ✅ Confirm
alarm-schedule-button-cancel = ✖️ Cancel

alarm-schedule-confirm = ⏰ Arm the alarm at { $time }, { $days }?
alarm-schedule-confirm-until =
    ⏰ Arm the alarm at { $time }, { $days }, and disarm it at { $until }, { $until_days }?
    Disarming on a schedule needs your alarm PIN: I ask for it once, now.
alarm-schedule-pin-wait = 🔐 Waiting for { $name }'s PIN to save the schedule (2 minutes).
alarm-schedule-saved = ✅ Schedule saved:
alarm-schedule-next = Next run: { $when }.
alarm-schedule-not-saved = ❌ Schedule not saved. Send the command again to retry.
alarm-schedule-cancelled = Cancelled
alarm-schedule-deleted = Schedule deleted

alarm-schedule-every-day = every day
alarm-schedule-day-mon = Mon
alarm-schedule-day-tue = Tue
alarm-schedule-day-wed = Wed
alarm-schedule-day-thu = Thu
alarm-schedule-day-fri = Fri
alarm-schedule-day-sat = Sat
alarm-schedule-day-range = { $first }–{ $last }
alarm-schedule-day-sun = Sun

alarm-schedule-armed = 🔒 Alarm armed (schedule { $time } { $days }).
alarm-schedule-disarmed = 🔓 Alarm disarmed (schedule { $time } { $days }).
alarm-schedule-failed = ⚠️ { $kind ->
    [alarm_disarm] Scheduled disarming
   *[other] Scheduled arming
} ({ $time } { $days }) failed: { $reason ->
    [unreachable] the Freebox does not answer.
    [not-paired] the bot is not paired with the Freebox any more (/pair).
    [missing-right] the bot lacks the “Alarm and home automation” permission on the Freebox.
    [no-alarm] there is no alarm system on the Freebox.
   *[other] the Freebox refused.
}
alarm-schedule-skipped = ⏭️ { $kind ->
    [alarm_disarm] Scheduled disarming
   *[other] Scheduled arming
} ({ $time } { $days }) skipped: the bot was not running at that time, and it is too late now.
