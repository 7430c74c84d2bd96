## Notifications poussées par la Freebox

download-done = ✅ Téléchargement terminé : <b>{ $name }</b>
download-seeding-done = 🌱 Partage terminé : <b>{ $name }</b>
download-other = 📥 Téléchargement <b>{ $name }</b> : { $event }

missed-call = 📞 Appel manqué de <b>{ $caller }</b> le { $when }
missed-call-named = 📞 Appel manqué de <b>{ $name }</b> ({ $number }) le { $when }
caller-hidden = numéro masqué

box-pub-up = 🌐 La connexion Internet de la Freebox est rétablie.
box-enter-sleep = 😴 La Freebox se met en veille.
box-shut-down = 🔌 La Freebox s'éteint.
box-reboot = 🔄 La Freebox redémarre.
box-other = 📦 État de la Freebox : { $event }

lan-other = 🖧 Réseau local, <b>{ $name }</b> : { $event }

password-change = 🔑 Le mot de passe administrateur de la Freebox a été modifié depuis { $ip }.
password-change-unknown = 🔑 Le mot de passe administrateur de la Freebox a été modifié.


generic = 🔔 { $text }
generic-default = 🔔 Nouvelle notification de la Freebox.

## Commandes

start-welcome =
    👋 Bonjour { $name } ! Je suis le bot de votre Freebox.
    Je vous préviens ici des téléchargements terminés, des appels manqués, des nouveaux appareils, de l'état de la box et de l'alarme.
    Tapez /help pour voir ce que je sais faire.
error-generic = 😕 Désolé, quelque chose s'est mal passé. Réessayez dans un instant.

## Accès

access-stranger = 🔒 Désolé, ce bot est privé. Demandez une invitation à la personne qui s'en occupe.
access-not-allowed = 🔒 Désolé, votre rôle ne permet pas de faire cela.
button-expired = ⌛ Ce bouton a expiré. Relancez la commande.

## Erreurs de la Freebox

box-missing-right = 🔐 La Freebox refuse : il manque le droit « { $right } ». Cochez-le dans Freebox OS, Paramètres de la Freebox › Gestion des accès › Applications, puis réessayez.
box-not-paired = 🔗 Le bot n'est pas encore associé à la Freebox. Le propriétaire peut lancer /pair.
box-unreachable = 📡 La Freebox ne répond pas pour le moment. Réessayez dans un instant.
box-not-found = 🤷 La Freebox ne trouve pas cet élément (il a peut-être déjà été supprimé).
box-refused = ⚠️ La Freebox a refusé : { $reason }

perm-downloader = Accès au gestionnaire de téléchargements
perm-settings = Modification des réglages de la Freebox
perm-home = Gestion de l'alarme et maison connectée
perm-calls = Accès aux appels Freebox
perm-player = Contrôle du Freebox Player
perm-contacts = Accès à la base de contacts de la Freebox
perm-explorer = Accès aux fichiers de la Freebox
perm-parental = Accès au contrôle parental
perm-camera = Accès aux caméras

## Association avec la Freebox

pair-requesting = 🔗 Demande d'association envoyée à la Freebox…
pair-pending = 👉 Allez devant la Freebox et <b>acceptez la demande sur l'écran de la box</b> (flèche droite puis OK). J'attends votre réponse…
pair-granted = ✅ Association réussie avec <b>{ $model }</b>.
pair-missing-intro = Pour tout utiliser, il manque encore ces droits :
pair-missing-where = Cochez-les dans Freebox OS : Paramètres de la Freebox › Gestion des accès › Applications › Freebox Bot.
pair-denied = ❌ La demande a été refusée sur la Freebox. Relancez /pair pour réessayer.
pair-timeout = ⌛ Personne n'a répondu sur la Freebox à temps. Relancez /pair pour réessayer.
pair-failed = 📡 Impossible de joindre la Freebox : { $reason }
pair-no-public-url = ⚠️ NOTIF_PUBLIC_URL n'est pas configurée : la Freebox ne sait pas où envoyer ses notifications.
pair-notifications-on = 🔔 Cette discussion recevra les notifications de la Freebox. Réglez-les avec /notifications.

## Notifications

notif-summary-on = 🔔 <b>Notifications de la Freebox dans cette discussion</b>
    Touchez un type pour l'activer ou le désactiver.
notif-summary-off = 🔕 Cette discussion ne reçoit pas les notifications de la Freebox.
notif-all-on = 🔔 Activer les notifications
notif-all-off = 🔕 Tout désactiver
notif-saved = Enregistré ✅
notif-kind-phone = Appels manqués
notif-kind-downloader = Téléchargements
notif-kind-security = Alarme
notif-kind-box_state = État de la box
notif-kind-lan_host = Nouveaux appareils
notif-kind-password_change = Mot de passe changé

## Menu des commandes

cmd-start = Faire connaissance
cmd-help = Ce que je sais faire
cmd-pair = Associer le bot à la Freebox
cmd-notifications = Choisir les notifications reçues ici

## Aide et invitations

help-title = <b>Ce que je sais faire</b> (vous êtes { $role }) :
help-push = Les notifications de la Freebox arrivent ici dès qu'elle les envoie.
role-owner = propriétaire
role-member = membre
role-guest = invité
invite-invalid = ⌛ Cette invitation n'est plus valable (déjà utilisée ou expirée). Demandez-en une nouvelle.
invite-welcome-member = 👋 Bienvenue { $name } ! Vous êtes maintenant membre de la maison. Tapez /help pour voir ce que je sais faire.
invite-welcome-guest = 👋 Bienvenue { $name } ! Tapez /guest pour recevoir le code du Wi-Fi invité.

## Personnes

cmd-invite = Inviter quelqu'un (membre, invité…)
cmd-users = Voir et retirer les personnes
invite-created = 🎟️ Invitation à usage unique pour un <b>{ $role }</b>, valable { $hours } h :
    { $link }
    Envoyez ce lien à la personne : il suffit qu'elle l'ouvre et appuie sur Démarrer.
users-title = <b>Personnes qui ont accès au bot</b>
users-none = Personne d'autre pour l'instant. Invitez quelqu'un avec /invite.
users-remove = Retirer { $name }
users-confirm-question = Retirer l'accès de <b>{ $name }</b> ?
users-confirm = ✅ Oui, retirer
users-cancel = Annuler
users-removed = 🚪 { $name } n'a plus accès au bot.
users-already-gone = { $name } n'avait déjà plus accès.
cancelled = Annulé.
