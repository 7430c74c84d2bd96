"""/watch: a device of the home network coming home and leaving, from the box's websocket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import select

from bot.box.lan_presence import PresenceWatcher
from bot.storage.models import PresenceWatch, Role, User
from freeboxos import LAN_HOST_REACHABLE
from freeboxos.simulator import SimulatorState
from tests.fakes import FakeTelegram, SentMessage
from tests.features.household import (
    GUEST,
    MEMBER,
    OWNER,
    Household,
    box_and_telegram,
    household,
    pair,
)
from tests.harness import ManualClock, RunningBot, eventually, running_bot

IPHONE = "ether-5e:65:55:00:00:00"  # "iPhoneofQuentin", away when the simulator starts


async def _until(condition: Callable[[], bool]) -> None:
    async def holds() -> bool | None:
        return True if condition() else None

    await eventually(holds, timeout=10)


def _watcher(running: RunningBot) -> PresenceWatcher:
    return running.bot.running.presence


async def _socket_open(running: RunningBot, box: SimulatorState) -> None:
    """Let the bot open its event socket, and wait until the box has it registered."""
    await running.bot.tick()
    await _until(lambda: box.events.registered(LAN_HOST_REACHABLE) > 0)
    await running.bot.tick()  # compares the watched devices with the box's list


async def _news(home: Household, count: int) -> list[str]:
    """The presence news the member's chat received (news due together share a message)."""

    async def received() -> list[str] | None:
        news = [
            part
            for message in home.telegram.messages(MEMBER)
            for part in message.visible_text.split("\n\n")
            if part.startswith(("🏠", "🚶"))
        ]
        return news if len(news) >= count else None

    return await eventually(received, timeout=10)


async def _last_told(home: Household) -> str | None:
    """What the member's chat was last told about the iPhone (committed with the notice)."""
    async with home.running.bot.running.sessions() as session:
        return await session.scalar(
            select(PresenceWatch.announced).where(PresenceWatch.chat_id == MEMBER)
        )


async def _watch_iphone(home: Household, *, language: str = "fr") -> SentMessage:
    [menu] = await home.say(MEMBER, "/watch", language=language)
    [label] = [label for label in menu.button_labels if "iPhoneofQuentin" in label]
    await home.press(MEMBER, menu, label, language=language)
    await home.telegram.wait_for(lambda: "iPhoneofQuentin</b>" in (menu.text or ""), timeout=10)
    return menu


async def _leaves(running: RunningBot, box: SimulatorState, clock: ManualClock) -> None:
    """The iPhone drops off the network and stays away for 4 minutes."""
    await box.set_host_reachable(IPHONE, False)
    await _until(lambda: IPHONE in _watcher(running).pending_departures)
    clock.advance(minutes=4)
    await running.bot.tick()


async def test_a_watched_phone_coming_home_and_leaving(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        menu = await _watch_iphone(home)
        assert "Je préviendrai ce chat quand <b>iPhoneofQuentin</b>" in (menu.text or "")
        assert "pas à la maison en ce moment" in menu.visible_text
        await _socket_open(home.running, home.box)

        await home.box.set_host_reachable(IPHONE, True)
        [arrived] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert arrived.visible_text == "🏠 iPhoneofQuentin est à la maison."

        await home.box.set_host_reachable(IPHONE, False)
        await _until(lambda: IPHONE in _watcher(home.running).pending_departures)
        clock.advance(minutes=2)
        await home.running.bot.tick()  # two minutes away: maybe the Wi-Fi napping
        assert await _last_told(home) == "home", "not announced yet"
        clock.advance(minutes=2)
        await home.running.bot.tick()
        [left] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert left.visible_text == "🚶 iPhoneofQuentin est parti."
        assert home.telegram.messages(OWNER) == [], "only the watching chat is told"


async def test_a_flapping_wifi_link_says_nothing(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await _watch_iphone(home)
        await _socket_open(home.running, home.box)
        await home.box.set_host_reachable(IPHONE, True)
        await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)

        for _ in range(3):  # unreachable for two minutes, back, three times
            await home.box.set_host_reachable(IPHONE, False)
            await _until(lambda: IPHONE in _watcher(home.running).pending_departures)
            clock.advance(minutes=2)
            await home.running.bot.tick()
            await home.box.set_host_reachable(IPHONE, True)
            await _until(lambda: IPHONE not in _watcher(home.running).pending_departures)

        await _leaves(home.running, home.box, clock)
        await home.box.set_host_reachable(IPHONE, True)
        assert await _news(home, 3) == [
            "🏠 iPhoneofQuentin est à la maison.",
            "🚶 iPhoneofQuentin est parti.",
            "🏠 iPhoneofQuentin est à la maison.",
        ], "the flaps sent nothing: the real departure and return come next"


async def test_the_socket_comes_back_and_catches_up_with_what_it_missed(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await _watch_iphone(home)
        await _socket_open(home.running, home.box)

        await home.box.drop_websockets()  # the box closes the socket: the bot reconnects
        await _until(lambda: home.box.events.registered(LAN_HOST_REACHABLE) > 0)
        await home.box.set_host_reachable(IPHONE, True)
        [arrived] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert "à la maison" in arrived.visible_text

        await home.box.unplug()  # off the network: the phone leaves meanwhile, unheard
        await home.box.set_host_reachable(IPHONE, False)
        home.box.plug()
        await _socket_open(home.running, home.box)  # reconnected, compared with the list
        assert IPHONE in _watcher(home.running).pending_departures
        clock.advance(minutes=4)
        await home.running.bot.tick()
        [left] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert left.visible_text == "🚶 iPhoneofQuentin est parti."


async def test_stopping_a_watch_and_watching_twice(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await _watch_iphone(home)
        [menu] = await home.say(MEMBER, "/watch")
        assert "Déjà surveillés ici : iPhoneofQuentin" in menu.visible_text
        assert not any("iPhoneofQuentin" in label for label in menu.button_labels[:-1])
        await home.press(MEMBER, menu, "✖️ Ne plus surveiller iPhoneofQuentin")
        await home.telegram.wait_for(lambda: "ne surveille plus" in menu.visible_text)

        await _socket_open(home.running, home.box)
        await home.box.set_host_reachable(IPHONE, True)  # home, while nobody watches it
        menu = await _watch_iphone(home)
        assert "à la maison en ce moment" in menu.visible_text
        await _leaves(home.running, home.box, clock)
        assert await _news(home, 1) == ["🚶 iPhoneofQuentin est parti."], (
            "its return while unwatched said nothing"
        )


async def test_watching_in_english_and_who_may(tmp_path: Path) -> None:
    async with household(tmp_path, clock=ManualClock()) as home:
        menu = await _watch_iphone(home, language="en")
        assert "I will tell this chat when <b>iPhoneofQuentin</b>" in (menu.text or "")
        [usage] = await home.say(MEMBER, "/watch everything", language="en")
        assert "Send /watch alone" in usage.visible_text
        [refused] = await home.say(GUEST, "/watch")
        assert refused.button_labels == []


@asynccontextmanager
async def _bot_on(
    tmp_path: Path, box: SimulatorState, telegram: FakeTelegram, url: str, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    async with running_bot(
        tmp_path, telegram, clock=clock, freebox_url=url, bot_owner_ids=frozenset({OWNER})
    ) as running:
        yield running


async def test_a_watch_survives_a_restart_without_repeating_itself(tmp_path: Path) -> None:
    clock = ManualClock()

    async with box_and_telegram() as (box, url, telegram):
        async with _bot_on(tmp_path, box, telegram, url, clock) as running:
            await pair(running)
            async with running.bot.running.sessions.begin() as session:
                session.add(User(id=MEMBER, role=Role.MEMBER, name="Marie"))
            home = Household(telegram, box, running, url)
            await _watch_iphone(home)
            await _socket_open(running, box)
            await box.set_host_reachable(IPHONE, True)
            await telegram.wait_for_messages(MEMBER, 1, timeout=10)

        async with _bot_on(tmp_path, box, telegram, url, clock) as running:
            await _socket_open(running, box)  # the phone is still home: nothing to say
            await _leaves(running, box, clock)
            [left] = await telegram.wait_for_messages(MEMBER, 1, timeout=10)
            assert left.visible_text == "🚶 iPhoneofQuentin est parti.", (
                "no second 'is home' after the restart"
            )


async def test_a_watch_can_be_stopped_while_the_box_is_down(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _watch_iphone(home)
        await home.box.unplug()
        [menu] = await home.say(MEMBER, "/watch")
        assert "La Freebox ne répond pas" in menu.visible_text
        assert "Déjà surveillés ici : iPhoneofQuentin" in menu.visible_text
        await home.press(MEMBER, menu, "✖️ Ne plus surveiller iPhoneofQuentin")
        await home.telegram.wait_for(lambda: "ne surveille plus" in (menu.text or ""), timeout=10)
        assert await _last_told(home) is None, "the watch is gone"

        [alone] = await home.say(MEMBER, "/watch")  # nothing watched: the error alone
        assert "La Freebox ne répond pas" in alone.visible_text
        assert alone.button_labels == []
