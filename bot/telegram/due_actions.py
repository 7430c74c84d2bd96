"""Controls that finish later (a pause that ends, Wi-Fi back on in an hour), kept across a
restart in one `bot_state` row per kind: no migration, and the tick reads one row.

Each entry has a name (a profile id, "wifi"), a due time and the data its action needs.
The tick takes what is due and drops an entry only once its action is done, so a box
that does not answer is tried again on the next tick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import BotState


@dataclass(frozen=True)
class DueAction:
    name: str
    due: datetime
    data: Mapping[str, Any]


class DueActions:
    """The entries of one `bot_state` row, by name."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], state_key: str) -> None:
        self._sessions = sessions
        self._key = state_key

    async def put(self, name: str, due: datetime, data: Mapping[str, Any]) -> None:
        """Plan `name` for `due` with `data` (replacing what was planned under that name)."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, self._key)
            entries = dict(row.value) if row is not None else {}
            entries[name] = {"due": due.isoformat(), "data": dict(data)}
            if row is None:
                session.add(BotState(key=self._key, value=entries))
            else:
                row.value = entries

    async def drop(self, name: str) -> bool:
        """Forget `name`; False when nothing was planned under it."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, self._key)
            if row is None or name not in row.value:
                return False
            row.value = {k: v for k, v in row.value.items() if k != name}
            return True

    async def get(self, name: str) -> DueAction | None:
        return next((a for a in await self.all() if a.name == name), None)

    async def due(self, now: datetime) -> list[DueAction]:
        """What is due at `now`, earliest first."""
        return sorted((a for a in await self.all() if a.due <= now), key=lambda a: a.due)

    async def all(self) -> list[DueAction]:
        async with self._sessions() as session:
            row = await session.get(BotState, self._key)
        entries: Mapping[str, Any] = row.value if row is not None else {}
        return [
            DueAction(name, datetime.fromisoformat(entry["due"]), entry["data"])
            for name, entry in entries.items()
        ]
