health-box-down = ⚠️ The Freebox has not answered since { $since }. I will tell you when it is back.
health-box-back = ✅ The Freebox answers again (it was unreachable for { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}).
