"""The whole product on every API version a Freebox in service may report.

Pairing, a missed call reaching the chat, /guest, /notifications and presence, on a box
playing API 8 to 15: pushed where the version can push to us (11+), read by the watcher
where it cannot, and with the same messages either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.models import Chat
from freeboxos import LAN_HOST_REACHABLE
from freeboxos.capabilities import can_push
from tests.features.household import GUEST, MEMBER, OWNER, Household, household
from tests.features.test_guest_wifi import ask, choose
from tests.harness import ManualClock, eventually

VERSIONS = ["8.0", "10.0", "11.0", "12.0", "13.0", "14.0", "15.0"]
IPHONE = "ether-5e:65:55:00:00:00"  # "iPhoneofQuentin", away when the simulator starts


async def _look(home: Household, clock: ManualClock) -> None:
    """Half a minute passes: the bot's periodic work (the watcher included) runs once."""
    clock.advance(seconds=30)
    await home.running.bot.tick()


async def _pair(home: Household, version: str) -> None:
    [progress] = await home.say(OWNER, "/pair")
    await home.telegram.wait_for(lambda: "Association réussie" in progress.visible_text, 10)
    [outcome] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
    expected = "recevra les notifications" if can_push(version) else "consulte donc toutes les 30"
    await home.telegram.wait_for(lambda: expected in outcome.visible_text, timeout=10)


async def _subscriptions(home: Household, chat_id: int) -> list[str]:
    async with home.running.bot.running.sessions() as session:
        return list((await session.get_one(Chat, chat_id)).subscriptions)


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_household_is_served_on_every_version(tmp_path: Path, version: str) -> None:
    clock = ManualClock()
    async with household(tmp_path, paired=False, clock=clock, box_version=version) as home:
        await _pair(home, version)
        assert bool(home.box.targets) == can_push(version), "a target only where it can push"

        await _look(home, clock)  # a watcher's first reading takes its mark
        await home.box.missed_call("0612345678", "Maman")
        await _look(home, clock)
        [call] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert call.visible_text.startswith("📞 Appel manqué de Maman")

        photo = await choose(home, GUEST, await ask(home, GUEST, "/guest"), "1 jour")
        assert photo.kind == "photo"

        [menu] = await home.say(OWNER, "/notifications")
        answer = await home.press(OWNER, menu, "Appels manqués")
        assert not answer.get("show_alert"), answer
        assert "phone" not in await _subscriptions(home, OWNER)
        for target in home.box.targets.values():
            assert "phone" not in target.subscriptions

        [watch] = await home.say(MEMBER, "/watch")
        [label] = [label for label in watch.button_labels if "iPhoneofQuentin" in label]
        await home.press(MEMBER, watch, label)
        await home.running.bot.tick()  # opens the event socket (API 8 has it)

        async def socket_open() -> bool | None:
            return True if home.box.events.registered(LAN_HOST_REACHABLE) > 0 else None

        await eventually(socket_open, timeout=10)
        await home.running.bot.tick()
        await home.box.set_host_reachable(IPHONE, True)
        [home_again] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert home_again.visible_text == "🏠 iPhoneofQuentin est à la maison."
