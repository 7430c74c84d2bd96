"""Telegram updates handled concurrently, but in order for each person in each chat.

A box that takes 10 s to answer must hold up only the command waiting for it. Each
(chat, user) pair is a lane: its updates run one after the other, in the order Telegram
sent them (the alarm PIN typed after pressing Disarm finds its prompt), while different
lanes run side by side. A button still acts once: presses are claimed in the database.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

Lane = tuple[int | None, int | None]

MAX_RUNNING = 8
"""Handlers running at once: each may hold one of the database pool's 15 connections
(5 + 10 overflow) and a box request; the outbox worker and the ticks need some too."""
MAX_WAITING = 4096
"""Updates accepted and not finished (waiting in their lane or running); beyond, PTB waits."""


@dataclass
class _LaneState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


def lane_of(update: object) -> Lane:
    """The (chat, user) an update belongs to; (None, None) for updates without either."""
    if not isinstance(update, Update):
        return (None, None)
    chat, user = update.effective_chat, update.effective_user
    return (chat.id if chat else None, user.id if user else None)


class PerPersonUpdates(BaseUpdateProcessor):
    """One lane per (chat, user), at most `running` handlers at once across lanes."""

    def __init__(self, running: int = MAX_RUNNING, waiting: int = MAX_WAITING) -> None:
        # PTB's own bound counts updates waiting in a lane too: keep it wide, and bound
        # the handlers actually running here, once their turn in the lane has come.
        super().__init__(max_concurrent_updates=waiting)
        self._running = asyncio.Semaphore(running)
        self._lanes: dict[Lane, _LaneState] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = lane_of(update)
        lane = self._lanes.setdefault(key, _LaneState())
        lane.users += 1
        started = False
        try:
            async with lane.lock, self._running:
                started = True
                await coroutine
        finally:
            lane.users -= 1
            if lane.users == 0:
                del self._lanes[key]
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled in its lane (at stop): it never ran

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: the application cancels what still runs."""
