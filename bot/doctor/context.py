"""What the doctor's checks read: the same parts the bot runs on, or the CLI's own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.clock import Clock

CHECK_SECONDS = 8.0
"""Each check's bound: a box that does not answer must not hold up the whole report."""


@dataclass(frozen=True)
class DoctorContext:
    sessions: async_sessionmaker[AsyncSession]
    link: BoxLink
    public_url: str | None  # NOTIF_PUBLIC_URL
    freebox_url: str | None  # FREEBOX_URL
    telegram_name: Callable[[], Awaitable[str]]  # getMe's username
    clock: Clock
    zone: ZoneInfo
    presence_connected: Callable[[], bool] | None = None  # None: no watcher runs here
    seconds: float = CHECK_SECONDS

    def when(self, moment: datetime) -> str:
        """A moment as the household reads it (TIMEZONE)."""
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
