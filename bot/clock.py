"""The time the watch features read, injected so tests can move it instead of waiting."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

Clock = Callable[[], datetime]
"""Returns aware UTC now (`bot.storage.models.utcnow` in production)."""

Tick = Callable[[], Awaitable[None]]
"""One run of periodic work (due schedules, debounced presence, expiring keys), declared
with its interval as a `bot.periodic.Periodic`."""
