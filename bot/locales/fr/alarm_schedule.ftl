## Programmations de l'alarme : /alarm schedule

alarm-schedule-usage =
    ⏰ <b>Programmations de l'alarme</b>
    <code>/alarm schedule 22:30 lun-ven</code> : armer l'alarme à 22:30 ces jours-là.
    <code>/alarm schedule 22:30 tous-les-jours jusqu'à 07:00</code> : la désarmer aussi le lendemain matin à 07:00 (votre code PIN de l'alarme est demandé une fois, maintenant).
    <code>/alarm schedule</code> : les programmations de cette discussion, avec un bouton pour supprimer chacune.
    Jours : <code>tous-les-jours</code>, <code>semaine</code>, <code>weekend</code>, <code>lun</code> … <code>dim</code> (ou <code>mon</code> … <code>sun</code>), intervalles (<code>lun-ven</code>) et listes (<code>lun,mer,ven</code>). Heures locales.

alarm-schedule-list-title = ⏰ <b>Programmations de l'alarme de cette discussion</b>
alarm-schedule-list-empty = ⏰ Aucune programmation de l'alarme dans cette discussion.
alarm-schedule-entry = { $kind ->
    [alarm_disarm] 🔓 désarmer à { $time }, { $days }
   *[other] 🔒 armer à { $time }, { $days }
}
alarm-schedule-button-delete = 🗑 { $what }
alarm-schedule-button-confirm = ✅ Confirmer
alarm-schedule-button-cancel = ✖️ Annuler

alarm-schedule-confirm = ⏰ Armer l'alarme à { $time }, { $days } ?
alarm-schedule-confirm-until =
    ⏰ Armer l'alarme à { $time }, { $days }, et la désarmer à { $until }, { $until_days } ?
    Le désarmement programmé demande votre code PIN de l'alarme : je le demande une fois, maintenant.
alarm-schedule-pin-wait = 🔐 J'attends le code PIN de { $name } pour enregistrer la programmation (2 minutes).
alarm-schedule-saved = ✅ Programmation enregistrée :
alarm-schedule-next = Prochaine fois : le { $when }.
alarm-schedule-not-saved = ❌ Programmation non enregistrée. Renvoyez la commande pour réessayer.
alarm-schedule-cancelled = Annulé
alarm-schedule-deleted = Programmation supprimée

alarm-schedule-every-day = tous les jours
alarm-schedule-day-mon = lun
alarm-schedule-day-tue = mar
alarm-schedule-day-wed = mer
alarm-schedule-day-thu = jeu
alarm-schedule-day-fri = ven
alarm-schedule-day-sat = sam
alarm-schedule-day-range = { $first }–{ $last }
alarm-schedule-day-sun = dim

alarm-schedule-armed = 🔒 Alarme armée (programmation { $time } { $days }).
alarm-schedule-disarmed = 🔓 Alarme désarmée (programmation { $time } { $days }).
alarm-schedule-failed = ⚠️ { $kind ->
    [alarm_disarm] Le désarmement programmé
   *[other] L'armement programmé
} ({ $time } { $days }) a échoué : { $reason ->
    [unreachable] la Freebox ne répond pas.
    [not-paired] le bot n'est plus associé à la Freebox (/pair).
    [missing-right] il manque au bot le droit « Gestion de l'alarme et maison connectée » sur la Freebox.
    [no-alarm] il n'y a pas de système d'alarme sur la Freebox.
   *[other] la Freebox a refusé.
}
alarm-schedule-skipped = ⏭️ { $kind ->
    [alarm_disarm] Désarmement programmé
   *[other] Armement programmé
} ({ $time } { $days }) sauté : le bot ne tournait pas à cette heure-là, et il est trop tard maintenant.
