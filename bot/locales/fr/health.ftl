health-box-down = ⚠️ La Freebox ne répond plus depuis { $since }. Je vous préviens dès qu'elle revient.
health-box-back = ✅ La Freebox répond de nouveau (injoignable pendant { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}).
