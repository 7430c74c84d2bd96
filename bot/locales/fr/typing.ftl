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
typing-paste-kept = Lien laissé tel quel : rien n'a été ajouté.

## Texte libre en privé

typing-pointer = 💬 Je comprends les commandes, pas les phrases : tapez /aide pour la liste. Un lien collé tel quel (ou un magnet), je propose de le télécharger.
typing-pointer-guest = 💬 Je comprends les commandes, pas les phrases : tapez /aide pour la liste.
