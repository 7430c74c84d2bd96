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
typing-paste-kept = ✖️ Nothing was added.

## Plain text in a private chat

typing-pointer = 💬 I understand commands, not sentences: send /help for the list. Paste a link (or a magnet) on its own and I offer to download it.
typing-pointer-guest = 💬 I understand commands, not sentences: send /help for the list.

## /help: what a command does for a guest, one example per command

typing-guest-cmd-for-guests = Guest Wi-Fi with a QR code
typing-example-help = e.g. <code>/help</code>
typing-example-pair = e.g. <code>/pair</code>, then accept on the Freebox's screen
typing-example-notifications = e.g. <code>/notifications</code>
typing-example-add = e.g. <code>/add https://example.org/film.mkv</code> (or paste the link alone)
typing-example-downloads = e.g. <code>/downloads</code>
typing-example-guest = e.g. <code>/guest</code>, then pick how long
typing-example-calls = e.g. <code>/calls</code>
typing-example-status = e.g. <code>/status</code>
typing-example-play = e.g. <code>/play https://example.org/video.mp4</code>
typing-example-tv = e.g. <code>/tv France 2</code> or <code>/tv 2</code>
typing-example-remote = e.g. <code>/remote</code>
typing-example-alarm = e.g. <code>/alarm on</code>, <code>/alarm off</code>
typing-example-digest = e.g. <code>/digest 08:00</code>
typing-example-watch = e.g. <code>/watch</code>
typing-example-invite = e.g. <code>/invite guest 48</code>
typing-example-users = e.g. <code>/users</code>
typing-example-language = e.g. <code>/language fr</code>
typing-example-doctor = e.g. <code>/doctor</code>, when notifications do not arrive

## Buttons

typing-button-for = 🚫 This button is for { $name }.

## /language

typing-cmd-language = Choose this chat's language (fr, en)
typing-language-now = 🗣 This chat speaks { $current ->
    [en] English
   *[fr] French
}.
typing-language-usage = To change it: /language fr or /language en.
typing-language-set = 🇬🇧 Done: in this chat the bot's replies, notifications and notices will be in English.

## The alarm PIN, never in a group

typing-pin-asked-in-private = 🔐 { $name }, I am asking you for the PIN in private: it is never typed in a group.
typing-pin-open-private = 🔐 { $name }, the PIN is never typed in a group and I cannot write to you in private: open a chat with me (tap my name, then Start), then press “Disarm” again.
typing-pin-done-private = ✅ PIN received and deleted; the outcome is shown in the group.

## Notices to the owners

typing-owner-invite-used = 🎟 { $name } used an invitation: { $role ->
    [guest] guest
   *[member] member
}.
typing-owner-pin-locked = 🚨 { $name } typed three wrong PINs: disarming is locked for them for { $minutes } min.

## /users: roles and pending invitations

typing-users-make-member = ⬆️ { $name } member
typing-users-make-guest = ⬇️ { $name } guest
typing-users-role-question = Make <b>{ $name }</b> { $role }?
typing-users-role-changed = ✅ { $name } is now { $role }.
typing-users-confirm = ✅ Yes
typing-users-invites-title = <b>Invitations not used yet</b>
typing-users-invite = 🎟 #{ $number }: { $role }, valid for { $hours } more h
typing-users-revoke = ✖️ Revoke invitation #{ $number }
typing-users-revoke-question = Revoke invitation #{ $number }? Its link will let nobody in.
typing-users-revoked = 🎟 Invitation #{ $number } is revoked: its link no longer works.
typing-users-revoke-too-late = Invitation #{ $number } was already used or has expired.

## /tv by channel name

typing-tv-no-number = 📺 The Freebox has no channel { $number }. Send /tv with the name (for example <code>/tv France 2</code>) to find it.
typing-tv-no-name = 📺 I cannot find a channel called “{ $name }” in the Freebox's bouquet.
typing-tv-which = 📺 Several channels are called “{ $name }”: { $choices }.
typing-tv-no-list = 📺 The Freebox does not give me its channel list: send the number, for example <code>/tv 2</code>.

## The bot added to a group

typing-group-welcome = 👋 Hello! Here I speak English: /language fr to switch to French. Send /help to see what I can do; the alarm PIN is always asked in private.
