## Pourquoi un téléchargement a échoué (codes d'erreur des tâches de la box)

download-reason-internal = une erreur interne de la Freebox
download-reason-disk_full = le disque est plein
download-reason-unknown = une erreur inconnue
download-reason-parse_error = le fichier ou le lien est illisible
download-reason-http = le serveur a répondu par l'erreur HTTP { $status }
download-reason-http_redirections_exceeded = le lien redirige trop de fois
download-reason-nzb_no_group = le groupe de discussion n'est pas sur le serveur
download-reason-nzb_not_found = un article n'est pas sur le serveur
download-reason-nzb_invalid_crc = un article est abîmé (somme de contrôle fausse)
download-reason-nzb_invalid_size = un article n'a pas la bonne taille
download-reason-nzb_invalid_filename = un nom de fichier n'est pas valable
download-reason-nzb_open_failed = un fichier n'a pas pu être ouvert
download-reason-nzb_write_failed = un fichier n'a pas pu être écrit
download-reason-nzb_missing_size = un article n'a pas de taille
download-reason-nzb_decode_error = un article n'a pas pu être décodé
download-reason-nzb_missing_segments = des morceaux d'un article manquent
download-reason-nzb_error = une erreur de groupe de discussion
download-reason-unknown_host = le nom du serveur est inconnu
download-reason-timeout = le serveur a mis trop de temps à répondre
download-reason-bad_authentication = l'identifiant ou le mot de passe a été refusé
download-reason-connection_refused = le serveur a refusé la connexion
download-reason-nzb_authentication_required = le serveur de news demande un identifiant
download-reason-bt_tracker_error = le tracker du torrent est injoignable
download-reason-bt_missing_files = les fichiers du torrent manquent
download-reason-bt_file_error = les fichiers du torrent n'ont pas pu être lus ou écrits
download-reason-missing_ctx_file = le fichier de suivi du téléchargement a disparu (vérifiez le disque)
download-reason-other = erreur « { $code } »

## Envoyé par la Freebox

download-error-why = ❌ Échec du téléchargement : <b>{ $name }</b>, { $reason }.
download-fallback = un téléchargement
lan-first-connection-details = 🆕 Nouvel appareil sur le réseau : <b>{ $name }</b>{ $details }
lan-fallback-device = un appareil ({ $mac })
lan-detail-ip = IP { $ip }
lan-detail-vendor = fabriqué par { $vendor }
alarm-triggered = 🚨 <b>L'alarme s'est déclenchée</b> à { $time }.
alarm-triggered-by = 🚨 <b>L'alarme s'est déclenchée</b> à { $time } : { $sensor }.
alarm-event = 🚨 <b>Alarme</b> à { $time } : { $event }

## Téléchargements

downloads-button-follow-named = 👀 Suivre : { $name }
