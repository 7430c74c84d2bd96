## Résumé quotidien : /digest

digest-cmd = Un résumé quotidien des téléchargements, appels manqués et nouveaux appareils

digest-usage =
    📰 <b>Résumé quotidien</b>
    <code>/digest 08:00</code> : chaque jour à 08:00 (heure locale), un message dans cette discussion avec les téléchargements terminés, les appels manqués et les nouveaux appareils depuis le résumé précédent.
    <code>/digest off</code> : plus de résumé ici.
    <code>/digest</code> : le réglage actuel.
digest-none = 📰 Pas de résumé quotidien dans cette discussion.
digest-current = 📰 Résumé quotidien dans cette discussion à { $time } (prochain le { $next }).
digest-set = ✅ Résumé quotidien dans cette discussion à { $time } (prochain le { $next }).
digest-off = ✅ Plus de résumé quotidien dans cette discussion.
digest-off-none = Il n'y avait pas de résumé quotidien dans cette discussion.

digest-text =
    📰 <b>Résumé quotidien</b> depuis le { $since }
    📥 Téléchargements ajoutés et terminés : { $downloads_count ->
        [unavailable] inconnu (il manque un droit au bot)
        [0] aucun
       *[other] { $downloads_count }
    }{ $downloads }
    📞 Appels manqués : { $calls_count ->
        [unavailable] inconnu (il manque un droit au bot)
        [0] aucun
       *[other] { $calls_count }
    }{ $calls }
    🆕 Nouveaux appareils : { $hosts_count ->
        [unavailable] inconnu (il manque un droit au bot)
        [0] aucun
       *[other] { $hosts_count }
    }{ $hosts }
digest-box-down = 📰 <b>Résumé quotidien</b> depuis le { $since }
    { $reason ->
        [not-paired] ⚠️ Le bot n'est plus associé à la Freebox (/pair) : rien à signaler.
       *[other] 📡 La Freebox n'a pas pu être jointe : rien à signaler.
    }
