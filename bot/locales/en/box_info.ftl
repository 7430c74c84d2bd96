## Freebox information: /calls, /status

box-info-cmd-calls = See the latest missed calls
box-info-cmd-status = State of the Freebox and its connection

box-info-no-missed-calls = 😌 No missed calls.
box-info-missed-calls = { $count ->
    [one] 📞 <b>Latest missed call</b>
   *[other] 📞 <b>Latest { $count } missed calls</b>
}
box-info-hidden-number = <b>hidden number</b>

box-info-model = 📦 <b>{ $model }</b> · version { $firmware }
box-info-connection = 🌐 { $media ->
    [ftth] Fibre
    [xdsl] ADSL/VDSL
    [backup_4g] 4G backup
   *[other] Internet
} connection: { $emoji } { $state ->
    [up] up
    [going_up] coming up
    [going_down] going down
   *[down] down
}
box-info-ipv4 = 📍 IPv4: { $ip }
box-info-down = ⬇️ Download: { $rate } (line { $bandwidth })
box-info-down-rate = ⬇️ Download: { $rate }
box-info-up = ⬆️ Upload: { $rate } (line { $bandwidth })
box-info-up-rate = ⬆️ Upload: { $rate }
box-info-uptime = ⏱ Up for { $uptime }
box-info-bits = { NUMBER($value, maximumFractionDigits: 1) } { $unit }
