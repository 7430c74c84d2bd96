## What people type: /alarm on|off, pasted links, unknown commands

alarm-typed-disarm = 🔓 Disarming…
alarm-words = Or straight away: <code>/alarm on</code> (arm), <code>/alarm night</code> (night alarm), <code>/alarm off</code> (disarm, with the PIN).
