"""From an acknowledged notification to a Telegram message: render, enrich, send, retry."""
