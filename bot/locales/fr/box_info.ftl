## Informations de la Freebox : /calls, /status

box-info-cmd-calls = Voir les derniers appels manqués
box-info-cmd-status = État de la Freebox et de la connexion

box-info-no-missed-calls = 😌 Aucun appel manqué.
box-info-missed-calls = { $count ->
    [one] 📞 <b>Dernier appel manqué</b>
   *[other] 📞 <b>{ $count } derniers appels manqués</b>
}
box-info-hidden-number = <b>numéro masqué</b>

box-info-model = 📦 <b>{ $model }</b> · version { $firmware }
box-info-connection = 🌐 Connexion { $media ->
    [ftth] fibre
    [xdsl] ADSL/VDSL
    [backup_4g] 4G de secours
   *[other] Internet
} : { $emoji } { $state ->
    [up] active
    [going_up] en cours d'établissement
    [going_down] en cours d'arrêt
   *[down] coupée
}
box-info-ipv4 = 📍 IPv4 : { $ip }
box-info-down = ⬇️ Réception : { $rate } (ligne { $bandwidth })
box-info-down-rate = ⬇️ Réception : { $rate }
box-info-up = ⬆️ Envoi : { $rate } (ligne { $bandwidth })
box-info-up-rate = ⬆️ Envoi : { $rate }
box-info-uptime = ⏱ Allumée depuis { $uptime }
box-info-bits = { NUMBER($value, maximumFractionDigits: 1) } { $unit }
