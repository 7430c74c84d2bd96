"""Where the `/send` batches are written: a thread of their own on SQLite, the loop otherwise.

Why: through aiosqlite, each statement of a transaction is a round trip between the event
loop and aiosqlite's thread, and SQLAlchemy's work for it runs on the loop, which must
also parse the box's requests. On SQLite the batch is instead written by a plain sqlite3
connection in one dedicated thread: one hand-over per batch, and the loop stays free
(a batch costs about a third less, see BENCHMARKS.md). PostgreSQL (asyncpg) keeps the async
engine. Either way the work is one synchronous function run inside one transaction, so
both paths share the same code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import sqlite_pragmas

_T = TypeVar("_T")

Work = Callable[[Connection], _T]


class BatchWriter(Protocol):
    async def run(self, work: Work[_T]) -> _T:
        """Run `work` in one transaction and commit; raises what the work or commit raised."""
        ...

    async def close(self) -> None: ...


class AsyncEngineWriter:
    """Runs the work on the async engine's connection (greenlet bridge)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def run(self, work: Work[_T]) -> _T:
        async with self._engine.begin() as connection:
            return await connection.run_sync(work)

    async def close(self) -> None:
        return None


class SqliteThreadWriter:
    """Runs the work on a synchronous sqlite3 connection in one dedicated thread."""

    def __init__(self, engine: AsyncEngine) -> None:
        url = engine.url.set(drivername="sqlite")
        self._engine: Engine = create_sync_engine(url, connect_args={"timeout": 30})
        event.listen(self._engine, "connect", sqlite_pragmas)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-writer")
        self._connection: Connection | None = None

    async def run(self, work: Work[_T]) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, self._in_transaction, work)

    def _in_transaction(self, work: Work[_T]) -> _T:
        # One connection for the thread's life (no pool checkout and reset per batch),
        # replaced after a failed batch in case the failure left it unusable.
        if self._connection is None:
            self._connection = self._engine.connect()
        try:
            with self._connection.begin():
                return work(self._connection)
        except BaseException:
            self._close_connection()
            raise

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self._close_connection)
        await asyncio.to_thread(self._thread.shutdown, wait=True)
        self._engine.dispose()


def batch_writer_for(engine: AsyncEngine) -> BatchWriter:
    """The thread writer for an SQLite file, the async engine for anything else."""
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return SqliteThreadWriter(engine)
    return AsyncEngineWriter(engine)
