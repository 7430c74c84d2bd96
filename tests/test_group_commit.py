"""Group commit: concurrent callers share a transaction and each gets its own answer.

On the loop (`GroupCommit`) and in the SQLite writer thread (`SqliteThreadBatchWriter`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.batch_writer import SqliteThreadBatchWriter
from bot.storage.database import create_engine
from bot.storage.group_commit import GroupCommit, WriterStopped


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


# ------------------------------------------------------------ the SQLite writer thread


class Table:
    """A `write_batch` over a real SQLite file; `hold` keeps the thread inside a batch."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.fail_with: Exception | None = None
        self.hold = threading.Event()
        self.hold.set()
        self.inside = threading.Event()

    def write(self, connection: Connection, items: Sequence[int]) -> list[str]:
        self.batches.append(list(items))
        self.inside.set()
        self.hold.wait(timeout=10)
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO t (x) VALUES (?)", [(i,) for i in items])
        if self.fail_with is not None:
            raise self.fail_with
        return [f"stored {item}" for item in items]


@pytest.fixture
async def sqlite_file(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'writer.db'}")
    yield engine
    await engine.dispose()


async def _stored(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        return [x for (x,) in await connection.exec_driver_sql("SELECT x FROM t ORDER BY x")]


async def test_the_thread_gathers_what_arrived_during_a_commit(sqlite_file: AsyncEngine) -> None:
    table = Table()
    writer = SqliteThreadBatchWriter(sqlite_file, table.write)
    table.hold.clear()
    first = asyncio.create_task(writer.submit(0))
    await asyncio.to_thread(table.inside.wait, 10)  # batch [0] is being written
    others = [asyncio.create_task(writer.submit(i)) for i in range(1, 6)]
    await asyncio.sleep(0)  # all five are queued before the first commit ends
    table.hold.set()
    assert await first == "stored 0"
    assert await asyncio.gather(*others) == [f"stored {i}" for i in range(1, 6)]
    assert table.batches == [[0], [1, 2, 3, 4, 5]]
    assert await _stored(sqlite_file) == [0, 1, 2, 3, 4, 5], "answered only once committed"
    await writer.close()


async def test_a_failed_batch_fails_its_callers_and_the_next_one_is_written(
    sqlite_file: AsyncEngine,
) -> None:
    table = Table()
    writer = SqliteThreadBatchWriter(sqlite_file, table.write)
    await writer.submit(1)
    table.fail_with = OSError("disk full")
    with pytest.raises(OSError, match="disk full"):
        await writer.submit(2)
    table.fail_with = None
    assert await writer.submit(3) == "stored 3"
    assert await _stored(sqlite_file) == [1, 3], "the failed batch was rolled back"
    await writer.close()


async def test_close_writes_what_was_queued_then_refuses_more(sqlite_file: AsyncEngine) -> None:
    table = Table()
    writer = SqliteThreadBatchWriter(sqlite_file, table.write)
    table.hold.clear()
    queued = [asyncio.create_task(writer.submit(i)) for i in range(3)]
    await asyncio.to_thread(table.inside.wait, 10)
    closing = asyncio.create_task(writer.close())
    await asyncio.sleep(0)
    table.hold.set()
    await closing
    assert await asyncio.gather(*queued) == ["stored 0", "stored 1", "stored 2"]
    with pytest.raises(WriterStopped):
        await writer.submit(9)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
async def test_a_writer_thread_that_died_answers_instead_of_hanging(
    sqlite_file: AsyncEngine,
) -> None:
    def dies(connection: Connection, items: Sequence[int]) -> list[str]:
        raise SystemExit  # ends the thread, as nothing in a batch should

    writer = SqliteThreadBatchWriter(sqlite_file, dies)
    with pytest.raises(WriterStopped):
        await asyncio.wait_for(writer.submit(1), timeout=10)
    await asyncio.to_thread(writer._thread.join, 10)  # the thread is gone
    with pytest.raises(WriterStopped):
        await asyncio.wait_for(writer.submit(2), timeout=10)
    await writer.close()
