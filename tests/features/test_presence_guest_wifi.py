"""/watch on the guest Wi-Fi: a visitor's phone is on the `wifiguest` interface, not `pub`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.storage.models import PresenceWatch
from tests.features.household import MEMBER, Household, household
from tests.features.test_presence import _socket_open, _until, _watcher
from tests.harness import ManualClock

GUEST_PHONE = "ether-aa:bb:cc:00:00:01"  # "Pixel-de-Camille", on wifiguest in the simulator


async def _last_told(home: Household) -> str | None:
    async with home.running.bot.running.sessions() as session:
        return await session.scalar(
            select(PresenceWatch.announced).where(PresenceWatch.host_id == GUEST_PHONE)
        )


async def test_a_phone_on_the_guest_wifi_is_watched_like_any_other(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        home.box.lan.set_reachable(GUEST_PHONE, False)  # the visitor is not there yet
        [menu] = await home.say(MEMBER, "/watch")
        [label] = [label for label in menu.button_labels if "Pixel-de-Camille" in label]
        assert label.startswith("⚪"), "listed from wifiguest, not connected now"
        await home.press(MEMBER, menu, label)
        await home.telegram.wait_for(lambda: "Pixel-de-Camille</b>" in (menu.text or ""))
        assert "pas à la maison en ce moment" in menu.visible_text
        await _socket_open(home.running, home.box)

        await home.box.set_host_reachable(GUEST_PHONE, True)
        [arrived] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert arrived.visible_text == "🏠 Pixel-de-Camille est à la maison."

        # After the socket comes back, the bot compares with the box's lists: the phone
        # is found on wifiguest, so it is not taken for gone.
        stream = _watcher(home.running).stream
        assert stream is not None
        await home.box.drop_websockets()
        await _until(lambda: stream.connections >= 2)
        await home.running.bot.tick()  # reconnected: compared with the box's lists
        clock.advance(minutes=4)
        await home.running.bot.tick()
        assert _watcher(home.running).pending_departures == frozenset()
        assert await _last_told(home) == "home"

        await home.box.set_host_reachable(GUEST_PHONE, False)
        await _until(lambda: GUEST_PHONE in _watcher(home.running).pending_departures)
        clock.advance(minutes=4)
        await home.running.bot.tick()
        [left] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert left.visible_text == "🚶 Pixel-de-Camille est parti."
