"""/tv by channel name from the box's bouquet; a number the box lacks is said so."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, MEMBER, household
from tests.features.test_player import LIVING_ROOM, only_player, opened


async def test_tv_by_name_opens_the_channel_number(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [reply] = await home.say(MEMBER, "/tv France 2")
        assert reply.visible_text == "📺 Chaîne 2 (France 2) sur Freebox Player."
        for typed, number in (("arte", 7), ("FRANCE-5", 5), ("france4", 14), ("m6", 6)):
            [reply] = await home.say(MEMBER, f"/tv {typed}")
            assert opened(home, LIVING_ROOM)[-1].parsed_body == {"url": f"tv:?channel={number}"}
        assert len(opened(home, LIVING_ROOM)) == 5


async def test_tv_in_the_group_in_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [reply] = await home.say(MEMBER, "/tv tf1", chat=FAMILY_GROUP, language="en")
        assert reply.visible_text == "📺 Channel 1 (TF1) on Freebox Player."
        [reply] = await home.say(MEMBER, "/tv 999", chat=FAMILY_GROUP, language="en")
        assert reply.visible_text.startswith("📺 The Freebox has no channel 999.")
        assert len(opened(home, LIVING_ROOM)) == 1


async def test_an_unknown_or_ambiguous_name_opens_nothing(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [reply] = await home.say(MEMBER, "/tv Gulli <b>")
        assert reply.visible_text == (
            "📺 Je ne trouve pas de chaîne « Gulli <b> » dans le bouquet de la Freebox."
        )
        [reply] = await home.say(MEMBER, "/tv france", language="en")
        assert reply.visible_text.startswith("📺 Several channels are called")
        assert "/tv 2 France 2" in reply.visible_text and "/tv 14 France 4" in reply.visible_text
        assert opened(home, LIVING_ROOM) == []


async def test_a_box_without_a_channel_list_still_opens_numbers(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        home.box.tv_channels = []
        [reply] = await home.say(MEMBER, "/tv 999")
        assert reply.visible_text == "📺 Chaîne 999 sur Freebox Player."
        [reply] = await home.say(MEMBER, "/tv France 2")
        assert reply.visible_text.startswith("📺 La Freebox ne me donne pas la liste")
        assert len(opened(home, LIVING_ROOM)) == 1
