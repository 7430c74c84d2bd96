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
