## Notifications poussées par la Freebox

download-done = ✅ Téléchargement terminé : <b>{ $name }</b>
download-error = ❌ Échec du téléchargement : <b>{ $name }</b>
download-seeding-done = 🌱 Partage terminé : <b>{ $name }</b>
download-other = 📥 Téléchargement <b>{ $name }</b> : { $event }
download-fallback-name = tâche n°{ $id }

missed-call = 📞 Appel manqué de <b>{ $caller }</b> le { $when }
missed-call-named = 📞 Appel manqué de <b>{ $name }</b> ({ $number }) le { $when }
caller-hidden = numéro masqué

box-pub-up = 🌐 La connexion Internet de la Freebox est rétablie.
box-enter-sleep = 😴 La Freebox se met en veille.
box-shut-down = 🔌 La Freebox s'éteint.
box-reboot = 🔄 La Freebox redémarre.
box-other = 📦 État de la Freebox : { $event }

lan-first-connection = 🆕 Nouvel appareil sur le réseau : <b>{ $name }</b>
lan-first-connection-on = 🆕 Nouvel appareil sur le réseau : <b>{ $name }</b> (interface { $interface })
lan-other = 🖧 Réseau local, <b>{ $name }</b> : { $event }
lan-fallback-name = appareil inconnu

password-change = 🔑 Le mot de passe administrateur de la Freebox a été modifié depuis { $ip }.
password-change-unknown = 🔑 Le mot de passe administrateur de la Freebox a été modifié.

security = 🚨 <b>Alarme</b> : { $text }
security-default = 🚨 <b>Alarme</b> : l'alarme de la Freebox s'est déclenchée.

generic = 🔔 { $text }
generic-default = 🔔 Nouvelle notification de la Freebox.

## Commandes

start-welcome =
    👋 Bonjour { $name } ! Je suis le bot de votre Freebox.
    Je vous préviens ici des téléchargements terminés, des appels manqués, des nouveaux appareils, de l'état de la box et de l'alarme.
    Tapez /help pour voir ce que je sais faire.
help =
    <b>Ce que je sais faire</b>
    /start : faire connaissance et enregistrer cette discussion
    /help : afficher cette aide
    Les notifications de votre Freebox arrivent ici dès qu'elle les envoie.
error-generic = 😕 Désolé, quelque chose s'est mal passé. Réessayez dans un instant.
