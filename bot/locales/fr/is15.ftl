## Rattrapé au démarrage : ce que l'alarme et la connexion montrent et ne montraient pas à l'arrêt

catch-up-alarm-going-off = 🚨 <b>L'alarme s'est déclenchée</b> et est toujours en alerte.
catch-up-connection-down = 📉 La connexion Internet de la Freebox a été coupée et l'est toujours.
catch-up-connection-back = 🌐 La connexion Internet de la Freebox, coupée à l'arrêt du bot, est rétablie.
