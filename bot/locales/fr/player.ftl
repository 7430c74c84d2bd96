## Freebox Player : /play, /tv, /remote

player-cmd-play = Lire un lien sur le Freebox Player
player-cmd-tv = Mettre une chaîne de télé sur le Freebox Player
player-cmd-remote = Télécommande du Freebox Player

player-usage =
    📺 <b>Freebox Player</b>
    <code>/play lien</code> : ouvre une vidéo, un flux ou une page web (lien http, https ou rtsp).
    Exemple : <code>/play https://exemple.fr/film.mkv</code>
    <code>/tv numéro</code> : met une chaîne de télé, par exemple <code>/tv 2</code>.
    <code>/remote</code> : une petite télécommande (lecture, pause, volume).

player-none = 📺 Je ne trouve aucun Freebox Player sur le réseau. Est-il branché et allumé ?
player-which = 📺 Sur quel Player ?
player-choice = 📺 { $name }
player-choice-unreachable = 📺 { $name } (injoignable)
player-gone = 📺 Ce Player n'est plus sur le réseau. Relancez la commande.
player-unreachable = 📡 <b>{ $name }</b> ne répond pas : vérifiez qu'il est branché et relié au réseau. Je ne lui ai rien envoyé.
player-standby = 💤 <b>{ $name }</b> est en veille : allumez-le avec sa télécommande, puis réessayez. Je ne lui ai rien envoyé.
player-link-opened = ▶️ J'ouvre { $url } sur <b>{ $name }</b>.
player-channel-opened = 📺 Chaîne { $channel } sur <b>{ $name }</b>.

player-remote = 🎮 Télécommande de <b>{ $name }</b>
player-key-prev = ⏮ Précédent
player-key-play_pause = ⏯ Lecture/Pause
player-key-next = ⏭ Suivant
player-key-quieter = 🔉 Moins fort
player-key-mute = 🔇 Muet
player-key-louder = 🔊 Plus fort
player-sent-prev = ⏮ Précédent
player-sent-play_pause = ⏯ Lecture/pause
player-sent-next = ⏭ Suivant
player-volume-now = 🔊 Volume : { $volume }
player-muted = 🔇 Son coupé
player-unmuted = 🔈 Son rétabli
