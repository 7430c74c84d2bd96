"""What the box pushed while the bot was stopped is told at the next start, once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import select

from bot.storage.models import Chat, Role, Target
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


@asynccontextmanager
async def _bot(
    tmp_path: Path, box: SimulatorState, url: str, telegram: FakeTelegram, clock: ManualClock
) -> AsyncIterator[Household]:
    async with running_bot(
        tmp_path, telegram, clock=clock, freebox_url=url, bot_owner_ids=frozenset({OWNER})
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
