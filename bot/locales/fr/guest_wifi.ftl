## Wi-Fi invité : /guest, /guest list

guest-wifi-cmd = Wi-Fi invité avec un QR code (/guest list : les accès en cours)

guest-wifi-usage =
    🛜 <b>Wi-Fi invité</b>
    <code>/guest</code> : crée un accès au Wi-Fi invité et envoie son QR code.
    <code>/guest description</code> : idem, avec une description visible dans Freebox OS, par exemple <code>/guest Cousins du Sud</code> ({ $max } caractères au plus).
    <code>/guest list</code> : les accès en cours, pour les révoquer.
guest-wifi-default-description = Telegram : { $name }

guest-wifi-question = 🛜 <b>Wi-Fi invité</b> : pour combien de temps ?
guest-wifi-question-described = 🛜 <b>Wi-Fi invité</b> « { $description } » : pour combien de temps ?
guest-wifi-duration = { $duration ->
    [7200] 2 h
    [86400] 1 jour
    [604800] 1 semaine
   *[other] { $duration } s
}
guest-wifi-creating = ⏳ Je crée l'accès sur la Freebox…
guest-wifi-created = ✅ Accès Wi-Fi invité créé pour { $duration }.

guest-wifi-caption =
    🛜 <b>Wi-Fi invité</b>
    Réseau : <b>{ $ssid }</b>
    Mot de passe : <code>{ $key }</code>
    Valable { $until }.
    📷 Scannez le QR code avec l'appareil photo du téléphone pour vous connecter.
guest-wifi-caption-description = 🏷 { $description }
guest-wifi-wifi-off = ⚠️ Le Wi-Fi de la Freebox est éteint : ce réseau n'apparaîtra qu'une fois le Wi-Fi rallumé.
guest-wifi-until = jusqu'au { $date } à { $time }
guest-wifi-forever = sans limite de durée

guest-wifi-list-title = 🛜 <b>Accès Wi-Fi invité</b> ({ $count })
guest-wifi-none = 🛜 Aucun accès Wi-Fi invité en cours. Créez-en un avec /guest.
guest-wifi-more = … et { $count ->
    [one] un autre
   *[other] { $count } autres
}, visibles dans Freebox OS.
guest-wifi-unnamed = Sans description
guest-wifi-left = reste { $duration }
guest-wifi-uses = { $count ->
    [0] aucun appareil connecté
    [one] 1 appareil
   *[other] { $count } appareils
}
guest-wifi-uses-max = { $count }/{ $max } appareils
guest-wifi-full-access = 🏠 accès au réseau local
guest-wifi-button-revoke = 🗑 Révoquer { $index } · { $name }
guest-wifi-revoked = 🗑 Accès révoqué.

guest-wifi-duration-minutes = { $m } min
guest-wifi-duration-hours = { $h } h { $m }
guest-wifi-duration-days = { $d } j { $h } h

guest-wifi-expiry-soon = ⏳ L'accès Wi-Fi invité « { $description } » expire dans { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
} (à { $time }). Envoyez /guest pour en créer un autre.
