"""Group commit: many concurrent callers, one writer, one transaction per batch.

Why: `/send` may answer only after its rows are committed, and SQLite commits with a full
fsync and lets one writer in at a time. A transaction per request makes concurrent
requests queue on the database lock (in SQLite's busy handler, which sleeps) and pay one
commit each. Here each request queues its item and waits on a future; a single writer
task takes every item queued so far, writes them in one transaction and then resolves
each future with that caller's own result. While a batch commits, the next one gathers,
so nothing waits for a timer and the durability guarantee is unchanged: a future is
resolved only after the commit that holds its rows.

If writing a batch fails, every caller of that batch gets the exception (the server
answers 500 and the box retries). The writer task exists only while items are queued, so
there is nothing to start or stop: a request in flight at shutdown is written and
answered before the server's cleanup returns; one whose writer is cancelled gets an error.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

WriteBatch = Callable[[Sequence[_Item]], Awaitable[Sequence[_Result]]]


class WriterStopped(RuntimeError):
    """The writer was cancelled (shutdown) before this item was committed."""


class GroupCommit(Generic[_Item, _Result]):
    """Funnels concurrent `submit()` calls into batches written by `write_batch`.

    `write_batch(items)` must write every item in one transaction, commit, and return one
    result per item, in order.
    """

    def __init__(self, write_batch: WriteBatch[_Item, _Result], *, max_batch: int = 500) -> None:
        self._write_batch = write_batch
        self._max_batch = max_batch
        self._queue: deque[tuple[_Item, asyncio.Future[_Result]]] = deque()
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: _Item) -> _Result:
        """Queue `item` and wait until the transaction holding it is committed."""
        future: asyncio.Future[_Result] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain(), name="group-commit")
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[_Item, asyncio.Future[_Result]]] = []
        try:
            while self._queue:
                batch = []
                while self._queue and len(batch) < self._max_batch:
                    entry = self._queue.popleft()
                    if not entry[1].done():  # a caller that gave up is not written
                        batch.append(entry)
                if batch:
                    await self._write(batch)
                batch = []
        finally:
            self._writer = None
            stopped = WriterStopped("stopped before the commit")
            for _item, future in [*batch, *self._queue]:
                if not future.done():
                    future.set_exception(stopped)
            self._queue.clear()

    async def _write(self, batch: list[tuple[_Item, asyncio.Future[_Result]]]) -> None:
        try:
            results = await self._write_batch([item for item, _future in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"{len(results)} results for {len(batch)} items")
        except Exception as exc:
            for _item, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_item, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
