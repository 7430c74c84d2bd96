## Daily digest: /digest

digest-cmd = A daily digest of downloads, missed calls and new devices

digest-usage =
    📰 <b>Daily digest</b>
    <code>/digest 08:00</code>: every day at 08:00 (local time), one message in this chat with the finished downloads, the missed calls and the new devices since the previous digest.
    <code>/digest off</code>: no more digest here.
    <code>/digest</code>: the current setting.
digest-none = 📰 No daily digest in this chat.
digest-current = 📰 Daily digest in this chat at { $time } (next: { $next }).
digest-set = ✅ Daily digest in this chat at { $time } (next: { $next }).
digest-off = ✅ No more daily digest in this chat.
digest-off-none = There was no daily digest in this chat.

digest-text =
    📰 <b>Daily digest</b> since { $since }
    📥 Downloads added and finished: { $downloads_count ->
        [unavailable] unknown (the bot lacks the permission)
        [0] none
       *[other] { $downloads_count }
    }{ $downloads }
    📞 Missed calls: { $calls_count ->
        [unavailable] unknown (the bot lacks the permission)
        [0] none
       *[other] { $calls_count }
    }{ $calls }
    🆕 New devices: { $hosts_count ->
        [unavailable] unknown (the bot lacks the permission)
        [0] none
       *[other] { $hosts_count }
    }{ $hosts }
digest-box-down = 📰 <b>Daily digest</b> since { $since }
    { $reason ->
        [not-paired] ⚠️ The bot is not paired with the Freebox any more (/pair): nothing to report.
       *[other] 📡 The Freebox could not be reached: nothing to report.
    }
