## Téléchargements : /add, /downloads, fichiers .torrent et .nzb

downloads-cmd-add = Ajouter un téléchargement (lien, magnet)
downloads-cmd-downloads = Voir et piloter les téléchargements
downloads-cmd-document = Envoyer un fichier .torrent ou .nzb à télécharger

downloads-add-usage =
    📥 <b>Ajouter un téléchargement</b>
    <code>/add lien</code> : un lien http(s), ftp ou magnet. Plusieurs liens : un par ligne.
    Pour choisir le dossier, ajoutez une dernière ligne <code>dir: /Disque dur/Films</code>.
    Exemple :
    <code>/add https://exemple.fr/film.mkv
    magnet:?xt=urn:btih:…
    dir: /Disque dur/Films</code>
    Vous pouvez aussi m'envoyer un fichier .torrent ou .nzb (avec la légende <code>dir: …</code> pour choisir le dossier).
downloads-add-bad-item = ⚠️ Je ne sais pas quoi faire de « { $item } » : j'attends des liens http(s), ftp ou magnet, et au plus une ligne <code>dir:</code> avec un dossier commençant par /.

downloads-added = { $count ->
    [one] 📥 Téléchargement ajouté :
   *[other] 📥 { $count } téléchargements ajoutés :
}
downloads-folder = 📁 Dossier : { $folder }
downloads-button-follow = 👀 Suivre
downloads-followed = 👀 Je mets ce message à jour jusqu'à la fin.
downloads-already-followed = 👀 Ce téléchargement est déjà suivi ici.

downloads-file-refused = 📎 Je ne sais ajouter que des fichiers .torrent ou .nzb. Pour un lien, utilisez /add.
downloads-file-too-big = 📎 Ce fichier est trop gros pour un .torrent ou un .nzb (20 Mo au plus).
downloads-file-unreadable = 📎 Je n'ai pas pu récupérer ce fichier auprès de Telegram. Réessayez dans un instant.

downloads-title = 📥 <b>Téléchargements en cours</b> ({ $count })
downloads-none = 😌 Aucun téléchargement en cours. Ajoutez-en un avec /add ou en m'envoyant un fichier .torrent.
downloads-more = … et { $count ->
    [one] un autre
   *[other] { $count } autres
}, visibles dans Freebox OS.
downloads-button-switch = { $status ->
    [downloading] ▶️ Reprendre
    [retry] 🔁 Réessayer
   *[other] ⏸ Pause
}
downloads-switched = { $status ->
    [downloading] ▶️ Reprise
    [retry] 🔁 Nouvel essai
   *[other] ⏸ En pause
}
downloads-button-remove = 🗑 Supprimer

downloads-percent = { $pct } %
downloads-speed = { $speed }/s
downloads-eta = reste { $duration }
downloads-failed-line = en échec : { $error }
downloads-status = { $status ->
    [downloading] en cours
    [stopped] en pause
    [queued] en file d'attente
    [starting] démarrage
    [stopping] arrêt en cours
    [checking] vérification
    [repairing] réparation
    [extracting] extraction
    [retry] nouvel essai
    [seeding] terminé, en partage
    [done] terminé
    [error] en erreur
   *[other] { $status }
}
downloads-size = { NUMBER($value, maximumFractionDigits: 1) } { $unit }
downloads-unit-b = o
downloads-unit-kb = Ko
downloads-unit-mb = Mo
downloads-unit-gb = Go
downloads-unit-tb = To
downloads-duration-seconds = { $s } s
downloads-duration-minutes = { $m } min
downloads-duration-hours = { $h } h { $m }
downloads-duration-days = { $d } j { $h } h

downloads-follow-done = ✅ Téléchargement terminé : <b>{ $name }</b>
downloads-follow-error = ❌ Échec du téléchargement : <b>{ $name }</b>, { $error }.
downloads-follow-gone = 🗑 Ce téléchargement n'est plus sur la Freebox.

downloads-remove-question = 🗑 Supprimer <b>{ $name }</b> ?
downloads-remove-keep = 🗑 Retirer de la liste, garder les fichiers
downloads-remove-erase = 🔥 Effacer aussi les fichiers
downloads-erase-question = ⚠️ Effacer <b>{ $name }</b> et tous ses fichiers ? C'est définitif.
downloads-erase-confirm = 🔥 Oui, tout effacer
downloads-cancel = Annuler
downloads-cancelled = Annulé : rien n'a été supprimé.
downloads-removed = 🗑 <b>{ $name }</b> est retiré de la liste ; ses fichiers sont gardés.
downloads-erased = 🔥 <b>{ $name }</b> et ses fichiers sont effacés.
