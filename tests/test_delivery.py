"""Events the box pushes become messages in the right chat, whatever Telegram does meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.storage.models import Chat, OutboxMessage, OutboxStatus
from tests.fakes import FakeTelegram
from tests.harness import ManualClock, RunningBot, eventually, running_bot

# 2026-11-26 14:05 UTC = 15:05 in Paris.
CALL_TIME = 1795701900

PAYLOADS: list[tuple[str, dict[str, Any], dict[str, str | None], str]] = [
    (
        "download done",
        {"type": "downloader", "data": 42, "event": "task_done"},
        {},
        "✅ Téléchargement terminé : un téléchargement",
    ),
    (
        "download error",
        {"type": "downloader", "data": 43, "event": "task_error"},
        {},
        "❌ Échec du téléchargement : un téléchargement, une erreur inconnue.",
    ),
    (
        "seeding done",
        {"type": "downloader", "data": 44, "event": "task_seeding_done"},
        {},
        "🌱 Partage terminé : un téléchargement",
    ),
    (
        "missed call",
        {
            "type": "phone",
            "event": "missed_call",
            "data": {
                "id": 12,
                "type": "missed",
                "datetime": CALL_TIME,
                "number": "0612345678",
                "name": "Mamie",
                "duration": 0,
                "new": True,
                "contact_id": 3,
            },
        },
        {},
        "📞 Appel manqué de Mamie (0612345678) le 26 nov. 2026, 15:05",
    ),
    (
        "hidden number",
        {"type": "phone", "event": "missed_call", "data": {"datetime": CALL_TIME, "number": ""}},
        {},
        "📞 Appel manqué de numéro masqué le 26 nov. 2026, 15:05",
    ),
    ("pub up", {"type": "box_state", "event": "pub_up"}, {}, "🌐 La connexion Internet"),
    ("sleep", {"type": "box_state", "event": "enter_sleep"}, {}, "😴 La Freebox se met en veille."),
    ("shut down", {"type": "box_state", "event": "shut_down"}, {}, "🔌 La Freebox s'éteint."),
    ("reboot", {"type": "box_state", "event": "reboot"}, {}, "🔄 La Freebox redémarre."),
    (
        "new device",
        {
            "type": "lan_host",
            "event": "first_connection",
            "host_id": "ether-aa:bb:cc:dd:ee:ff",
            "interface": "pub",
        },
        {},
        "🆕 Nouvel appareil sur le réseau : un appareil (aa:bb:cc:dd:ee:ff)",
    ),
    (
        "password change",
        {"type": "password_change", "ip": "192.168.1.23"},
        {},
        "🔑 Le mot de passe administrateur de la Freebox a été modifié depuis 192.168.1.23.",
    ),
    (
        "alarm",
        {"type": "security", "event": "alarm_triggered", "zone": "salon", "datetime": CALL_TIME},
        {"title": "Alarme déclenchée", "body": "Détecteur du salon"},
        "🚨 L'alarme s'est déclenchée à 15:05 : salon.",
    ),
    (
        "unknown type",
        {"type": "vm", "event": "vm_state_changed"},
        {"title": "Machine virtuelle", "body": "La VM <debian> a démarré"},
        "🔔 Machine virtuelle\nLa VM <debian> a démarré",
    ),
]


async def _push_done(bot: RunningBot, device: str, task: int) -> dict[str, list[str]]:
    """The box's push for a finished download, its body naming the file as the box does."""
    return await bot.push(
        [device],
        {"type": "downloader", "data": task, "event": "task_done"},
        body=f"Le téléchargement de « {task}.iso » est terminé",
    )


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tmp_path: Path, telegram: FakeTelegram) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path, telegram) as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def timed(
    tmp_path: Path, telegram: FakeTelegram, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    """The bot on the test's time: its pacing, flood pauses and backoff wait for `clock`."""
    async with running_bot(tmp_path, telegram, clock=clock, timer=clock) as running:
        yield running


async def _notifications_in(telegram: FakeTelegram, chat_id: int, count: int) -> list[str]:
    """Wait until the chat's messages hold `count` notifications; their texts, in order.

    Notifications due together arrive in one message, separated by a blank line.
    """

    def received() -> list[str] | None:
        texts = [
            text
            for message in telegram.messages(chat_id)
            for text in message.visible_text.split("\n\n")
        ]
        return texts if len(texts) >= count else None

    return await telegram.wait_for(received, timeout=60, description=f"{count} notifications")


async def _paced_notifications_in(
    clock: ManualClock, telegram: FakeTelegram, chat_id: int, count: int
) -> list[str]:
    """`_notifications_in`, moving the time one second on whenever a send waits for it
    (Telegram's one message per second per chat)."""
    received = asyncio.ensure_future(_notifications_in(telegram, chat_id, count))
    try:
        while not received.done():
            paced = asyncio.ensure_future(clock.sleeping(1.0, timeout=60))
            await asyncio.wait({received, paced}, return_when=asyncio.FIRST_COMPLETED)
            if paced.done():
                paced.result()
                clock.advance(seconds=1)
            else:
                paced.cancel()
        return received.result()
    finally:
        received.cancel()


async def _outbox(bot: RunningBot) -> list[OutboxMessage]:
    async with bot.bot.running.sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_every_payload_type_becomes_its_message_in_the_right_chat(
    bot: RunningBot, telegram: FakeTelegram
) -> None:
    chats = {name: 5000 + i for i, (name, *_rest) in enumerate(PAYLOADS)}
    for chat_id in chats.values():
        await bot.bind(chat_id, f"device-{chat_id}")
    for name, payload, texts, _expected in PAYLOADS:
        device = f"device-{chats[name]}"
        answer = await bot.push([device], payload, title=texts.get("title"), body=texts.get("body"))
        assert answer == {"failureIds": [], "successIds": [device]}
    for name, _payload, _texts, expected in PAYLOADS:
        [message] = await telegram.wait_for_messages(chats[name], 1, timeout=10)
        assert message.visible_text.startswith(expected), (name, message.visible_text)
        assert message.parse_mode == "HTML"
    assert all(len(telegram.messages(chat)) == 1 for chat in chats.values())


async def test_english_chats_get_english(bot: RunningBot, telegram: FakeTelegram) -> None:
    await bot.bind(77, "dev-en", language="en")
    await bot.push(["dev-en"], {"type": "box_state", "event": "reboot"})
    [message] = await telegram.wait_for_messages(77, 1, timeout=10)
    assert message.visible_text == "🔄 The Freebox is rebooting."


async def test_several_targets_of_one_chat_send_one_message(
    bot: RunningBot, telegram: FakeTelegram
) -> None:
    await bot.bind(88, "dev-1")
    await bot.bind(88, "dev-2")
    answer = await bot.push(["dev-1", "dev-2"], {"type": "box_state", "event": "pub_up"})
    assert answer["successIds"] == ["dev-1", "dev-2"]
    await telegram.wait_for_messages(88, 1, timeout=10)
    await bot.push(["dev-1"], {"type": "box_state", "event": "reboot"})
    [second] = await telegram.wait_for_messages(88, 1, timeout=10)
    assert "redémarre" in second.visible_text
    assert len(telegram.messages(88)) == 2


async def test_server_errors_delay_but_lose_nothing(
    timed: RunningBot, clock: ManualClock, telegram: FakeTelegram
) -> None:
    await timed.bind(10, "dev-a")
    telegram.fail_next(3, status=502)
    for task in (1, 2, 3):
        answer = await _push_done(timed, "dev-a", task)
        assert answer["successIds"] == ["dev-a"]
    for backoff in (1, 2, 4):
        await clock.sleeping(backoff)
        assert not telegram.messages(10), f"sent before the {backoff} s backoff passed"
        clock.advance(seconds=backoff)
    texts = await _notifications_in(telegram, 10, 3)
    assert [t.split()[-1] for t in texts] == ["1.iso", "2.iso", "3.iso"], "in order, none twice"


async def test_flood_control_is_honoured(
    timed: RunningBot, clock: ManualClock, telegram: FakeTelegram
) -> None:
    await timed.bind(11, "dev-a")
    telegram.flood(retry_after=2)
    await timed.push(["dev-a"], {"type": "box_state", "event": "reboot"})
    await clock.sleeping(2)  # the worker waits out Telegram's retry_after
    assert len(telegram.calls_to("sendMessage")) == 1, "sent again before Telegram's retry_after"
    clock.advance(seconds=2)
    [message] = await telegram.wait_for_messages(11, 1, timeout=10)
    assert "redémarre" in message.visible_text


async def test_telegram_down_while_events_arrive(bot: RunningBot, telegram: FakeTelegram) -> None:
    await bot.bind(12, "dev-a")
    await telegram.stop()
    for task in (7, 8):
        answer = await _push_done(bot, "dev-a", task)
        assert answer["successIds"] == ["dev-a"], "the box is answered while Telegram is down"
    pending = [m for m in await _outbox(bot) if m.status is OutboxStatus.PENDING]
    assert len(pending) == 2
    await telegram.start()
    texts = await _notifications_in(telegram, 12, 2)
    assert [t.split()[-1] for t in texts] == ["7.iso", "8.iso"]


async def test_every_chat_gets_its_messages_once_telegram_is_back(
    bot: RunningBot, telegram: FakeTelegram
) -> None:
    # While Telegram is unreachable one chat at a time tries it; the others wait for that
    # probe and must all be sent once it succeeds.
    for chat_id in (15, 16, 17):
        await bot.bind(chat_id, f"dev-{chat_id}")
    await telegram.stop()
    answer = await bot.push(
        ["dev-15", "dev-16", "dev-17"], {"type": "box_state", "event": "reboot"}
    )
    assert sorted(answer["successIds"]) == ["dev-15", "dev-16", "dev-17"]

    async def retried() -> bool | None:
        return True if any(m.attempts >= 1 for m in await _outbox(bot)) else None

    await eventually(retried)
    await telegram.start()
    for chat_id in (15, 16, 17):
        [message] = await telegram.wait_for_messages(chat_id, 1, timeout=20)
        assert "redémarre" in message.visible_text


async def test_a_chat_that_blocked_the_bot_is_given_up_with_the_reason(
    bot: RunningBot, telegram: FakeTelegram
) -> None:
    await bot.bind(13, "dev-a")
    await bot.bind(14, "dev-b")
    telegram.block_chat(13)
    await bot.push(["dev-a", "dev-b"], {"type": "box_state", "event": "reboot"})
    await telegram.wait_for_messages(14, 1, timeout=10)

    async def chat_gone() -> Chat | None:
        async with bot.bot.running.sessions() as session:
            chat = await session.get_one(Chat, 13)
            return None if chat.active else chat

    gone = await eventually(chat_gone)
    assert gone.gone_reason is not None and "blocked" in gone.gone_reason
    [abandoned] = [m for m in await _outbox(bot) if m.chat_id == 13]
    assert abandoned.status is OutboxStatus.ABANDONED
    answer = await bot.push(["dev-a", "dev-b"], {"type": "box_state", "event": "pub_up"})
    assert answer == {"failureIds": ["dev-a"], "successIds": ["dev-b"]}


async def test_the_whole_path_on_postgresql(
    tmp_path: Path, telegram: FakeTelegram, postgres_url: str
) -> None:
    async with running_bot(tmp_path, telegram, database_url=postgres_url) as on_postgres:
        await on_postgres.bind(21, "dev-pg")
        await telegram.stop()
        answer = await on_postgres.push(["dev-pg"], {"type": "box_state", "event": "pub_up"})
        assert answer["successIds"] == ["dev-pg"]
        await telegram.start()
        [message] = await telegram.wait_for_messages(21, 1, timeout=60)
        assert message.visible_text.startswith("🌐")
    assert not (tmp_path / "data" / "freebox-bot.db").exists(), "SQLite was not used"


async def _push_while_telegram_is_down(
    bot: RunningBot,
    telegram: FakeTelegram,
    device: str,
    notifications: list[dict[str, Any]],
    clock: ManualClock | None = None,
) -> None:
    """Acknowledge every notification first, so that all are due together when Telegram is back.

    On the test's `clock`, the worker found Telegram down once and backs off for a second:
    the time is moved past it once Telegram is back.
    """
    await telegram.stop()
    for notification in notifications:
        answer = await bot.push([device], **notification)
        assert answer["successIds"] == [device]
    if clock is not None:

        async def backing_off() -> bool | None:
            return True if any(m.attempts >= 1 for m in await _outbox(bot)) else None

        await eventually(backing_off)
    await telegram.start()
    if clock is not None:
        clock.advance(seconds=1)


async def test_a_burst_to_one_chat_arrives_together_in_order(
    timed: RunningBot, clock: ManualClock, telegram: FakeTelegram
) -> None:
    bot = timed
    await bot.bind(30, "dev-a")
    burst = [
        {
            "payload": {"type": "downloader", "data": n, "event": "task_done"},
            "body": f"Le téléchargement de « file-{n}.iso » est terminé",
        }
        for n in range(40)
    ]
    await _push_while_telegram_is_down(bot, telegram, "dev-a", burst, clock)
    texts = await _notifications_in(telegram, 30, 40)
    assert texts == [f"✅ Téléchargement terminé : file-{n}.iso" for n in range(40)]
    assert len(telegram.messages(30)) == 1, "one message instead of one per second"
    assert {m.status for m in await _settled(bot)} == {OutboxStatus.SENT}


async def test_a_long_burst_is_split_at_notification_boundaries_within_the_limit(
    timed: RunningBot, clock: ManualClock, telegram: FakeTelegram
) -> None:
    bot = timed
    await bot.bind(31, "dev-a")
    bodies = [f"{n}:" + "é" * 1500 for n in range(5)]
    burst = [{"payload": {"type": "vm"}, "title": f"n{n}", "body": b} for n, b in enumerate(bodies)]
    await _push_while_telegram_is_down(bot, telegram, "dev-a", burst, clock)
    texts = await _paced_notifications_in(clock, telegram, 31, 5)
    assert texts == [f"🔔 n{n}\n{body}" for n, body in enumerate(bodies)]
    messages = telegram.messages(31)
    assert 1 < len(messages) < 5
    assert all(len(m.visible_text.encode("utf-16-le")) // 2 <= 4096 for m in messages)


async def _settled(bot: RunningBot) -> list[OutboxMessage]:
    async def no_pending() -> list[OutboxMessage] | None:
        rows = await _outbox(bot)
        return rows if all(r.status is not OutboxStatus.PENDING for r in rows) else None

    return await eventually(no_pending)


async def test_a_notification_refused_for_good_fails_alone_and_the_others_arrive(
    timed: RunningBot, clock: ManualClock, telegram: FakeTelegram
) -> None:
    bot = timed
    await bot.bind(32, "dev-a")
    burst = [{"payload": {"type": "vm"}, "title": f"event {n}"} for n in range(3)]
    # The group is refused, then its first notification on its own.
    telegram.fail_next(2, status=400, description="Bad Request: refused")
    await _push_while_telegram_is_down(bot, telegram, "dev-a", burst, clock)
    texts = await _paced_notifications_in(clock, telegram, 32, 2)
    assert texts == ["🔔 event 1", "🔔 event 2"]
    refused, *delivered = await _settled(bot)
    assert refused.status is OutboxStatus.FAILED
    assert refused.last_error == "Refused"
    assert [m.status for m in delivered] == [OutboxStatus.SENT, OutboxStatus.SENT]


async def test_a_refused_group_is_retried_one_by_one_and_nothing_is_lost(
    timed: RunningBot, clock: ManualClock, telegram: FakeTelegram
) -> None:
    bot = timed
    await bot.bind(33, "dev-a")
    burst = [{"payload": {"type": "vm"}, "title": f"event {n}"} for n in range(3)]
    telegram.fail_next(1, status=400, description="Bad Request: something in the group")
    await _push_while_telegram_is_down(bot, telegram, "dev-a", burst, clock)
    texts = await _paced_notifications_in(clock, telegram, 33, 3)
    assert texts == ["🔔 event 0", "🔔 event 1", "🔔 event 2"]
    assert len(telegram.messages(33)) == 3, "sent one at a time after the refusal"
    assert {m.status for m in await _settled(bot)} == {OutboxStatus.SENT}


async def test_a_group_that_became_a_supergroup_keeps_its_notifications(
    bot: RunningBot, telegram: FakeTelegram
) -> None:
    await bot.bind(-500, "dev-group")
    telegram.migrate_chat(-500, -100500)
    await bot.push(["dev-group"], {"type": "box_state", "event": "reboot"})
    [first] = await telegram.wait_for_messages(-100500, 1, timeout=10)
    assert "redémarre" in first.visible_text

    answer = await _push_done(bot, "dev-group", 3)
    assert answer["successIds"] == ["dev-group"], "the box's target follows the new chat"
    [second] = await telegram.wait_for_messages(-100500, 1, timeout=10)
    assert "3.iso" in second.visible_text
    sends_to_old = [c for c in telegram.calls_to("sendMessage") if c.params.get("chat_id") == -500]
    assert len(sends_to_old) == 1, "only the first send went to the old id"
    async with bot.bot.running.sessions() as session:
        old, new = await session.get_one(Chat, -500), await session.get_one(Chat, -100500)
    assert not old.active and new.active
