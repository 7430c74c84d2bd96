"""The alarm card shows the state it led to, with only the buttons that state allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.models import Role
from tests.features.household import (
    FAMILY_GROUP,
    MEMBER,
    OWNER,
    Household,
    box_and_telegram,
    household,
    pair,
)
from tests.harness import running_bot


async def test_an_arming_card_turns_armed_once_the_box_says_so(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arming_delay = 600  # a real box counts down before it arms
        [panel] = await home.say(MEMBER, "/alarm")
        assert panel.button_labels == ["🔒 Armer", "🌙 Armer (nuit)", "🔄 Actualiser"]
        await home.press(MEMBER, panel, "🔒 Armer")
        await home.press(MEMBER, panel, "✅ Confirmer")
        assert "⏳ armement en cours (alarme principale)" in panel.visible_text
        assert panel.button_labels == ["🔓 Désarmer", "🔄 Actualiser"], "no Arm while arming"

        await home.running.bot.tick()
        assert "⏳ armement en cours" in panel.visible_text, "still arming: the card waits"
        home.box.home.finish_arming()
        await home.running.bot.tick()
        assert panel.visible_text.startswith("✅ Alice a armé l'alarme principale.")
        assert panel.visible_text.endswith("État : 🔒 armée (alarme principale)")
        assert panel.button_labels == ["🔓 Désarmer", "🔄 Actualiser"]


async def test_the_group_card_in_english_turns_armed_and_offers_no_arm(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arming_delay = 600
        [panel] = await home.say(MEMBER, "/alarm", chat=FAMILY_GROUP, language="en")
        assert panel.button_labels == ["🔒 Arm", "🌙 Arm (night)", "🔄 Refresh"]
        await home.press(MEMBER, panel, "🌙 Arm (night)", language="en")
        await home.press(MEMBER, panel, "✅ Confirm", language="en")
        assert "⏳ arming (night alarm)" in panel.visible_text
        home.box.home.finish_arming()
        await home.running.bot.tick()
        assert panel.visible_text.endswith("🌙 armed (night alarm)")
        assert panel.button_labels == ["🔓 Disarm", "🔄 Refresh"]

        [armed] = await home.say(MEMBER, "/alarm", chat=FAMILY_GROUP, language="en")
        assert armed.button_labels == ["🔓 Disarm", "🔄 Refresh"], "a new panel too"


@pytest.mark.parametrize(
    "language, arm, confirm, arming, armed",
    [
        (
            "fr",
            "🔒 Armer",
            "✅ Confirmer",
            "⏳ armement en cours",
            "État : 🔒 armée (alarme principale)",
        ),
        ("en", "🔒 Arm", "✅ Confirm", "⏳ arming", "State: 🔒 armed (main alarm)"),
    ],
)
async def test_an_arming_card_turns_armed_after_a_restart(
    tmp_path: Path, language: str, arm: str, confirm: str, arming: str, armed: str
) -> None:
    async with box_and_telegram() as (box, url, telegram):
        settings = {"freebox_url": url, "bot_owner_ids": frozenset({OWNER})}
        box.home.arming_delay = 600
        async with running_bot(tmp_path, telegram, **settings) as running:
            await pair(running)
            home = Household(telegram, box, running, url)
            await home.add_person(MEMBER, Role.MEMBER, "Marie")
            [panel] = await home.say(MEMBER, "/alarm", language=language)
            await home.press(MEMBER, panel, arm, language=language)
            await home.press(MEMBER, panel, confirm, language=language)
            assert arming in panel.visible_text
        box.home.finish_arming()
        async with running_bot(tmp_path, telegram, **settings) as running:
            await running.bot.tick()
            assert panel.visible_text.endswith(armed), "the restarted bot redrew the card"
            assert len(panel.button_labels) == 2, "Disarm and Refresh, no Arm"
