"""What the box pushed while the bot was stopped is told at the next start, once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.storage.models import Chat, OutboxMessage, Role, Target
from freeboxos.simulator import SimulatorState
from tests.fakes import FakeTelegram
from tests.features.household import (
    FAMILY_GROUP,
    MEMBER,
    OWNER,
    Household,
    box_and_telegram,
    pair,
)
from tests.harness import ManualClock, eventually, running_bot
from tests.process import free_port


@asynccontextmanager
async def _bot(
    tmp_path: Path,
    box: SimulatorState,
    url: str,
    telegram: FakeTelegram,
    clock: ManualClock,
    **settings: Any,
) -> AsyncIterator[Household]:
    async with running_bot(
        tmp_path,
        telegram,
        clock=clock,
        freebox_url=url,
        bot_owner_ids=frozenset({OWNER}),
        **settings,
    ) as running:
        yield Household(telegram, box, running, url)


async def _notified(home: Household, chat_id: int, language: str = "fr") -> None:
    """The chat asks for notifications and the box calls `/register` back."""
    await home.running.bind_chat_through_box(chat_id)
    async with home.running.bot.running.sessions.begin() as session:
        (await session.get_one(Chat, chat_id)).language = language

    async def registered() -> bool | None:
        async with home.running.bot.running.sessions() as session:
            found = await session.scalar(select(Target.id).where(Target.chat_id == chat_id))
        return True if found is not None else None

    await eventually(registered)


async def _told(telegram: FakeTelegram, chat_id: int, count: int) -> list[str]:
    """Everything the chat was told, one line per notification."""

    async def told() -> list[str] | None:
        parts = [
            part
            for message in telegram.messages(chat_id)
            for part in message.visible_text.split("\n\n")
        ]
        return parts if len(parts) >= count else None

    return await eventually(told, timeout=10)


async def _start_and_tick(home: Household, clock: ManualClock) -> None:
    clock.advance(seconds=30)
    await home.running.bot.tick()


async def test_what_the_box_pushed_while_stopped_is_told_at_start(tmp_path: Path) -> None:
    clock = ManualClock()
    async with box_and_telegram() as (box, url, telegram):
        async with _bot(tmp_path, box, url, telegram, clock) as home:
            await home.add_person(MEMBER, Role.MEMBER, "Marie")
            await pair(home.running)
            await _notified(home, MEMBER)
            await box.missed_call("0611223344", "Maman")
            [pushed] = await _told(telegram, MEMBER, 1)
            assert pushed.startswith("📞 Appel manqué de Maman")

        # The bot is stopped: the box pushes into the void and does not try again.
        await box.missed_call("0622334455", "Papa")
        [task] = box.downloads.add_urls(["http://example.com/film.mkv"])
        await box.complete_task(task.id)
        await box.wait_idle()

        async with _bot(tmp_path, box, url, telegram, clock) as home:
            await _start_and_tick(home, clock)
            told = await _told(telegram, MEMBER, 4)
            assert told[1] == "⏸ Pendant que le bot était arrêté :"
            assert told[2].startswith("📞 Appel manqué de Papa")
            assert told[3] == "✅ Téléchargement terminé : film.mkv"
            assert not any("Maman" in line for line in told[1:]), "what arrived is not told again"
            await _start_and_tick(home, clock)
            assert len(await _told(telegram, MEMBER, 4)) == 4, "told once"


async def test_after_a_crash_the_group_hears_only_what_push_did_not_bring(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with box_and_telegram() as (box, url, telegram):
        async with _bot(tmp_path, box, url, telegram, clock) as home:
            await pair(home.running)
            await _notified(home, FAMILY_GROUP, "en")
            watcher = home.running.bot.running.watcher
            assert watcher is not None
            await watcher.keep_marks()  # an earlier stop

            async def crashed() -> None:  # SIGKILL: no marks are taken at this stop
                return None

            watcher.keep_marks = crashed  # type: ignore[method-assign]
            await box.missed_call("0611223344", "Mum")  # after the marks, and pushed
            [pushed] = await _told(telegram, FAMILY_GROUP, 1)
            assert "Mum" in pushed

        await box.new_lan_host("aa:bb:cc:dd:ee:01", "Tablette-de-Lea", "192.168.1.77")
        await box.wait_idle()

        async with _bot(tmp_path, box, url, telegram, clock) as home:
            await _start_and_tick(home, clock)
            told = await _told(telegram, FAMILY_GROUP, 3)
            assert told[1] == "⏸ While the bot was stopped:"
            assert "Tablette-de-Lea" in told[2]
            assert len(told) == 3 and "Mum" not in told[2], "the pushed call is not repeated"


BoxChange = Callable[[SimulatorState], Awaitable[object]]


def _parts(telegram: FakeTelegram, chat_id: int) -> list[str]:
    return [p for m in telegram.messages(chat_id) for p in m.visible_text.split("\n\n")]


async def _told_after_a_restart(
    tmp_path: Path,
    chat_id: int,
    language: str,
    while_stopped: BoxChange,
    *,
    at_stop: BoxChange | None = None,
    during_start: BoxChange | None = None,
    count: int = 2,
) -> list[str]:
    """The chat wants notifications; `at_stop` is the box when the bot stops, and
    `while_stopped` what changes on it meanwhile; `during_start` what the box pushes
    once the bot is back, before its first tick. What the chat is told after the start."""
    clock = ManualClock()
    port = free_port()  # the box's target still points at the bot after the restart
    same_port = {"notif_port": port, "notif_public_url": f"http://127.0.0.1:{port}"}
    async with box_and_telegram() as (box, url, telegram):
        async with _bot(tmp_path, box, url, telegram, clock, **same_port) as home:
            await pair(home.running)
            await _notified(home, chat_id, language)
            if at_stop is not None:
                await at_stop(box)
        await box.wait_idle()
        before = len(_parts(telegram, chat_id))
        await while_stopped(box)
        await box.wait_idle()
        async with _bot(tmp_path, box, url, telegram, clock, **same_port) as home:
            pushed = 0
            if during_start is not None:
                await during_start(box)
                await box.wait_idle()
                pushed = 1
                await _told(telegram, chat_id, before + pushed)
            rows = await _rows(home, chat_id)
            await _start_and_tick(home, clock)
            assert await _rows(home, chat_id) == rows + count - pushed, "queued by the catch-up"
            told = await _told(telegram, chat_id, before + count)
            await _start_and_tick(home, clock)
            assert await _rows(home, chat_id) == rows + count - pushed, "told once"
            return told[before:]


async def _rows(home: Household, chat_id: int) -> int:
    """The outbox rows of the chat (a reading commits them before its tick returns)."""
    async with home.running.bot.running.sessions() as session:
        query = select(func.count()).where(OutboxMessage.chat_id == chat_id)
        return int(await session.scalar(query) or 0)


async def _alarm_goes_off(box: SimulatorState) -> None:
    await box.trigger_alarm()


async def _connection_down(box: SimulatorState) -> None:
    await box.set_connection("down")


async def _connection_up(box: SimulatorState) -> None:
    await box.set_connection("up")


async def test_an_alarm_still_going_off_after_a_stop_is_told_at_start(tmp_path: Path) -> None:
    told = await _told_after_a_restart(tmp_path, MEMBER, "fr", _alarm_goes_off)
    assert told == [
        "⏸ Pendant que le bot était arrêté :",
        "🚨 L'alarme s'est déclenchée et est toujours en alerte.",
    ]


async def test_the_group_hears_in_english_of_an_alarm_that_went_off_while_stopped(
    tmp_path: Path,
) -> None:
    told = await _told_after_a_restart(tmp_path, FAMILY_GROUP, "en", _alarm_goes_off)
    assert told == [
        "⏸ While the bot was stopped:",
        "🚨 The alarm went off and is still on alert.",
    ]


async def test_an_alarm_pushed_once_the_bot_is_back_is_not_told_again(tmp_path: Path) -> None:
    async def nothing(_box: SimulatorState) -> None:
        return None

    told = await _told_after_a_restart(
        tmp_path, MEMBER, "en", nothing, during_start=_alarm_goes_off, count=1
    )
    assert len(told) == 1 and told[0].startswith("🚨 The alarm went off at "), told


async def test_a_connection_lost_while_stopped_is_told_at_start(tmp_path: Path) -> None:
    told = await _told_after_a_restart(tmp_path, MEMBER, "fr", _connection_down)
    assert told == [
        "⏸ Pendant que le bot était arrêté :",
        "📉 La connexion Internet de la Freebox a été coupée et l'est toujours.",
    ]


async def test_a_connection_back_while_stopped_is_told_in_the_groups_language(
    tmp_path: Path,
) -> None:
    told = await _told_after_a_restart(
        tmp_path, FAMILY_GROUP, "en", _connection_up, at_stop=_connection_down
    )
    assert told == [
        "⏸ While the bot was stopped:",
        "🌐 The Freebox's Internet connection, down when the bot stopped, is back up.",
    ]
