"""`freebox-bot` for the tests that run it as a child process, its delays 20 times shorter.

A child process cannot read the test's `ManualClock`; it is given a timer whose seconds
pass 20 times faster instead (Telegram's reconnection probe, the outbox's pacing and
backoff), through `bot.cli.main(timer=...)`: no setting a user could turn on. Run as a
script (`python tests/quick_bot.py run`), so it needs nothing on the path but `bot`.
"""

from __future__ import annotations

import asyncio
import sys

# Run as a script, Python puts this folder first on the path, where `tests/freeboxos` (the
# client's tests, a namespace package) would hide the `freeboxos` package itself.
del sys.path[0]

from bot.cli import main  # noqa: E402
from bot.clock import LoopTimer  # noqa: E402

SPEED = 20.0


class QuickTimer(LoopTimer):
    """The event loop's time, running `speed` times faster."""

    def __init__(self, speed: float = SPEED) -> None:
        self.speed = speed

    def monotonic(self) -> float:
        return super().monotonic() * self.speed

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds / self.speed)

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        return await super().wait(event, seconds / self.speed)


if __name__ == "__main__":
    sys.exit(main(timer=QuickTimer()))
