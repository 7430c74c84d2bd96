## Freebox Player: /play, /tv, /remote

player-cmd-play = Play a link on the Freebox Player
player-cmd-tv = Put a TV channel on the Freebox Player
player-cmd-remote = Freebox Player remote control

player-usage =
    📺 <b>Freebox Player</b>
    <code>/play link</code>: opens a video, a stream or a web page (http, https or rtsp link).
    Example: <code>/play https://example.com/movie.mkv</code>
    <code>/tv number</code>: puts a TV channel on, for example <code>/tv 2</code>.
    <code>/remote</code>: a small remote control (play, pause, volume).

player-none = 📺 I can't find any Freebox Player on the network. Is it plugged in and on?
player-which = 📺 On which Player?
player-choice = 📺 { $name }
player-choice-unreachable = 📺 { $name } (unreachable)
player-gone = 📺 This Player is no longer on the network. Run the command again.
player-unreachable = 📡 <b>{ $name }</b> does not answer: check that it is plugged in and connected. I sent it nothing.
player-standby = 💤 <b>{ $name }</b> is in standby: switch it on with its remote, then try again. I sent it nothing.
player-link-opened = ▶️ Opening { $url } on <b>{ $name }</b>.
player-channel-opened = 📺 Channel { $channel } on <b>{ $name }</b>.

player-remote = 🎮 Remote control of <b>{ $name }</b>
player-key-prev = ⏮ Previous
player-key-play_pause = ⏯ Play/Pause
player-key-next = ⏭ Next
player-key-quieter = 🔉 Quieter
player-key-mute = 🔇 Mute
player-key-louder = 🔊 Louder
player-sent-prev = ⏮ Previous
player-sent-play_pause = ⏯ Play/pause
player-sent-next = ⏭ Next
player-volume-now = 🔊 Volume: { $volume }
player-muted = 🔇 Sound off
player-unmuted = 🔈 Sound back on
