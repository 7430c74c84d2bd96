"""The one loop that runs the periodic work of the features and of the app, each at its
own interval, on the injected clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.periodic import Periodic, PeriodicLoop, run_once
from tests.harness import ManualClock


class Counted:
    """A periodic work that counts its runs; `hold` keeps a run going until set."""

    def __init__(self) -> None:
        self.runs = 0
        self.hold: asyncio.Event | None = None
        self.started = asyncio.Event()
        self.cancelled = False

    async def __call__(self) -> None:
        self.runs += 1
        self.started.set()
        if self.hold is not None:
            try:
                await self.hold.wait()
            except asyncio.CancelledError:
                self.cancelled = True
                raise


async def advance(loop: PeriodicLoop, clock: ManualClock, seconds: float) -> None:
    """Move the clock, then let the loop start what is due and wait for it."""
    clock.advance(seconds=seconds)
    await asyncio.gather(*loop.start_due())


async def test_each_work_runs_at_its_own_interval() -> None:
    clock, follows, beat = ManualClock(), Counted(), Counted()
    loop = PeriodicLoop(
        [Periodic(follows, every=timedelta(seconds=3)), Periodic(beat)], clock, clock
    )
    assert loop.start_due() == [], "nothing runs before its first interval"
    for _ in range(5):
        await advance(loop, clock, 3)
    assert (follows.runs, beat.runs) == (5, 1)
    assert loop.seconds_to_next() == 3.0
    await advance(loop, clock, 15)
    assert (follows.runs, beat.runs) == (6, 2), "late: one run each, not a burst"


async def test_a_work_still_running_skips_its_turn_instead_of_piling_up() -> None:
    clock, slow = ManualClock(), Counted()
    slow.hold = asyncio.Event()
    loop = PeriodicLoop([Periodic(slow, every=timedelta(seconds=3))], clock, clock)
    clock.advance(seconds=3)
    [running] = loop.start_due()
    await slow.started.wait()
    clock.advance(seconds=3)
    assert loop.start_due() == [], "still running: this turn is skipped"
    assert loop.seconds_to_next() == 3.0, "and the next turn is one interval away"
    slow.hold.set()
    await running
    await advance(loop, clock, 3)
    assert slow.runs == 2


async def test_a_clock_set_back_waits_no_longer_than_one_interval() -> None:
    clock, work = ManualClock(), Counted()
    loop = PeriodicLoop([Periodic(work, every=timedelta(seconds=3))], clock, clock)
    clock.advance(hours=-1)
    assert loop.start_due() == []
    assert loop.seconds_to_next() == 3.0
    await advance(loop, clock, 3)
    assert work.runs == 1


async def test_one_failing_work_spares_the_others() -> None:
    async def broken() -> None:
        raise RuntimeError("the box said no")

    work = Counted()
    await run_once([Periodic(broken), Periodic(work)])
    assert work.runs == 1


async def test_the_loop_runs_due_work_and_cancelling_it_cancels_the_work() -> None:
    clock, work = ManualClock(), Counted()
    work.hold = asyncio.Event()
    loop = PeriodicLoop([Periodic(work, every=timedelta(seconds=3))], clock, clock)
    clock.advance(seconds=3)
    task = asyncio.create_task(loop.run())
    async with asyncio.timeout(10):
        await work.started.wait()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert work.cancelled, "a stop does not leave periodic work running"
