"""Freebox Bot: the Telegram side, delivery, storage and the composition root."""

__version__ = "0.1.0"
