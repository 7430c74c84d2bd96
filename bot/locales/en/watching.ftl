## What the bot sees by watching the Freebox (a box that cannot push its notifications)

watching-connection-down = 📉 The Freebox's Internet connection is down (seen at { $time }).
watching-alarm-armed = { $mode ->
    [night] 🌙 The night alarm is on.
   *[main] 🔒 The alarm is on.
}
watching-alarm-disarmed = 🔓 The alarm is off.
