"""A box slow to answer holds up only the command waiting for it.

The simulator sits on the member's /downloads request until the test releases it (a box
that takes 10 s, without waiting 10 s): meanwhile another person's command and a button
press are answered, and the member's own next command waits its turn.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.features.household import GUEST, MEMBER, OWNER, household
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
