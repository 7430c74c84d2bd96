# After the bot creates a notification target, it waits for the box's /register call.
push-path-waiting = ⏳ La Freebox a été invitée à envoyer ses notifications à <code>{ $url }</code>. J'attends qu'elle m'appelle…
push-path-live = 🔔 Les notifications sont actives : la Freebox m'a appelé. Cette discussion recevra les notifications de la Freebox. Réglez-les avec /notifications.
push-path-silent = ⚠️ La Freebox ne m'a pas appelé dans les 15 secondes : les notifications n'arriveront pas.
    Elle a été invitée à appeler <code>{ $url }</code> (NOTIF_PUBLIC_URL). Causes habituelles :
    • NOTIF_PUBLIC_URL pointe sur cette machine vue d'elle-même (127.0.0.1, localhost) ou sur un nom interne au conteneur : mettez l'adresse que la Freebox peut joindre (l'IP du serveur sur le réseau local, ou un nom public) ;
    • le port n'est pas publié (Docker : <code>ports:</code>) ou pas redirigé vers le bot ;
    • un pare-feu bloque la Freebox.
    Corrigez, redémarrez le bot, puis réactivez avec /notifications.
push-path-watched = 👀 La version d'API de cette Freebox ne lui permet pas d'envoyer ses notifications au bot (il faut l'API 11). Le bot la consulte donc toutes les 30 secondes : appels manqués, téléchargements, nouveaux appareils, connexion et alarme arrivent quand même ici.
push-path-watched-short = 👀 Enregistré. Cette Freebox ne peut pas envoyer ses notifications au bot (API inférieure à 11) : elle est consultée toutes les 30 secondes.
