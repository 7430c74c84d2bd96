"""A stored notification that cannot be loaded never holds up the chat it belongs to.

The row is written the way a deep body once got in (acknowledged by `/send`, stored as
it came): the notification server may refuse such bodies at the door now, but a database
keeps the rows it accepted before.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, ColumnElement, Table, Text, cast, insert, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.chats import upsert_chat
from bot.storage.models import OutboxMessage, OutboxStatus, utcnow
from bot.storage.outbox import OutboxStore
from tests.fakes import FakeTelegram
from tests.harness import BOX_ID, RunningBot, eventually, running_bot

CHAT = 40
DEVICE = "dev-poisoned"
DEPTH = 975
"""How deep the body that blocked a chat in production was."""

_OUTBOX = OutboxMessage.__table__
assert isinstance(_OUTBOX, Table)


def _nested_payload(depth: int) -> str:
    """A payload `depth` objects deep, as JSON text (too deep for Python to rebuild safely)."""
    return '{"type": "vm", "data": ' + '{"a": ' * (depth - 1) + "1" + "}" * depth


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture(params=["sqlite", "postgresql"])
def bot_database(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The bot's settings for each database it supports."""
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres_url")}


async def _store_raw(bot: RunningBot, payload_text: str, title: str) -> int:
    """Insert an outbox row with `payload_text` stored exactly as given; its id."""
    return await _insert(bot.bot.running.sessions, payload_text, title)


async def _insert(
    sessions: async_sessionmaker[AsyncSession], payload_text: str, title: str = "raw"
) -> int:
    now = utcnow()
    statement = (
        insert(_OUTBOX)
        .values(
            chat_id=CHAT,
            box_id=BOX_ID,
            title=title,
            body=None,
            payload=_as_stored(payload_text, sessions.kw["bind"].dialect.name),
            status=OutboxStatus.PENDING,
            attempts=0,
            received_at=now,
            next_attempt_at=now,
        )
        .returning(_OUTBOX.c.id)
    )
    async with sessions.begin() as session:
        return int((await session.execute(statement)).scalar_one())


def _as_stored(payload_text: str, dialect: str) -> ColumnElement[Any]:
    """The text as the payload column's value, not encoded again as a JSON string."""
    text = type_coerce(payload_text, Text)
    return cast(text, JSON) if dialect == "postgresql" else text


async def _statuses(bot: RunningBot) -> dict[int, tuple[OutboxStatus, str | None]]:
    """Every row's status and reason (not the payload: the poisoned one does not load)."""
    query = select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.last_error)
    async with bot.bot.running.sessions() as session:
        return {row_id: (status, error) for row_id, status, error in await session.execute(query)}


def _lines_about(caplog: pytest.LogCaptureFixture, row_id: int) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and f"notification {row_id} " in r.getMessage()
    ]


async def test_a_row_too_deep_to_load_fails_alone_and_the_chat_goes_on(
    tmp_path: Path,
    telegram: FakeTelegram,
    bot_database: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    async with running_bot(tmp_path, telegram, **bot_database) as bot:
        await bot.bind(CHAT, DEVICE)
        poisoned = await _store_raw(bot, _nested_payload(DEPTH), "deep")
        answer = await bot.push([DEVICE], {"type": "box_state", "event": "reboot"})
        assert answer["successIds"] == [DEVICE]
        [message] = await telegram.wait_for_messages(CHAT, 1, timeout=20)
        assert message.visible_text == "🔄 La Freebox redémarre."

        async def failed() -> str | None:
            status, reason = (await _statuses(bot))[poisoned]
            return reason if status is OutboxStatus.FAILED else None

        reason = await eventually(failed)
        assert "nested" in reason
        [line] = _lines_about(caplog, poisoned)
        assert "\n" not in line.getMessage() and line.exc_info is None
        assert '{"a"' not in caplog.text, "the payload is not dumped into the log"
        assert all("failed unexpectedly" not in r.getMessage() for r in caplog.records)

    caplog.clear()
    async with running_bot(tmp_path, telegram, **bot_database) as again:
        await again.push([DEVICE], {"type": "box_state", "event": "pub_up"})
        [after_restart] = await telegram.wait_for_messages(CHAT, 1, timeout=20)
        assert after_restart.visible_text.startswith("🌐")
        assert (await _statuses(again))[poisoned] == (OutboxStatus.FAILED, reason)
    assert _lines_about(caplog, poisoned) == [], "failed once for good, not again at each start"
    assert all("failed unexpectedly" not in r.getMessage() for r in caplog.records)


BROKEN_PAYLOADS = {
    "too deep": _nested_payload(DEPTH),
    "far too deep": _nested_payload(5_000),
    "huge integer": '{"type": "downloader", "data": ' + "9" * 5000 + "}",
    "not JSON": '{"type": "vm", ',
    "not an object": "[1, 2, 3]",
}


@pytest.mark.parametrize("payload_text", BROKEN_PAYLOADS.values(), ids=BROKEN_PAYLOADS.keys())
async def test_a_broken_row_left_by_a_previous_run_does_not_block_the_start(
    tmp_path: Path, telegram: FakeTelegram, caplog: pytest.LogCaptureFixture, payload_text: str
) -> None:
    # The queue as an earlier run left it: the broken row first, a good one behind it.
    caplog.set_level(logging.WARNING)
    async with running_bot(tmp_path, telegram) as bot:
        await bot.bind(CHAT, DEVICE)
        broken = await _store_raw(bot, payload_text, "broken")
        good = await _store_raw(bot, '{"type": "box_state", "event": "enter_sleep"}', "sleep")
    async with running_bot(tmp_path, telegram) as again:
        [message] = await telegram.wait_for_messages(CHAT, 1, timeout=20)
        assert message.visible_text == "😴 La Freebox se met en veille."

        async def settled() -> dict[int, tuple[OutboxStatus, str | None]] | None:
            statuses = await _statuses(again)
            return None if statuses[good][0] is OutboxStatus.PENDING else statuses

        statuses = await eventually(settled)
        assert statuses[good][0] is OutboxStatus.SENT
        status, reason = statuses[broken]
        assert status is OutboxStatus.FAILED and reason and len(reason) < 300
    [line] = _lines_about(caplog, broken)
    assert len(line.getMessage()) < 400 and line.exc_info is None


async def test_the_store_loads_every_row_it_can_and_says_why_not_for_the_others(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """On SQLite and PostgreSQL: one broken payload does not fail the read of its neighbours."""
    async with sessions.begin() as session:
        await upsert_chat(session, CHAT)
    broken = dict(BROKEN_PAYLOADS)
    if sessions.kw["bind"].dialect.name == "postgresql":
        del broken["not JSON"]  # PostgreSQL checks the syntax when storing a json value
    good = '{"type": "box_state", "event": "reboot"}'
    texts = [good, *broken.values(), good]
    ids = [await _insert(sessions, text) for text in texts]
    store = OutboxStore(sessions)
    run = await store.due_run(CHAT, utcnow())
    assert [m.id for m in run] == ids
    assert [m.unreadable is None for m in run] == [True] + [False] * len(broken) + [True]
    assert run[0].payload == run[-1].payload == {"type": "box_state", "event": "reboot"}
    [head] = await store.due_heads(utcnow())
    assert head.id == ids[0] and head.unreadable is None


async def test_a_broken_row_inside_a_burst_leaves_the_others_grouped_in_order(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    async with running_bot(tmp_path, telegram) as bot:
        await bot.bind(CHAT, DEVICE)
        await telegram.stop()
        done = {"type": "downloader", "event": "task_done"}
        first = await bot.push([DEVICE], {**done, "data": 1}, body="Le téléchargement de « a.iso »")
        broken = await _store_raw(bot, _nested_payload(DEPTH), "deep")
        last = await bot.push([DEVICE], {**done, "data": 2}, body="Le téléchargement de « b.iso »")
        assert first["successIds"] == last["successIds"] == [DEVICE]
        await telegram.start()
        [message] = await telegram.wait_for_messages(CHAT, 1, timeout=30)
        assert message.visible_text.split("\n\n") == [
            "✅ Téléchargement terminé : a.iso",
            "✅ Téléchargement terminé : b.iso",
        ]
        assert (await _statuses(bot))[broken][0] is OutboxStatus.FAILED
