"""A box slow to answer holds up only the command waiting for it.

The simulator sits on the member's /downloads request until the test releases it (a box
that takes 10 s, without waiting 10 s): meanwhile another person's command and a button
press are answered, and the member's own next command waits its turn. A one-time button
pressed by two people at once still acts once, and one person's updates keep their order.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, OWNER, household
from tests.features.test_alarm import DISARM, RIGHT_PIN, open_panel, send_pin
from tests.features.test_guest_wifi import EXPIRED, add_keys, key_requests
from tests.features.test_player import LIVING_ROOM, only_player

EMPTY_DOWNLOADS = "😌 Aucun téléchargement en cours"


async def test_a_slow_box_holds_up_only_the_person_waiting_for_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [remote] = await home.say(OWNER, "/remote")

        home.box.hold("downloads")
        home.telegram.push_message(MEMBER, MEMBER, "/downloads")
        async with asyncio.timeout(10):
            await home.box.wait_until(lambda: home.box.held)
        home.telegram.push_message(MEMBER, MEMBER, "/help")  # the member's next command

        [help_text] = await home.say(GUEST, "/help")
        assert "/guest" in help_text.visible_text
        answer = await home.press(OWNER, remote, "Plus fort")
        assert answer["text"] == "🔊 Volume : 30"
        assert home.telegram.messages(MEMBER) == [], "still waiting for the box"

        home.box.release()
        listing, member_help = await home.telegram.wait_for_messages(MEMBER, 2, timeout=10)
        assert listing.visible_text.startswith(EMPTY_DOWNLOADS), "answered first, in order"
        assert "/downloads" in member_help.visible_text


async def test_a_button_pressed_by_two_people_at_once_acts_once(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        add_keys(home)
        [listing] = await home.say(MEMBER, "/guest liste", chat=FAMILY_GROUP)
        revoke = listing.callback_data("Cousins du Sud")

        home.box.hold("custom_key/1")  # the first press waits for the box
        first = home.telegram.push_callback(FAMILY_GROUP, MEMBER, revoke, listing.message_id)
        second = home.telegram.push_callback(FAMILY_GROUP, OWNER, revoke, listing.message_id)
        answers = home.telegram.callback_answers
        ids = [first["callback_query"]["id"], second["callback_query"]["id"]]
        # Both presses run side by side: the one that lost is told while the other waits.
        loser = await home.telegram.wait_for(
            lambda: next((answers[i] for i in ids if i in answers), None), timeout=10
        )
        assert loser["text"] == EXPIRED
        assert home.box.held, "the winner is still waiting for the box"

        home.box.release()
        await home.telegram.wait_for(lambda: all(i in answers for i in ids), timeout=10)
        assert sorted(answers[i]["text"] for i in ids) == sorted([EXPIRED, "🗑 Accès révoqué."])
        assert len(key_requests(home, "DELETE")) == 1
        assert list(home.box.wifi.keys) == [2]


async def test_a_pin_sent_while_disarm_waits_for_the_box_finds_its_prompt(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)

        home.box.hold()  # Disarm reads the alarm from a box slow to answer
        home.telegram.push_callback(MEMBER, MEMBER, panel.callback_data(DISARM), panel.message_id)
        async with asyncio.timeout(10):
            await home.box.wait_until(lambda: home.box.held)
        send_pin(home, MEMBER, RIGHT_PIN)  # typed at once, before the prompt is shown
        await home.say(GUEST, "/help")  # the bot fetched the PIN and went on with others
        home.box.release()

        await home.telegram.wait_for(lambda: "a désarmé" in panel.visible_text)
        assert home.box.home.alarm_state() == "idle"
