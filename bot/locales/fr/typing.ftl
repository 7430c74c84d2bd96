## Ce que les gens tapent : /alarm on|off, liens collés, commandes inconnues

alarm-typed-disarm = 🔓 Désarmement…
alarm-words = Ou directement : <code>/alarm on</code> (armer), <code>/alarm nuit</code> (alarme de nuit), <code>/alarm off</code> (désarmer, avec le code PIN).

## Commandes inconnues, texte libre

typing-unknown-command = 🤔 Je ne connais pas { $command }. Tapez /aide pour voir ce que je sais faire.
typing-did-you-mean = Vouliez-vous dire { $command } ?

## Liens collés sans /add

typing-paste-question = { $count ->
    [one] 📥 Ajouter ce téléchargement ?
   *[other] 📥 Ajouter ces { $count } téléchargements ?
}
typing-paste-add = 📥 Ajouter
typing-paste-keep = ✖️ Non merci
typing-paste-kept = ✖️ Rien n'a été ajouté.

## Texte libre en privé

typing-pointer = 💬 Je comprends les commandes, pas les phrases : tapez /aide pour la liste. Un lien collé tel quel (ou un magnet), je propose de le télécharger.
typing-pointer-guest = 💬 Je comprends les commandes, pas les phrases : tapez /aide pour la liste.

## /aide : ce que fait la commande pour un invité, un exemple par commande

typing-guest-cmd-for-guests = Wi-Fi invité avec un QR code
typing-example-help = Ex. : <code>/aide</code>
typing-example-pair = Ex. : <code>/pair</code>, puis acceptez sur l'écran de la Freebox
typing-example-notifications = Ex. : <code>/notifications</code>
typing-example-add = Ex. : <code>/ajouter https://exemple.org/film.mkv</code> (ou collez le lien seul)
typing-example-downloads = Ex. : <code>/telechargements</code>
typing-example-guest = Ex. : <code>/guest</code>, puis choisissez la durée
typing-example-calls = Ex. : <code>/appels</code>
typing-example-status = Ex. : <code>/etat</code>
typing-example-play = Ex. : <code>/play https://exemple.org/video.mp4</code>
typing-example-tv = Ex. : <code>/tv France 2</code> ou <code>/tv 2</code>
typing-example-remote = Ex. : <code>/telecommande</code>
typing-example-alarm = Ex. : <code>/alarm on</code>, <code>/alarm off</code>
typing-example-digest = Ex. : <code>/digest 08:00</code>
typing-example-watch = Ex. : <code>/watch</code>
typing-example-invite = Ex. : <code>/invite invité 48</code>
typing-example-users = Ex. : <code>/users</code>
typing-example-language = Ex. : <code>/langue en</code>
typing-example-doctor = Ex. : <code>/doctor</code>, quand les notifications n'arrivent pas

## Boutons

typing-button-for = 🚫 Ce bouton est pour { $name }.

## /language

typing-cmd-language = Choisir la langue de cette conversation (fr, en)
typing-language-now = 🗣 Cette conversation est en { $current ->
    [en] anglais
   *[fr] français
}.
typing-language-usage = Pour changer : /language fr ou /language en.
typing-language-set = 🇫🇷 C'est noté : dans cette conversation, les réponses, les notifications et les avis du bot seront en français.

## Le code PIN de l'alarme, jamais dans un groupe

typing-pin-asked-in-private = 🔐 { $name }, je vous demande le code PIN en privé : il ne s'écrit jamais dans un groupe.
typing-pin-open-private = 🔐 { $name }, le code PIN ne s'écrit jamais dans un groupe et je ne peux pas vous écrire en privé : ouvrez une conversation avec moi (touchez mon nom, puis Démarrer), puis appuyez à nouveau sur « Désarmer ».
typing-pin-done-private = ✅ Code PIN reçu et effacé ; le résultat est affiché dans le groupe.

## Avis aux propriétaires

typing-owner-invite-used = 🎟 { $name } a utilisé une invitation : { $role ->
    [guest] invité
   *[member] membre
}.
typing-owner-pin-locked = 🚨 { $name } a saisi trois codes PIN erronés : le désarmement est bloqué pour cette personne pendant { $minutes } min.

## /users : rôles et invitations en attente

typing-users-make-member = ⬆️ { $name } membre
typing-users-make-guest = ⬇️ { $name } invité
typing-users-role-question = Faire de <b>{ $name }</b> un { $role } ?
typing-users-role-changed = ✅ { $name } est maintenant { $role }.
typing-users-confirm = ✅ Oui
typing-users-invites-title = <b>Invitations pas encore utilisées</b>
typing-users-invite = 🎟 n° { $number } : { $role }, valable encore { $hours } h
typing-users-revoke = ✖️ Annuler l'invitation n° { $number }
typing-users-revoke-question = Annuler l'invitation n° { $number } ? Son lien ne fera plus entrer personne.
typing-users-revoked = 🎟 L'invitation n° { $number } est annulée : son lien ne marche plus.
typing-users-revoke-too-late = L'invitation n° { $number } a déjà servi ou expiré.

## /tv par nom de chaîne

typing-tv-no-number = 📺 La Freebox n'a pas de chaîne { $number }. Tapez /tv suivi du nom (par exemple <code>/tv France 2</code>) pour la trouver.
typing-tv-no-name = 📺 Je ne trouve pas de chaîne « { $name } » dans le bouquet de la Freebox.
typing-tv-which = 📺 Plusieurs chaînes s'appellent « { $name } » : { $choices }.
typing-tv-no-list = 📺 La Freebox ne me donne pas la liste de ses chaînes : tapez le numéro, par exemple <code>/tv 2</code>.

## Le bot ajouté à un groupe

typing-group-welcome = 👋 Bonjour ! Ici je parle français : /language en pour passer à l'anglais. Tapez /aide pour voir ce que je sais faire ; le code PIN de l'alarme se demande toujours en privé.
