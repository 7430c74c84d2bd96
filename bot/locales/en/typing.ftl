## What people type: /alarm on|off, pasted links, unknown commands

alarm-typed-disarm = 🔓 Disarming…
alarm-words = Or straight away: <code>/alarm on</code> (arm), <code>/alarm night</code> (night alarm), <code>/alarm off</code> (disarm, with the PIN).

## Unknown commands, plain text

typing-unknown-command = 🤔 I don't know { $command }. Send /help to see what I can do.
typing-did-you-mean = Did you mean { $command }?

## Links pasted without /add

typing-paste-question = { $count ->
    [one] 📥 Add this download?
   *[other] 📥 Add these { $count } downloads?
}
typing-paste-add = 📥 Add
typing-paste-keep = ✖️ No thanks
typing-paste-kept = Link left alone: nothing was added.

## Plain text in a private chat

typing-pointer = 💬 I understand commands, not sentences: send /help for the list. Paste a link (or a magnet) on its own and I offer to download it.
typing-pointer-guest = 💬 I understand commands, not sentences: send /help for the list.
