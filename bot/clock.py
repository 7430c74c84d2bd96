"""The time the watch features read, injected so tests can move it instead of waiting."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

Clock = Callable[[], datetime]
"""Returns aware UTC now (`bot.storage.models.utcnow` in production)."""

Tick = Callable[[], Awaitable[None]]
"""Periodic work (due schedules, debounced presence, expiring keys), run by `FreeboxBot.tick`."""
