"""A box that cannot push (API v10, or targets refused): the bot watches it instead.

The household hears the same messages as from a pushing box, once each, and nothing
about what happened before the bot first looked.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.box.registration import NotConfiguredError, PushUnavailableError
from bot.storage.models import OutboxMessage, Role
from freeboxos import FreeboxError
from freeboxos.simulator import BoxInfo, SimulatorState, create_simulator_app
from freeboxos.simulator.notify import SUBSCRIPTIONS
from tests.fakes import FakeTelegram
from tests.features.household import MEMBER, OWNER, Household, household, pair
from tests.harness import ManualClock, RunningBot, eventually, running_bot

OLD_BOX = "10.0"
# The list endpoints a watching bot reads; the bot reads single items to name things.
WATCHED_LISTS = ("call/log", "downloads", "lan/browser/interfaces", "connection", "home/nodes")


@asynccontextmanager
async def _box(version: str) -> AsyncIterator[tuple[SimulatorState, str, FakeTelegram]]:
    """A box reporting `version` (every permission granted) and Telegram, outliving bots."""
    box = SimulatorState(auto_approve=True, box=BoxInfo(version=version))
    box.auth.default_permissions.update({p: True for p in box.auth.default_permissions})
    async with (
        TestServer(create_simulator_app(box), host="127.0.0.1") as server,
        FakeTelegram() as telegram,
    ):
        try:
            yield box, str(server.make_url("")).rstrip("/"), telegram
        finally:
            await box.aclose()


@asynccontextmanager
async def _bot(
    tmp_path: Path, box: SimulatorState, url: str, telegram: FakeTelegram, clock: ManualClock
) -> AsyncIterator[Household]:
    async with running_bot(
        tmp_path, telegram, clock=clock, freebox_url=url, bot_owner_ids=frozenset({OWNER})
    ) as running:
        yield Household(telegram, box, running, url)


@asynccontextmanager
async def _old_household(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Household]:
    """A v10 box, paired; the member's chat asked for notifications (the box refused)."""
    async with (
        _box(OLD_BOX) as (box, url, telegram),
        _bot(tmp_path, box, url, telegram, clock) as home,
    ):
        await home.add_person(MEMBER, Role.MEMBER, "Marie")
        await pair(home.running)
        await _ask_for_notifications(home.running, MEMBER)
        yield home


async def _ask_for_notifications(running: RunningBot, chat_id: int) -> None:
    """What /pair and /notifications do for a chat; a box that cannot push says so."""
    with contextlib.suppress(FreeboxError, NotConfiguredError, PushUnavailableError):
        await running.bind_chat_through_box(chat_id)


async def _look(home: Household, clock: ManualClock) -> None:
    """Half a minute passes: the bot's periodic work runs once."""
    clock.advance(seconds=30)
    await home.running.bot.tick()


async def _queued(home: Household) -> int:
    """Rows owed to the member's chat (committed by the reading that found them)."""
    async with home.running.bot.running.sessions() as session:
        count = await session.scalar(select(func.count()).where(OutboxMessage.chat_id == MEMBER))
        return int(count or 0)


async def _news(home: Household, count: int) -> list[str]:
    """Everything the member's chat was told, one line per notification (rows due together
    share a Telegram message)."""

    async def told() -> list[str] | None:
        parts = [
            part
            for message in home.telegram.messages(MEMBER)
            for part in message.visible_text.split("\n\n")
        ]
        return parts if len(parts) >= count else None

    return await eventually(told, timeout=10)


async def test_a_missed_call_on_a_box_that_cannot_push_reaches_the_chat(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        assert home.box.targets == {}, "a v10 box takes no target pointing at us"
        await _look(home, clock)
        assert await _queued(home) == 0, "the calls already in the log are not news"

        await home.box.missed_call("0611223344", "Maman")
        await _look(home, clock)
        [call] = await _news(home, 1)
        assert call.startswith("📞 Appel manqué de Maman (0611223344)")

        await _look(home, clock)
        await _look(home, clock)
        assert await _queued(home) == 1, "told once"


async def test_downloads_that_finish_or_fail_are_told(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        [film, music] = home.box.downloads.add_urls(
            ["http://example.com/film.mkv", "http://example.com/album.zip"]
        )
        await _look(home, clock)  # both downloading: nothing to say

        await home.box.complete_task(film.id)
        await _look(home, clock)
        [done] = await _news(home, 1)
        assert done == "✅ Téléchargement terminé : film.mkv"

        await home.box.fail_task(music.id)
        await _look(home, clock)
        [_, failed] = await _news(home, 2)
        assert failed == (
            "❌ Échec du téléchargement : album.zip, le serveur a répondu par l'erreur HTTP 404."
        )
        await _look(home, clock)
        assert await _queued(home) == 2


async def test_a_new_device_is_told_and_the_known_ones_are_not(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        await _look(home, clock)
        await home.box.new_lan_host("aa:bb:cc:dd:ee:01", "Tablette-de-Lea", "192.168.1.77")
        await _look(home, clock)
        [device] = await _news(home, 1)
        assert device.startswith("🆕 Nouvel appareil sur le réseau : Tablette-de-Lea")
        await _look(home, clock)
        assert await _queued(home) == 1


async def test_the_connection_going_down_then_up(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        await _look(home, clock)
        await home.box.set_connection("down")
        await _look(home, clock)  # 12:01 UTC, 13:01 in Paris
        [down] = await _news(home, 1)
        assert down == "📉 La connexion Internet de la Freebox est coupée (constaté à 13:01)."

        await home.box.set_connection("going_up")
        await _look(home, clock)
        await home.box.set_connection("up")
        await _look(home, clock)
        [_, up] = await _news(home, 2)
        assert up == "🌐 La connexion Internet de la Freebox est rétablie."
        assert await _queued(home) == 2, "going_up on the way is not a message"


async def test_the_alarm_triggered_armed_and_disarmed(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        await _look(home, clock)
        home.box.home.arm("alarm2")
        await _look(home, clock)
        await home.box.trigger_alarm()
        await _look(home, clock)
        home.box.home.disarm()
        await _look(home, clock)
        armed, triggered, disarmed = await _news(home, 3)
        assert armed == "🌙 L'alarme de nuit est activée."
        assert triggered.startswith("🚨 L'alarme s'est déclenchée à ")
        assert disarmed == "🔓 L'alarme est désactivée."


async def test_a_permission_not_granted_spares_the_other_kinds(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        home.box.withdraw("home")  # the household never ticked "home" in Freebox OS
        await _look(home, clock)
        home.box.home.arm("alarm1")
        await home.box.missed_call("0611223344", "Maman")
        await _look(home, clock)
        [call] = await _news(home, 1)
        assert call.startswith("📞 Appel manqué de Maman")
        assert await _queued(home) == 1


async def test_a_chat_hears_only_the_kinds_it_chose(tmp_path: Path) -> None:
    clock = ManualClock()
    async with _old_household(tmp_path, clock) as home:
        [menu] = await home.say(MEMBER, "/notifications")
        await home.press(MEMBER, menu, "Appels manqués")  # the box refuses; the choice holds
        await _ask_for_notifications(home.running, OWNER)  # every kind
        await _look(home, clock)
        await home.box.missed_call("0611223344")
        home.box.home.arm("alarm1")
        await _look(home, clock)
        [only] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert only.visible_text == "🔒 L'alarme est activée."
        assert await _queued(home) == 1, "no missed-call message after opting out"
        [call] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert call.visible_text.startswith("📞 Appel manqué de 0611223344")


async def test_a_restart_repeats_nothing_and_tells_what_happened_meanwhile(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with _box(OLD_BOX) as (box, url, telegram):
        async with _bot(tmp_path, box, url, telegram, clock) as home:
            await pair(home.running)
            await _ask_for_notifications(home.running, MEMBER)
            await _look(home, clock)
            await box.missed_call("0611223344", "Maman")
            await _look(home, clock)
            await _news(home, 1)

        [task] = box.downloads.add_urls(["http://example.com/film.mkv"])
        await box.complete_task(task.id)  # while the bot is stopped

        async with _bot(tmp_path, box, url, telegram, clock) as home:
            await _look(home, clock)
            await _look(home, clock)
            [call, done] = await _news(home, 2)
            assert call.startswith("📞 Appel manqué de Maman")
            assert done == "✅ Téléchargement terminé : film.mkv"
            assert await _queued(home) == 2, "the call is not told again after the restart"


async def test_without_a_public_url_the_chat_is_still_told(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock, notif_public_url=None) as home:
        await _ask_for_notifications(home.running, MEMBER)  # nowhere for the box to push
        await _look(home, clock)
        await home.box.missed_call("0611223344", "Maman")
        await _look(home, clock)
        [call] = await _news(home, 1)
        assert call.startswith("📞 Appel manqué de Maman (0611223344)")


async def test_a_box_that_pushes_is_not_read_and_nothing_is_doubled(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await home.running.bind_chat_through_box(MEMBER)
        await home.box.wait_idle()
        assert home.box.targets, "a v15 box takes our target"
        await _look(home, clock)

        [task] = home.box.downloads.add_urls(["http://example.com/film.mkv"])
        await home.box.missed_call("0611223344", "Maman")
        await _look(home, clock)
        await home.box.complete_task(task.id)
        await home.box.new_lan_host("aa:bb:cc:dd:ee:01", "Tablette-de-Lea", "192.168.1.77")
        await _look(home, clock)
        await home.box.set_connection("down")
        await _look(home, clock)
        await home.box.set_connection("up")
        await home.box.trigger_alarm()
        await _look(home, clock)
        await _look(home, clock)

        await _news(home, 5)
        assert await _queued(home) == 5, "each pushed event once, none read again"
        for path in WATCHED_LISTS:
            assert home.box.requests_to(path, "GET") == [], f"the bot read {path}"


async def test_from_watching_back_to_push_nothing_is_repeated(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        home.box.refused_subscriptions = set(SUBSCRIPTIONS)  # the box refuses every target
        await _ask_for_notifications(home.running, MEMBER)
        assert home.box.targets == {}
        await _look(home, clock)
        await home.box.missed_call("0611223344", "Maman")
        await _look(home, clock)
        [watched] = await _news(home, 1)
        assert "Maman" in watched

        home.box.refused_subscriptions = set()
        await home.running.bind_chat_through_box(MEMBER)  # the hourly repair does the same
        await home.box.wait_idle()
        await _look(home, clock)
        await home.box.missed_call("0622334455", "Papa")
        await _look(home, clock)
        await _look(home, clock)
        [_, pushed] = await _news(home, 2)
        assert "Papa" in pushed
        assert await _queued(home) == 2, "neither call told twice"
        reads = len(home.box.requests_to("call/log", "GET"))
        await _look(home, clock)
        assert len(home.box.requests_to("call/log", "GET")) == reads, "push works: not read"
