"""Where the box's app token lives: an injected store, so the client never touches disk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AppCredentials:
    """What the box granted this app: the app_id it was asked for and its app_token.

    The app_token is a key to the house: never log it, never show it in a chat.
    """

    app_id: str
    app_token: str

    def __repr__(self) -> str:
        return f"AppCredentials(app_id={self.app_id!r}, app_token=<hidden>)"


class TokenStore(Protocol):
    """Persists the app credentials; implementations encrypt them at rest."""

    async def load(self) -> AppCredentials | None:
        """Return the stored credentials, or None before pairing."""
        ...

    async def save(self, credentials: AppCredentials) -> None:
        """Store the credentials, replacing any previous ones."""
        ...

    async def clear(self) -> None:
        """Forget the credentials (the box revoked them, or the owner unpaired)."""
        ...


_UNREAD = object()


class RememberingTokenStore:
    """Reads the credentials from `inner` once, then answers from memory.

    Every write goes through this object (the client saves, pairing clears), so memory and
    disk agree; asking "are we paired?" for each notification costs no file read and no
    decryption.
    """

    def __init__(self, inner: TokenStore) -> None:
        self._inner = inner
        self._credentials: AppCredentials | object | None = _UNREAD

    async def load(self) -> AppCredentials | None:
        if self._credentials is _UNREAD:
            self._credentials = await self._inner.load()
        assert self._credentials is None or isinstance(self._credentials, AppCredentials)
        return self._credentials

    async def save(self, credentials: AppCredentials) -> None:
        await self._inner.save(credentials)
        self._credentials = credentials

    async def clear(self) -> None:
        await self._inner.clear()
        self._credentials = None
