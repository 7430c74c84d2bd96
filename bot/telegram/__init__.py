"""The Telegram side: building the PTB application, its handlers, and keeping it connected."""
