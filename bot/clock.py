"""The time the bot reads, injected so tests can move it instead of waiting.

Two sources, built once by the composition root and passed down:

- `Clock`: aware UTC now, for what is stored or compared with stored times (due rows,
  expiries, schedules);
- `Timer`: a monotonic reading and sleeps, for delays (pacing, flood control, backoff,
  retries, polls). `LoopTimer` is the event loop's; tests pass one object that is both a
  `Clock` and a `Timer` (`tests/manual_time.py`), so moving it moves both.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol, TypeVar

_T = TypeVar("_T")

Clock = Callable[[], datetime]
"""Returns aware UTC now (`bot.storage.models.utcnow` in production)."""

Tick = Callable[[], Awaitable[None]]
"""One run of periodic work (due schedules, debounced presence, expiring keys), declared
with its interval as a `bot.periodic.Periodic`."""


class Timer(Protocol):
    """Where delays are measured and waited."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; only differences mean something."""

    async def sleep(self, seconds: float) -> None:
        """Return once `seconds` have passed."""

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        """Wait for `event`, at most `seconds`; whether it was set."""


class LoopTimer:
    """The production timer: the running event loop's clock and `asyncio.sleep`."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await event.wait()
        return event.is_set()


async def within(timer: Timer, seconds: float, work: Awaitable[_T]) -> _T:
    """`work`'s result, or TimeoutError once `seconds` passed on `timer` (work cancelled)."""
    task = asyncio.ensure_future(work)
    deadline = asyncio.ensure_future(timer.sleep(seconds))
    try:
        await asyncio.wait({task, deadline}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        deadline.cancel()
        if not task.done():
            task.cancel()
        await asyncio.gather(task, deadline, return_exceptions=True)
    if task.cancelled():
        raise TimeoutError
    return task.result()
