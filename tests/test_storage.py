"""Migrations and the outbox store, the same tests on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.chats import mark_chat_gone, upsert_chat
from bot.storage.migrate import alembic_config
from bot.storage.models import Base, OutboxMessage, OutboxStatus, utcnow
from bot.storage.outbox import OutboxStore


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _downgrade_then_upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "base")
    command.upgrade(config, "head")


async def test_migrations_match_the_models_and_go_down_and_up(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_then_upgrade)
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


async def _enqueue(sessions: async_sessionmaker[AsyncSession], chat_id: int, n: int) -> list[int]:
    async with sessions.begin() as session:
        await upsert_chat(session, chat_id, language="en")
        rows = [
            OutboxMessage(chat_id=chat_id, box_id="b", title=None, body=None, payload={"n": i})
            for i in range(n)
        ]
        session.add_all(rows)
    return [row.id for row in rows]


async def test_heads_are_the_oldest_pending_message_of_each_chat(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = OutboxStore(sessions)
    first_a, second_a = await _enqueue(sessions, 1, 2)
    [first_b] = await _enqueue(sessions, 2, 1)
    heads = await store.due_heads(utcnow())
    assert [(h.id, h.chat_id, h.language, h.payload) for h in heads] == [
        (first_a, 1, "en", {"n": 0}),
        (first_b, 2, "en", {"n": 0}),
    ]
    await store.mark_sent(first_a, telegram_message_id=99)
    assert [h.id for h in await store.due_heads(utcnow())] == [second_a, first_b]
    assert not await store.still_due(first_a, utcnow())


async def test_a_head_backing_off_holds_back_its_chat_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = OutboxStore(sessions)
    first_a, _second_a = await _enqueue(sessions, 1, 2)
    [first_b] = await _enqueue(sessions, 2, 1)
    later = utcnow() + timedelta(seconds=30)
    await store.retry_later(first_a, later, "Bad Gateway", attempts=1)
    assert [h.id for h in await store.due_heads(utcnow())] == [first_b]
    assert not await store.still_due(first_a, utcnow())
    assert await store.still_due(first_a, later)
    due = await store.next_due_at()
    assert due is not None and due <= utcnow()
    await store.mark_sent(first_b, telegram_message_id=1)
    assert await store.next_due_at() == later
    assert await store.pending_count() == 2


async def test_a_gone_chat_abandons_its_pending_messages_with_the_reason(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    sent, pending = await _enqueue(sessions, 1, 2)
    store = OutboxStore(sessions)
    await store.mark_sent(sent, telegram_message_id=5)
    async with sessions.begin() as session:
        await mark_chat_gone(session, 1, "Forbidden: bot was blocked by the user", now=utcnow())
    async with sessions() as session:
        rows = {r.id: r for r in await session.scalars(select(OutboxMessage))}
    assert rows[sent].status is OutboxStatus.SENT
    assert rows[pending].status is OutboxStatus.ABANDONED
    assert rows[pending].last_error == "Forbidden: bot was blocked by the user"
    assert await store.due_heads(utcnow()) == []


async def test_failed_messages_keep_their_reason(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    [message] = await _enqueue(sessions, 1, 1)
    store = OutboxStore(sessions)
    await store.mark_failed(message, "Bad Request: message is too long")
    async with sessions() as session:
        row = await session.get_one(OutboxMessage, message)
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "Bad Request: message is too long")
    assert row.received_at.tzinfo is not None, "timestamps come back as aware UTC"
