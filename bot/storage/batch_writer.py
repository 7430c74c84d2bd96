"""Who writes the `/send` batches: a thread of its own on an SQLite file, the loop otherwise.

Both take items one by one (`submit`), write every item queued meanwhile in one
transaction with the same synchronous `write_batch(connection, items)`, and answer each
caller once that transaction is committed, with its own result.

Why a thread on SQLite: through aiosqlite each statement is a round trip between the
event loop and aiosqlite's thread, and SQLAlchemy's work for it runs on the loop, which
must also parse the box's requests. Here one plain sqlite3 connection lives in one
thread, and that thread gathers its own batches: as soon as a commit is done it takes
whatever was queued meanwhile, without waiting for the busy event loop to hand it the
next batch (BENCHMARKS.md has the figures). PostgreSQL (asyncpg) keeps the async engine
and `GroupCommit` on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import sqlite_pragmas
from bot.storage.group_commit import GroupCommit, WriterStopped

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

WriteBatch = Callable[[Connection, Sequence[_Item]], Sequence[_Result]]
"""Writes the items in the caller's transaction; one result per item, in order."""

_MAX_BATCH = 500


_In = TypeVar("_In", contravariant=True)
_Out = TypeVar("_Out", covariant=True)


class BatchWriter(Protocol[_In, _Out]):
    async def submit(self, item: _In) -> _Out:
        """Queue `item`; return its result once the transaction holding it is committed.

        Raises what writing or committing its batch raised (every caller of that batch
        gets it), or `WriterStopped` when the writer stopped before committing it.
        """
        ...

    async def close(self) -> None:
        """Write what is already queued, then stop."""
        ...


class LoopBatchWriter(Generic[_Item, _Result]):
    """Async engines: `GroupCommit` on the loop, each batch run through the greenlet bridge."""

    def __init__(self, engine: AsyncEngine, write_batch: WriteBatch[_Item, _Result]) -> None:
        self._engine = engine
        self._write_batch = write_batch
        self._commits: GroupCommit[_Item, _Result] = GroupCommit(self._write)

    async def submit(self, item: _Item) -> _Result:
        return await self._commits.submit(item)

    async def _write(self, items: Sequence[_Item]) -> Sequence[_Result]:
        async with self._engine.begin() as connection:
            return await connection.run_sync(self._write_batch, items)

    async def close(self) -> None:
        return None


class _Queued(Generic[_Item, _Result]):
    __slots__ = ("future", "item")

    def __init__(self, item: _Item, future: asyncio.Future[_Result]) -> None:
        self.item, self.future = item, future


_STOP = None  # queued by close(): the thread ends once everything before it is written


class SqliteThreadBatchWriter(Generic[_Item, _Result]):
    """An SQLite file: one thread, one connection, batches gathered by the thread itself."""

    def __init__(self, engine: AsyncEngine, write_batch: WriteBatch[_Item, _Result]) -> None:
        url = engine.url.set(drivername="sqlite")
        self._engine: Engine = create_sync_engine(url, connect_args={"timeout": 30})
        event.listen(self._engine, "connect", sqlite_pragmas)
        self._write_batch = write_batch
        self._queue: queue.SimpleQueue[_Queued[_Item, _Result] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="outbox-writer", daemon=True)
        self._connection: Connection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the one callers run on
        self._closed = False

    async def submit(self, item: _Item) -> _Result:
        if self._closed:
            raise WriterStopped("the writer is closed")
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
            self._thread.start()
        elif loop is not self._loop:
            raise RuntimeError("one writer serves one event loop")
        elif not self._thread.is_alive():
            raise WriterStopped("the writer thread has stopped")
        future: asyncio.Future[_Result] = loop.create_future()
        self._queue.put(_Queued(item, future))
        return await future

    async def close(self) -> None:
        self._closed = True
        if self._thread.is_alive():
            self._queue.put(_STOP)
            await asyncio.to_thread(self._thread.join)
        self._engine.dispose()

    # ------------------------------------------------------------------ in the thread

    def _run(self) -> None:
        stopping = False
        try:
            while not stopping:
                first = self._queue.get()
                if first is _STOP:
                    break
                batch = [first]
                while len(batch) < _MAX_BATCH:
                    try:
                        queued = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if queued is _STOP:
                        stopping = True
                        break
                    batch.append(queued)
                self._write(batch)
        finally:
            self._close_connection()
            left: list[_Queued[_Item, _Result]] = []
            while not self._queue.empty():
                if (queued := self._queue.get_nowait()) is not None:
                    left.append(queued)
            if left:
                self._reply(_fail, left, WriterStopped("stopped before the commit"))

    def _write(self, batch: list[_Queued[_Item, _Result]]) -> None:
        # One connection for the thread's life (no pool checkout and reset per batch),
        # replaced after a failed batch in case the failure left it unusable.
        try:
            if self._connection is None:
                self._connection = self._engine.connect()
            with self._connection.begin():
                results = self._write_batch(self._connection, [q.item for q in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"{len(results)} results for {len(batch)} items")
        except Exception as exc:
            self._close_connection()
            self._reply(_fail, batch, exc)
            return
        except BaseException:  # the thread is ending: its callers must not wait forever
            self._reply(_fail, batch, WriterStopped("the writer thread stopped"))
            raise
        self._reply(_answer, list(zip(batch, results, strict=True)))

    def _reply(self, callback: Callable[..., None], *args: object) -> None:
        """Hand the outcome to the callers' loop (one wake-up per batch)."""
        assert self._loop is not None  # set before the thread starts
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
            self._loop.call_soon_threadsafe(callback, *args)

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _answer(answers: list[tuple[_Queued[_Item, _Result], _Result]]) -> None:
    for queued, result in answers:
        if not queued.future.done():  # a caller that gave up was written all the same
            queued.future.set_result(result)


def _fail(callers: list[_Queued[_Item, _Result]], exc: BaseException) -> None:
    for queued in callers:
        if not queued.future.done():
            queued.future.set_exception(exc)


def batch_writer_for(
    engine: AsyncEngine, write_batch: WriteBatch[_Item, _Result]
) -> BatchWriter[_Item, _Result]:
    """The thread writer for an SQLite file, the loop writer for anything else."""
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return SqliteThreadBatchWriter(engine, write_batch)
    return LoopBatchWriter(engine, write_batch)
