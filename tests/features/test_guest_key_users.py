"""/guest list shows who joined each guest key: a device's name, else its MAC."""

from __future__ import annotations

from pathlib import Path

from freeboxos.simulator.guest_users import join_guest_key
from tests.features.household import MEMBER, household


async def test_each_key_lists_the_devices_that_joined_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        wifi, lan = home.box.wifi, home.box.lan
        party = wifi.create({"key": "la-fete-ce-soir", "description": "Fête", "duration": 0})
        lonely = wifi.create({"key": "personne-encore", "description": "Vide", "duration": 0})
        join_guest_key(
            wifi,
            lan,
            party.id,
            mac="aa:bb:cc:00:00:02",
            hostname="Galaxy-de-Léa",
            ip="192.168.27.66",
        )
        party.users.append({"hostname": "", "host": {"l2ident": {"id": "AA:BB:CC:00:00:03"}}})

        [listing] = await home.say(MEMBER, "/guest list", language="en")
        blocks = listing.visible_text.split("\n\n")
        assert blocks[1].endswith("\n👥 Joined: Galaxy-de-Léa, AA:BB:CC:00:00:03")
        assert blocks[2].startswith("2. Vide") and "👥" not in blocks[2], f"nobody: {lonely.id}"
