# /doctor and `freebox-bot doctor`: one line per finding, the fix named where there is one.
doctor-cmd = Check the box, the push path, Telegram and the database
doctor-title = 🩺 Freebox Bot check-up
doctor-healthy = Everything works.
doctor-unhealthy = Something needs fixing: see the ❌ lines.

doctor-not-paired = The bot is not paired with the Freebox: run /pair (or `freebox-bot pair`) on the home network.
doctor-box-unreachable = The Freebox does not answer at { $url }: check it is on and reachable from the bot (FREEBOX_URL).
doctor-box-refused = The Freebox refused the check ({ $reason }).
doctor-box-timeout = The Freebox did not answer within { $seconds } s: check it is on and reachable from the bot (FREEBOX_URL).
doctor-box-model = { $model }, API version { $version }.
doctor-box-complete = API { $version } has everything the bot uses.
doctor-push-unavailable = Push unavailable on this version (API { $version }, push needs 11.0): the Freebox cannot send its notifications to the bot.
doctor-link-plain-loopback = Plain http to { $url }: a simulator on this machine, nothing crosses the network.
doctor-link-tls = { $where ->
    [local] Local
   *[remote] Remote
} link to { $url }, TLS verified against the bundled Freebox roots (certificate signed by { $issuer }).
doctor-session-ok = Logged in to the Freebox.
doctor-session-revoked = The Freebox revoked the bot's access (or its admin password was reset): run /pair again and approve on the box's screen.
doctor-session-ratelimited = The Freebox refuses logins from the bot's address for now (too many authentication errors): wait a few minutes, and check nothing else logs in with an old token.
doctor-session-refused = The Freebox refuses the bot's login: run /pair again.
doctor-permissions-ok = Permissions granted: { $permissions }.
doctor-permissions-missing = Permissions missing: { $permissions }. Tick them in Freebox OS > Paramètres de la Freebox > Gestion des accès > Applications.
doctor-targets-none = No chat receives notifications yet: send /notifications in the chat that should.
doctor-target-ok = { $chat }: target on the Freebox, last /register { $registered }, last push { $pushed }.
doctor-target-ok-no-push = { $chat }: target on the Freebox, last /register { $registered }, no push since.
doctor-target-elsewhere = { $chat }: its target on the Freebox points at another URL: /notifications to recreate it.
doctor-target-unregistered = { $chat }: the Freebox never called /register: can it reach { $url }? (NOTIF_PUBLIC_URL on loopback or a container name, a port not published, a firewall.)
doctor-target-missing = { $chat }: no target on the Freebox: /notifications to recreate it.
doctor-public-url-missing = NOTIF_PUBLIC_URL is not set: the Freebox has nowhere to push. Set it to the address the box can reach.
doctor-public-url-unreachable = NOTIF_PUBLIC_URL { $url } looks unreachable for the Freebox: { $reason }.
doctor-public-url-ok = NOTIF_PUBLIC_URL: { $url }.
doctor-presence-ok = The Freebox's event websocket is connected (presence).
doctor-presence-down = The Freebox's event websocket is not connected: presence waits for it (the bot reconnects by itself; check the box answers).
doctor-telegram-ok = Telegram answers (@{ $name }).
doctor-telegram-fail = Telegram does not answer getMe ({ $reason }): check TELEGRAM_BOT_TOKEN and the bot's internet access.
doctor-telegram-timeout = Telegram did not answer within { $seconds } s: check the bot's internet access (TELEGRAM_API_URL).
doctor-outbox-empty = No notification waiting to be delivered.
doctor-outbox-pending = { $count } notification(s) waiting, the oldest since { $since }.
doctor-outbox-late = { $count } notification(s) waiting, the oldest since { $since }: Telegram is not taking them; see the Telegram line.
doctor-database-ok = Database reachable, migrations at head ({ $revision }).
doctor-database-fail = The database does not answer ({ $reason }): check DATABASE_URL (or DATA_DIR).
doctor-database-behind = The database is not at the latest migration: start the bot (`freebox-bot run`) to migrate it.
doctor-database-timeout = The database did not answer within { $seconds } s: check DATABASE_URL.
doctor-check-timeout = A check did not end within { $seconds } s.
doctor-check-crashed = The check { $check } failed (see the log).
doctor-targets-unreadable = The chats' targets could not be read from the database: see the database line.
doctor-outbox-unreadable = The outbox could not be read from the database: see the database line.
