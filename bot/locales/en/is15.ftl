## Caught up at start: what the alarm and the connection show that they did not at the stop

catch-up-alarm-going-off = 🚨 <b>The alarm went off</b> and is still on alert.
catch-up-connection-down = 📉 The Freebox's Internet connection went down and is still down.
catch-up-connection-back = 🌐 The Freebox's Internet connection, down when the bot stopped, is back up.
