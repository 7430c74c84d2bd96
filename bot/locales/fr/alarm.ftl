## Alarme : /alarm

alarm-cmd = État de l'alarme, l'armer ou la désarmer

alarm-usage =
    🚨 <b>Alarme</b>
    Envoyez <code>/alarm</code> seul : je montre l'état de l'alarme avec des boutons pour l'armer (alarme principale ou de nuit) et la désarmer.
    Le désarmement demande le code PIN de l'alarme.
    Pour armer et désarmer à heures fixes : <code>/alarm schedule</code>.
alarm-none = 🚨 Je ne trouve pas de système d'alarme sur cette Freebox.
alarm-default-label = Alarme
alarm-title = 🚨 <b>{ $label }</b>
alarm-state = État : { $state ->
    [idle] 🔓 désactivée
    [alarm1_arming] ⏳ armement en cours (alarme principale)
    [alarm2_arming] ⏳ armement en cours (alarme de nuit)
    [alarm1_armed] 🔒 armée (alarme principale)
    [alarm2_armed] 🌙 armée (alarme de nuit)
    [alarm1_alert_timer] ⚠️ intrusion détectée, la sirène va sonner (alarme principale)
    [alarm2_alert_timer] ⚠️ intrusion détectée, la sirène va sonner (alarme de nuit)
    [alert] 🚨 ALERTE, la sirène sonne
   *[other] ❔ inconnu ({ $state })
}

alarm-button-main = 🔒 Armer
alarm-button-night = 🌙 Armer (nuit)
alarm-button-off = 🔓 Désarmer
alarm-button-refresh = 🔄 Actualiser
alarm-button-confirm = ✅ Confirmer
alarm-button-cancel = ✖️ Annuler

alarm-confirm-arm = { $mode ->
    [alarm2] 🌙 Armer l'alarme de nuit ?
   *[other] 🔒 Armer l'alarme principale ?
}
    Les détecteurs déclencheront la sirène une fois le délai d'armement écoulé.
alarm-armed-by = { $mode ->
    [alarm2] ✅ { $name } a armé l'alarme de nuit.
   *[other] ✅ { $name } a armé l'alarme principale.
}
alarm-disarmed-by = ✅ { $name } a désarmé l'alarme.
alarm-notice-sent = Commande envoyée à la Freebox
alarm-cancelled = Annulé
alarm-already-off = L'alarme est déjà désactivée.

alarm-pin-wait = 🔐 Désarmement : j'attends le code PIN de { $name } (2 minutes).
alarm-pin-ask = 🔐 { $name }, envoyez le code PIN de l'alarme en réponse à ce message. Je l'effacerai dès réception.
alarm-pin-placeholder = Code PIN de l'alarme
alarm-pin-expired = ⌛ Trop tard : la demande de code PIN a expiré. Appuyez à nouveau sur « Désarmer ».
alarm-pin-not-digits = ❌ Un code PIN ne contient que des chiffres. Appuyez à nouveau sur « Désarmer » pour réessayer.
alarm-pin-wrong = ❌ Code PIN incorrect. { $left ->
    [one] Encore un essai
   *[other] Encore { $left } essais
} avant un blocage de { $minutes } minutes.
alarm-pin-locked = 🔒 Trop de codes PIN erronés : le désarmement est bloqué pour vous. Réessayez dans { $minutes } min.
alarm-pin-unset = ⚠️ L'alarme n'a pas de code PIN : définissez-en un dans Freebox OS pour pouvoir la désarmer depuis Telegram.
alarm-pin-not-deleted = ⚠️ Je n'ai pas pu effacer le message contenant le code PIN : effacez-le vous-même (dans un groupe, donnez-moi le droit de supprimer des messages).
