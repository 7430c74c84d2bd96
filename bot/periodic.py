"""Periodic work, declared by the parts that need it and run from one loop.

A feature (`bot.telegram.feature.Feature.ticks`) or a part of the app (the box's health,
the presence watcher…) declares `Periodic` works; the composition root gives them all to
one `PeriodicLoop`, which runs each at its own interval. Tests do not wait for it: they
move the injected clock and call `FreeboxBot.tick()`, which runs each work once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from bot.clock import Clock, Tick, Timer

log = logging.getLogger(__name__)

TICK_EVERY = timedelta(seconds=15)
"""The usual interval: due schedules, debounced presence, expiring guest keys. Works that
must be slower (the box's health, the watcher) also look at the clock themselves."""


@dataclass(frozen=True)
class Periodic:
    """`run` once every `every` (a slow run makes the next one late, never doubled)."""

    run: Tick
    every: timedelta = TICK_EVERY

    @property
    def name(self) -> str:
        return str(getattr(self.run, "__qualname__", repr(self.run)))


async def run_once(works: Sequence[Periodic]) -> None:
    """Run every work once, side by side: a box that times out holds back none of the
    others, and one failing (logged) spares the rest."""
    outcomes = await asyncio.gather(*(work.run() for work in works), return_exceptions=True)
    for work, outcome in zip(works, outcomes, strict=True):
        if isinstance(outcome, Exception):
            log.error("periodic work %s failed", work.name, exc_info=outcome)


class PeriodicLoop:
    """Runs each work at its own interval, from one task, on the injected clock.

    A work is first due one interval after the loop is made. A work still running when it
    is due again skips that turn. A clock set back waits no longer than one interval.
    """

    def __init__(self, works: Sequence[Periodic], clock: Clock, timer: Timer) -> None:
        self._works = tuple(works)
        self._clock = clock
        self._timer = timer
        start = clock()
        self._due = [start + work.every for work in self._works]
        self._running: dict[int, asyncio.Task[None]] = {}

    def start_due(self) -> list[asyncio.Task[None]]:
        """Start the works due now, each in a task of its own; returns those tasks."""
        now = self._clock()
        started: list[asyncio.Task[None]] = []
        for index, work in enumerate(self._works):
            due = min(self._due[index], now + work.every)  # the clock may have gone back
            if now < due:
                self._due[index] = due
                continue
            self._due[index] = now + work.every
            if index in self._running:
                log.debug("periodic work %s still running: this turn is skipped", work.name)
                continue
            task = asyncio.create_task(run_once([work]), name=f"periodic {work.name}")
            self._running[index] = task
            task.add_done_callback(partial(self._finished, index))
            started.append(task)
        return started

    def _finished(self, index: int, _task: asyncio.Task[None]) -> None:
        self._running.pop(index, None)

    def seconds_to_next(self) -> float:
        """How long the loop may sleep before a work is due."""
        if not self._works:
            return TICK_EVERY.total_seconds()
        now = self._clock()
        return max(0.0, min((due - now).total_seconds() for due in self._due))

    async def run(self) -> None:
        """Until cancelled; then the works still running are cancelled too."""
        try:
            while True:
                self.start_due()
                await self._timer.sleep(self.seconds_to_next())
        finally:
            running = list(self._running.values())
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
