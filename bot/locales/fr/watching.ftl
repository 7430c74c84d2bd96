## Ce que le bot voit en surveillant la Freebox (box qui ne peut pas pousser ses notifications)

watching-connection-down = 📉 La connexion Internet de la Freebox est coupée (constaté à { $time }).
watching-alarm-armed = { $mode ->
    [night] 🌙 L'alarme de nuit est activée.
   *[main] 🔒 L'alarme est activée.
}
watching-alarm-disarmed = 🔓 L'alarme est désactivée.
