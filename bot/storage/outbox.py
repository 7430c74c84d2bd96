"""The durable outbox: what the box was told is stored, and what the worker still owes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Select,
    Table,
    Text,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.storage.batch_writer import BatchWriter, LoopBatchWriter, WriteBatch
from bot.storage.driver_sql import DriverStatement
from bot.storage.models import Chat, OutboxMessage, OutboxStatus, Target, utcnow
from notifserver import Endpoint, SendRequest, SendResult
from notifserver.box_identity import same_box

MAX_PAYLOAD_DEPTH = 256
"""Deeper payloads are not delivered: the box's are three levels deep at most, and Python's
own JSON and `repr` give up near a thousand (the stack), at a depth that varies."""


@dataclass(frozen=True)
class PendingMessage:
    """One message of a chat's queue, as the worker needs it.

    `unreadable` says why the stored payload cannot be loaded (then `payload` is empty):
    such a row is failed by the worker instead of holding up its chat.
    """

    id: int
    chat_id: int
    language: str
    title: str | None
    body: str | None
    payload: dict[str, Any]
    attempts: int
    unreadable: str | None = None


class OutboxSink:
    """`notifserver.NotificationSink`: one outbox row per chat, committed before answering.

    Concurrent requests are written together: one transaction, one fsync, for every
    request that arrived while the previous batch was being committed, by a
    `BatchWriter` (`make_writer`; `batch_writer_for` gives SQLite files a thread of
    their own).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        on_enqueued: Callable[[Iterable[int]], None],
        *,
        clock: Clock = utcnow,
        make_writer: MakeWriter = LoopBatchWriter,
    ) -> None:
        stamps = PushStamps()
        self._writer = make_writer(
            sessions.kw["bind"],
            lambda connection, batch: _store_batch(connection, batch, stamps, clock()),
        )
        self._on_enqueued = on_enqueued

    async def accept(self, endpoint: Endpoint, request: SendRequest) -> SendResult:
        devices = list(dict.fromkeys(request.devices))
        if endpoint.box_id is None or not same_box(endpoint.box_id, request.box_id):
            return SendResult(failure_ids=devices)
        if request.box_id != endpoint.box_id:  # the same box, spelled otherwise
            request = request.model_copy(update={"box_id": endpoint.box_id})
        result, chat_ids = await self._writer.submit(_Accepted(endpoint, request, devices))
        if chat_ids:
            self._on_enqueued(chat_ids)
        return result

    async def close(self) -> None:
        """After the server stopped taking requests: write what is queued, release the writer."""
        await self._writer.close()


@dataclass(frozen=True)
class _Accepted:
    endpoint: Endpoint
    request: SendRequest
    devices: list[str]


_OUTBOX = cast(Table, OutboxMessage.__table__)
_INSERTED_COLUMNS = (
    "chat_id",
    "box_id",
    "title",
    "body",
    "payload",
    "status",
    "attempts",
    "received_at",
    "next_attempt_at",
)
_INSERT_ROW = DriverStatement(
    insert(_OUTBOX).values(
        {name: bindparam(name, type_=_OUTBOX.c[name].type) for name in _INSERTED_COLUMNS}
    )
)
_TARGETS_OF_ENDPOINT = DriverStatement(
    select(Target.box_id, Target.device_id, Target.chat_id)
    .join(Chat, Chat.id == Target.chat_id)
    .where(Target.endpoint_id == bindparam("endpoint_id"), Chat.active.is_(True))
)


_STAMP_PUSH = DriverStatement(
    update(Target)
    .where(
        Target.endpoint_id == bindparam("endpoint_id"),
        Target.box_id == bindparam("box_id"),
        Target.device_id == bindparam("device_id"),
    )
    .values(last_push_at=bindparam("now", type_=Target.__table__.c.last_push_at.type))
)

PUSH_STAMP_EVERY = timedelta(minutes=1)
"""How stale a target's `last_push_at` may get: /doctor reads it, and a busy box must not
cost the `/send` path one more write per request."""

_Device = tuple[int, str, str]
"""(endpoint id, box id, device id): one of the box's targets."""


class PushStamps:
    """When each target was last stamped as pushed to, so the stamp is written at most
    once per PUSH_STAMP_EVERY (used only by the batch writer, one batch at a time)."""

    def __init__(self) -> None:
        self._written: dict[_Device, datetime] = {}

    def due(self, devices: Iterable[_Device], now: datetime) -> list[dict[str, Any]]:
        """The update parameters of the devices whose stamp is stale; they count as written."""
        rows: list[dict[str, Any]] = []
        for device in devices:
            last = self._written.get(device)
            if last is None or now - last >= PUSH_STAMP_EVERY:
                self._written[device] = now
                endpoint_id, box_id, device_id = device
                rows.append({"endpoint_id": endpoint_id, "box_id": box_id, "device_id": device_id})
        return rows


_Stored = tuple[SendResult, list[int]]
"""What `/send` answers, and the chats that got a row."""

MakeWriter = Callable[
    [AsyncEngine, WriteBatch[_Accepted, _Stored]], BatchWriter[_Accepted, _Stored]
]


def _store_batch(
    connection: Connection, batch: Sequence[_Accepted], stamps: PushStamps, now: datetime
) -> list[_Stored]:
    """Insert one row per (request, chat), due `now`, and stamp the targets pushed to (when
    stale), in the caller's transaction."""
    chat_of = _active_chats_by_device(connection, {accepted.endpoint.id for accepted in batch})
    rows: list[dict[str, Any]] = []
    stored: list[_Stored] = []
    pushed: dict[_Device, None] = {}
    for accepted in batch:
        endpoint, request = accepted.endpoint, accepted.request
        chats = {
            d: chat
            for d in accepted.devices
            if (chat := chat_of.get((endpoint.id, request.box_id, d))) is not None
        }
        chat_ids = list(dict.fromkeys(chats.values()))
        pushed.update(dict.fromkeys((endpoint.id, request.box_id, d) for d in chats))
        rows.extend(
            {
                "chat_id": chat_id,
                "box_id": request.box_id,
                "title": request.title,
                "body": request.body,
                "payload": request.payload,
            }
            for chat_id in chat_ids
        )
        result = SendResult(
            success_ids=[d for d in accepted.devices if d in chats],
            failure_ids=[d for d in accepted.devices if d not in chats],
        )
        stored.append((result, chat_ids))
    shared = {
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "received_at": now,
        "next_attempt_at": now,
    }
    _INSERT_ROW.execute_many(connection, rows, shared)
    _STAMP_PUSH.execute_many(connection, stamps.due(pushed, now), {"now": now})
    return stored


def _active_chats_by_device(
    connection: Connection, endpoint_ids: set[int]
) -> dict[tuple[int, str, str], int]:
    """(endpoint id, box id, device id) -> chat id, for every active chat of the endpoints.

    All of an endpoint's targets are read (a household has a handful): one fixed
    statement instead of one per batch shape.
    """
    return {
        (endpoint_id, box_id, device_id): chat_id
        for endpoint_id in endpoint_ids
        for box_id, device_id, chat_id in _TARGETS_OF_ENDPOINT.fetch(
            connection, {"endpoint_id": endpoint_id}
        )
    }


def _heads() -> Select[int]:
    """The id of the oldest pending message of each chat."""
    return (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.status == OutboxStatus.PENDING)
        .group_by(OutboxMessage.chat_id)
    )


class OutboxStore:
    """The worker's view of the outbox: per-chat heads in arrival order, and their outcomes."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, clock: Clock = utcnow
    ) -> None:
        self._clock = clock
        self._sessions = sessions

    async def due_heads(self, now: datetime, limit: int = 100) -> list[PendingMessage]:
        """The oldest pending message of each chat, when it is due: order within a chat holds."""
        query = (
            _pending_columns()
            .where(OutboxMessage.id.in_(_heads()), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [_pending(*row) for row in rows]

    async def heads(self) -> list[tuple[int, datetime]]:
        """Each chat with pending messages, and when its oldest one is due (cheap: no rows)."""
        query = select(OutboxMessage.chat_id, OutboxMessage.next_attempt_at).where(
            OutboxMessage.id.in_(_heads())
        )
        async with self._sessions() as session:
            return [(chat_id, due) for chat_id, due in await session.execute(query)]

    async def due_run(self, chat_id: int, now: datetime, limit: int = 100) -> list[PendingMessage]:
        """The chat's pending messages in arrival order, from its head up to the first one
        that is not due yet (empty when the head is not due)."""
        query = (
            _pending_columns()
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        run: list[PendingMessage] = []
        for row in rows:
            if row.next_attempt_at > now:
                break
            run.append(_pending(*row))
        return run

    async def still_due(self, message_id: int, now: datetime) -> bool:
        """True while the message is pending and due (a head read earlier may be stale)."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(OutboxMessage.id).where(
                    OutboxMessage.id == message_id,
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now,
                )
            )
            return found is not None

    async def next_due_at(self) -> datetime | None:
        """When the earliest chat head becomes due, for the worker's alarm clock.

        Only heads count: a message queued behind a head that is backing off is not due.
        """
        async with self._sessions() as session:
            return await session.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(
                    OutboxMessage.id.in_(_heads())
                )
            )

    async def mark_sent(self, message_id: int, telegram_message_id: int) -> None:
        await self._set(
            message_id,
            status=OutboxStatus.SENT,
            sent_at=self._clock(),
            telegram_message_id=telegram_message_id,
            last_error=None,
        )

    async def mark_all_sent(self, message_ids: Sequence[int], telegram_message_id: int) -> None:
        """Several messages went out together, as one Telegram message."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(message_ids))
                .values(
                    status=OutboxStatus.SENT,
                    sent_at=self._clock(),
                    telegram_message_id=telegram_message_id,
                    last_error=None,
                )
            )

    async def retry_later(self, message_id: int, at: datetime, error: str, attempts: int) -> None:
        await self._set(message_id, next_attempt_at=at, last_error=error[:1000], attempts=attempts)

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self._set(message_id, status=OutboxStatus.FAILED, last_error=error[:1000])

    async def pending_count(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
            )
            return int(count or 0)

    async def _set(self, message_id: int, **values: Any) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
            )


def _pending_columns() -> Select[int, int, datetime, str, str | None, str | None, str, int]:
    """What the worker reads of each row, the payload as text.

    Why text: the JSON column decodes inside the driver's fetch (asyncpg) or SQLAlchemy's
    result processing, where one row that does not decode fails the whole SELECT, and so
    every later message of its chat, forever. Decoded here row by row instead.
    """
    return select(
        OutboxMessage.id,
        OutboxMessage.chat_id,
        OutboxMessage.next_attempt_at,
        Chat.language,
        OutboxMessage.title,
        OutboxMessage.body,
        sql_cast(OutboxMessage.payload, Text).label("payload"),
        OutboxMessage.attempts,
    ).join(Chat, Chat.id == OutboxMessage.chat_id)


def _pending(
    message_id: int,
    chat_id: int,
    _due: datetime,
    language: str,
    title: str | None,
    body: str | None,
    payload_text: str | None,
    attempts: int,
) -> PendingMessage:
    payload, unreadable = decode_payload(payload_text)
    return PendingMessage(message_id, chat_id, language, title, body, payload, attempts, unreadable)


def decode_payload(text: str | None) -> tuple[dict[str, Any], str | None]:
    """The stored payload, or an empty one and why it cannot be delivered (never raises)."""
    try:
        value = json.loads(text) if text is not None else None
    except RecursionError:
        return {}, "payload nested too deeply to load"
    except ValueError as exc:  # bad JSON, or an integer of more than 4,300 digits
        return {}, f"payload is not loadable JSON: {str(exc)[:200]}"
    if not isinstance(value, dict):
        return {}, "payload is not a JSON object"
    if _nesting(value) > MAX_PAYLOAD_DEPTH:
        return {}, f"payload nested deeper than {MAX_PAYLOAD_DEPTH} levels"
    return value, None


def _nesting(value: dict[str, Any]) -> int:
    """How many objects and arrays deep `value` goes (without recursion)."""
    deepest = 0
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest
