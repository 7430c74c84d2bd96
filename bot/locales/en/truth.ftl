## Messages that stay true: a revoked key's photo, missed events

truth-guest-photo-revoked = 🚫 <b>Guest Wi-Fi access revoked</b>: this QR code and password no longer work.
truth-missed-while-stopped = ⏸ <b>While the bot was stopped:</b>
