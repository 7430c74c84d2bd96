"""Group commit: concurrent callers share a transaction and each gets its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.storage.group_commit import GroupCommit


class Recorder:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.fail_with: Exception | None = None
        self.gate = asyncio.Event()
        self.gate.set()

    async def write(self, items: Sequence[int]) -> list[str]:
        self.batches.append(list(items))
        await self.gate.wait()
        if self.fail_with is not None:
            raise self.fail_with
        return [f"done {item}" for item in items]


async def test_concurrent_callers_are_written_together_and_answered_each() -> None:
    recorder = Recorder()
    commits = GroupCommit(recorder.write)
    recorder.gate.clear()  # the first batch commits while the others queue up
    first = asyncio.create_task(commits.submit(0))
    await asyncio.sleep(0)
    others = [asyncio.create_task(commits.submit(i)) for i in range(1, 6)]
    await asyncio.sleep(0)
    recorder.gate.set()
    assert await first == "done 0"
    assert await asyncio.gather(*others) == [f"done {i}" for i in range(1, 6)]
    assert recorder.batches == [[0], [1, 2, 3, 4, 5]]


async def test_a_failed_commit_fails_every_caller_of_the_batch_and_only_them() -> None:
    recorder = Recorder()
    commits = GroupCommit(recorder.write)
    recorder.fail_with = OSError("disk full")
    results = await asyncio.gather(*(commits.submit(i) for i in range(3)), return_exceptions=True)
    assert [str(r) for r in results] == ["disk full"] * 3
    recorder.fail_with = None
    assert await commits.submit(9) == "done 9", "the next batch is written again"


async def test_a_caller_that_gave_up_before_its_batch_is_not_written() -> None:
    recorder = Recorder()
    commits = GroupCommit(recorder.write)
    recorder.gate.clear()
    first = asyncio.create_task(commits.submit(0))
    await asyncio.sleep(0)
    abandoned = asyncio.create_task(commits.submit(1))
    kept = asyncio.create_task(commits.submit(2))
    await asyncio.sleep(0)
    abandoned.cancel()
    recorder.gate.set()
    assert await first == "done 0"
    assert await kept == "done 2"
    with pytest.raises(asyncio.CancelledError):
        await abandoned
    assert recorder.batches == [[0], [2]]
