# /doctor et `freebox-bot doctor` : une ligne par constat, avec le remède quand il y en a un.
doctor-cmd = Vérifier la box, les notifications, Telegram et la base
doctor-title = 🩺 Bilan de Freebox Bot
doctor-healthy = Tout fonctionne.
doctor-unhealthy = Quelque chose est à corriger : voir les lignes ❌.

doctor-not-paired = Le bot n'est pas appairé avec la Freebox : lancez /pair (ou `freebox-bot pair`) depuis le réseau de la maison.
doctor-box-unreachable = La Freebox ne répond pas à { $url } : vérifiez qu'elle est allumée et joignable depuis le bot (FREEBOX_URL).
doctor-box-refused = La Freebox a refusé la vérification ({ $reason }).
doctor-box-timeout = La Freebox n'a pas répondu en { $seconds } s : vérifiez qu'elle est allumée et joignable depuis le bot (FREEBOX_URL).
doctor-box-model = { $model }, API version { $version }.
doctor-box-complete = L'API { $version } a tout ce que le bot utilise.
doctor-push-unavailable = Notifications poussées indisponibles sur cette version (API { $version }, il faut 11.0) : la Freebox ne peut pas envoyer ses notifications au bot.
doctor-link-plain-loopback = http simple vers { $url } : un simulateur sur cette machine, rien ne traverse le réseau.
doctor-link-tls = Lien { $where ->
    [local] local
   *[remote] distant
} vers { $url }, TLS vérifié avec les racines Freebox fournies (certificat signé par { $issuer }).
doctor-session-ok = Connecté à la Freebox.
doctor-session-revoked = La Freebox a révoqué l'accès du bot (ou son mot de passe admin a été réinitialisé) : relancez /pair et validez sur l'écran de la box.
doctor-session-ratelimited = La Freebox refuse pour l'instant les connexions venant de l'adresse du bot (trop d'erreurs d'authentification) : attendez quelques minutes, et vérifiez que rien d'autre ne se connecte avec un ancien jeton.
doctor-session-refused = La Freebox refuse la connexion du bot : relancez /pair.
doctor-permissions-ok = Droits accordés : { $permissions }.
doctor-permissions-missing = Droits manquants : { $permissions }. Cochez-les dans Freebox OS > Paramètres de la Freebox > Gestion des accès > Applications.
doctor-targets-none = Aucune conversation ne reçoit encore les notifications : envoyez /notifications dans celle qui doit les recevoir.
doctor-target-ok = { $chat } : cible présente sur la Freebox, dernier /register { $registered }, dernière notification { $pushed }.
doctor-target-ok-no-push = { $chat } : cible présente sur la Freebox, dernier /register { $registered }, aucune notification depuis.
doctor-target-elsewhere = { $chat } : sa cible sur la Freebox pointe vers une autre adresse : /notifications pour la recréer.
doctor-target-unregistered = { $chat } : la Freebox n'a jamais appelé /register : peut-elle joindre { $url } ? (NOTIF_PUBLIC_URL en loopback ou nom de conteneur, port non publié, pare-feu.)
doctor-target-missing = { $chat } : aucune cible sur la Freebox : /notifications pour la recréer.
doctor-public-url-missing = NOTIF_PUBLIC_URL n'est pas défini : la Freebox ne sait pas où envoyer. Indiquez l'adresse que la box peut joindre.
doctor-public-url-unreachable = NOTIF_PUBLIC_URL { $url } semble injoignable pour la Freebox : { $reason }.
doctor-public-url-ok = NOTIF_PUBLIC_URL : { $url }.
doctor-presence-ok = Le websocket d'événements de la Freebox est connecté (présence).
doctor-presence-down = Le websocket d'événements de la Freebox n'est pas connecté : la présence l'attend (le bot se reconnecte seul ; vérifiez que la box répond).
doctor-telegram-ok = Telegram répond (@{ $name }).
doctor-telegram-fail = Telegram ne répond pas à getMe ({ $reason }) : vérifiez TELEGRAM_BOT_TOKEN et l'accès Internet du bot.
doctor-telegram-timeout = Telegram n'a pas répondu en { $seconds } s : vérifiez l'accès Internet du bot (TELEGRAM_API_URL).
doctor-outbox-empty = Aucune notification en attente de livraison.
doctor-outbox-pending = { $count } notification(s) en attente, la plus ancienne depuis { $since }.
doctor-outbox-late = { $count } notification(s) en attente, la plus ancienne depuis { $since } : Telegram ne les prend pas ; voir la ligne Telegram.
doctor-database-ok = Base de données joignable, migrations à jour ({ $revision }).
doctor-database-fail = La base de données ne répond pas ({ $reason }) : vérifiez DATABASE_URL (ou DATA_DIR).
doctor-database-behind = La base de données n'est pas à la dernière migration : démarrez le bot (`freebox-bot run`) pour la migrer.
doctor-database-timeout = La base de données n'a pas répondu en { $seconds } s : vérifiez DATABASE_URL.
doctor-check-timeout = Une vérification n'a pas abouti en { $seconds } s.
doctor-check-crashed = La vérification { $check } a échoué (voir le journal).
doctor-targets-unreadable = Les cibles des conversations n'ont pas pu être lues dans la base : voir la ligne de la base de données.
doctor-outbox-unreadable = La file des notifications n'a pas pu être lue dans la base : voir la ligne de la base de données.
