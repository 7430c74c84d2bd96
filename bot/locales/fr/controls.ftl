## Contrôles de la maison : /pause, /wifi on|off, /redemarrer, /reveiller

controls-version-lacks = ⚠️ Cette Freebox parle l'API { $version } : { $control } demande l'API { $since } ou plus récente.
controls-name-profiles = mettre en pause l'Internet d'un profil
controls-name-wifi_switch = allumer ou éteindre le Wi-Fi
controls-name-reboot = redémarrer la Freebox
controls-name-wake_on_lan = réveiller un ordinateur
controls-perm-profile = Gestion des profils utilisateur
controls-cancel = Annuler
controls-cancelled = Annulé : rien n'a changé.

## /pause

controls-cmd-pause = Mettre en pause l'Internet d'un profil (contrôle parental)
typing-example-pause = Ex. : <code>/pause Enfants 21:30</code>, ou <code>/pause</code> pour les boutons
controls-pause-title = ⏸ <b>Pause Internet</b>, par profil du contrôle parental :
controls-pause-line-on = • <b>{ $name }</b> : ✅ Internet actif
controls-pause-line-until = • <b>{ $name }</b> : ⏸ en pause jusqu'à { $until }
controls-pause-line-off = • <b>{ $name }</b> : ⏸ sans Internet
controls-pause-button-for = ⏸ { $name } { $minutes ->
    [60] 1 h
   *[other] { $minutes } min
}
controls-pause-button-until = ⏸ Jusqu'à…
controls-pause-button-resume = ▶ Reprendre { $name }
controls-pause-until-question = ⏸ Jusqu'à quelle heure <b>{ $name }</b> reste-t-il sans Internet ? (ou envoyez <code>/pause { $name } 21:30</code>)
controls-pause-done = ⏸ Internet en pause pour <b>{ $name }</b> jusqu'à { $until } (par { $who }). Je préviendrai ici quand il reviendra.
controls-pause-resumed = ▶ Internet rétabli pour <b>{ $name }</b> (repris par { $who }).
controls-pause-ended = ▶ La pause Internet de <b>{ $name }</b> est terminée : ses appareils ont de nouveau Internet.
controls-pause-no-profiles = ⏸ La Freebox n'a encore aucun profil de contrôle parental : créez-en un dans Freebox OS (Contrôle parental › Profils), puis renvoyez /pause.
controls-pause-usage = ⏸ Utilisation : <code>/pause</code>, <code>/pause NOM</code> ou <code>/pause NOM 21:30</code>. Profils : { $profiles }.
controls-more = et { $count } autres

## /wifi on|off

controls-cmd-wifi = Allumer ou éteindre le Wi-Fi de la Freebox
typing-example-wifi = Ex. : <code>/wifi off</code>, puis <code>/wifi on</code>
controls-wifi-off-question = 📴 <b>Éteindre</b> le Wi-Fi de la Freebox ?
controls-wifi-off-online = En ligne maintenant (ceux en Wi-Fi seront coupés) : { $names }.
controls-wifi-off-nobody = Aucun appareil ne semble en ligne pour le moment.
controls-wifi-off-guests = Le Wi-Fi invité s'éteint aussi ; les appareils branchés par câble gardent Internet.
controls-wifi-button-off = 📴 Éteindre le Wi-Fi
controls-wifi-already-off = 📴 Le Wi-Fi de la Freebox est déjà éteint. <code>/wifi on</code> le rallume.
controls-wifi-off = 📴 Wi-Fi éteint (par { $who }). <code>/wifi on</code> le rallume.
controls-wifi-button-back-on = 📶 Rallumer dans 1 h
controls-wifi-off-until = 📴 Wi-Fi éteint (par { $who }). 📶 Il se rallume à { $at }.
controls-wifi-on = 📶 Wi-Fi allumé (par { $who }).
controls-wifi-back-on = 📶 Le Wi-Fi est rallumé, comme prévu à { $at }.

## /reboot

controls-cmd-reboot = Redémarrer la Freebox
typing-example-reboot = Ex. : <code>/redemarrer</code>, puis confirmer
controls-reboot-question = 🔄 <b>Redémarrer la Freebox ?</b>
controls-reboot-cuts = Pendant quelques minutes : ni Internet, ni Wi-Fi, ni téléphone (un appel en cours est coupé), ni télé.
controls-reboot-downloads = ⬇️ { $count ->
    [one] 1 téléchargement en cours : il reprendra
   *[other] { $count } téléchargements en cours : ils reprendront
} après le redémarrage.
controls-reboot-tv = 📺 Allumé en ce moment : { $players }.
controls-reboot-button = 🔄 Redémarrer
controls-reboot-done = 🔄 La Freebox redémarre (demandé par { $who }). Elle revient dans quelques minutes.

## /wake

controls-cmd-wake = Réveiller un ordinateur du réseau (Wake-on-LAN)
typing-example-wake = Ex. : <code>/reveiller</code>, puis choisir l'ordinateur
controls-wake-question = ⏰ <b>Réveiller quel appareil ?</b> (💤 en veille, ✅ en ligne)
controls-wake-none = ⏰ La Freebox ne connaît aucun appareil avec une adresse MAC sur son réseau.
controls-wake-unknown = ⏰ La Freebox ne connaît aucun appareil nommé « { $name } ». Envoyez <code>/reveiller</code> pour en choisir un.
controls-wake-sent = ⏰ Réveil (Wake-on-LAN) envoyé à <b>{ $name }</b> (par { $who }). Il se réveille si sa carte réseau le permet.

## /guest list : qui s'est connecté avec chaque accès

controls-guest-joined = 👥 Connectés : { $names }
