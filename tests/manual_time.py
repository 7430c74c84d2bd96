"""Time the test moves: one object is the bot's wall clock and its timer.

Production code reads "now" from a `Clock` and waits delays on a `Timer` (bot/clock.py).
`ManualClock` is both, so moving it moves both: a sleep on it returns only once the test
has moved the time past its deadline, and the test can wait until the product sleeps for
a given delay (the event it settles on) instead of measuring real seconds.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

# What counts as "the same delay" when comparing seconds computed from datetimes.
_SAME = 1e-6


class ManualClock:
    """A clock the test moves: features read it instead of the wall clock.

    Given to `FreeboxBot(timer=...)` too, it also holds the bot's delays (pacing, flood
    control, backoff, retries) until the test moves it.
    """

    def __init__(self, start: datetime | None = None) -> None:
        # A Monday, 12:00 UTC, unless told otherwise.
        self.now = start or datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
        self._origin = self.now
        self._sleepers: dict[asyncio.Future[None], datetime] = {}
        self._sleepers_changed: asyncio.Event | None = None

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the time forward; the sleeps it passes end."""
        return self.set(self.now + timedelta(**delta))

    def set(self, moment: datetime) -> datetime:
        self.now = moment
        for sleeper, deadline in self._sleepers.items():
            if deadline <= moment and not sleeper.done():
                sleeper.set_result(None)
        return moment

    # The Timer side (bot.clock.Timer).

    def monotonic(self) -> float:
        return (self.now - self._origin).total_seconds()

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        sleeper = asyncio.get_running_loop().create_future()
        self._sleepers[sleeper] = self.now + timedelta(seconds=seconds)
        self._changed()
        try:
            await sleeper
        finally:
            del self._sleepers[sleeper]
            self._changed()

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        waiting = asyncio.ensure_future(event.wait())
        sleeping = asyncio.ensure_future(self.sleep(seconds))
        try:
            await asyncio.wait({waiting, sleeping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (waiting, sleeping):
                task.cancel()
            await asyncio.gather(waiting, sleeping, return_exceptions=True)
        return event.is_set()

    # What tests settle on.

    def sleeps(self) -> list[float]:
        """The seconds each sleeping task has left, shortest first."""
        return sorted((d - self.now).total_seconds() for d in self._sleepers.values())

    async def sleeping(
        self, seconds: float, *, tasks: int | None = None, timeout: float = 10.0
    ) -> None:
        """Wait until some task sleeps for exactly `seconds` from now (a delay it chose);
        with `tasks`, until exactly that many do (the others are done with theirs)."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    changed = self._changed_event()
                    same = sum(abs(left - seconds) < _SAME for left in self.sleeps())
                    if same if tasks is None else same == tasks:
                        return
                    await changed.wait()
        except TimeoutError:
            raise AssertionError(
                f"nothing slept {seconds} s within {timeout} s; sleeping: {self.sleeps()}"
            ) from None

    async def advance_when_sleeping(self, seconds: float, *, timeout: float = 10.0) -> None:
        """Wait until some task sleeps `seconds`, then move the time by that much."""
        await self.sleeping(seconds, timeout=timeout)
        self.advance(seconds=seconds)

    def _changed_event(self) -> asyncio.Event:
        if self._sleepers_changed is None:
            self._sleepers_changed = asyncio.Event()
        return self._sleepers_changed

    def _changed(self) -> None:
        if self._sleepers_changed is not None:
            self._sleepers_changed.set()
            self._sleepers_changed = None
