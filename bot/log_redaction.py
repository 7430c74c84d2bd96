"""Keeps the bot's secrets out of the log, at every level and whoever writes the line.

Libraries we do not control write secrets at DEBUG: python-telegram-bot logs the Bot API
URL (`…/bot<token>`) and dumps every update it receives, the alarm PIN someone typed
included; aiohttp's server logs request paths (`/<secret>/send`) with its errors. So each
handler of the root logger gets a `SecretRedactor`, which rewrites a record's final text
(message, arguments, traceback) before it is written. Handler filters run only for records
that are emitted: nothing is formatted for a level that is off.

Secrets appear while the bot runs (an endpoint secret for a new box, an app token after
pairing): whoever makes one calls `keep_secret`, which tells every installed redactor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from freeboxos import AppCredentials, TokenStore

__all__ = ["HIDDEN", "SecretKeepingTokenStore", "SecretRedactor", "keep_secret", "protect"]

HIDDEN = "<hidden>"
MIN_SECRET_LENGTH = 8
"""Shorter values are not secrets worth the name; hiding them would blank ordinary words."""

# A message text made only of digits, as python-telegram-bot dumps updates and API results:
# `text='1234'` (an object's repr), `'text': '1234'` (a dict), `"text": "1234"` (JSON). The
# alarm PIN is typed as such a message; nothing else worth reading looks like one.
_DIGITS_ONLY_TEXT = re.compile(r"""((?:'text'|"text")\s*:\s*|\btext=)(['"])[\d\s]{1,64}\2""")


class SecretRedactor(logging.Filter):
    """Replaces known secret values, and digit-only message texts, by `<hidden>`."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        """Hide these values from now on (short or empty values are ignored)."""
        new = {s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH} - self._secrets
        if not new:
            return
        self._secrets |= new
        # Longest first: a secret that contains another is hidden whole.
        ordered = sorted(self._secrets, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(s) for s in ordered))

    def redact(self, text: str) -> str:
        """`text` without any known secret or PIN-like message text."""
        if self._pattern is not None:
            text = self._pattern.sub(HIDDEN, text)
        if "text" in text:
            text = _DIGITS_ONLY_TEXT.sub(rf"\1\2{HIDDEN}\2", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging would print msg and args raw
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_TRACEBACKS = logging.Formatter()


def protect(handler: logging.Handler, *secrets: str | None) -> SecretRedactor:
    """Give `handler` a redactor (its own, or the one it has), knowing `secrets`."""
    for existing in handler.filters:
        if isinstance(existing, SecretRedactor):
            existing.add(*secrets)
            return existing
    redactor = SecretRedactor(secrets)
    handler.addFilter(redactor)
    return redactor


def keep_secret(*secrets: str | None) -> None:
    """A secret was made or read: every redactor on the root logger's handlers hides it."""
    for handler in logging.getLogger().handlers:
        for existing in handler.filters:
            if isinstance(existing, SecretRedactor):
                existing.add(*secrets)


class SecretKeepingTokenStore:
    """A `TokenStore` that hides the app token from the log as soon as it is read or saved."""

    def __init__(self, inner: TokenStore) -> None:
        self._inner = inner

    async def load(self) -> AppCredentials | None:
        credentials = await self._inner.load()
        if credentials is not None:
            keep_secret(credentials.app_token)
        return credentials

    async def save(self, credentials: AppCredentials) -> None:
        keep_secret(credentials.app_token)
        await self._inner.save(credentials)

    async def clear(self) -> None:
        await self._inner.clear()
