"""/reboot (/redemarrer): an owner reboots the box after a confirmation saying what stops."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import GUEST, MEMBER, OWNER, household
from tests.features.test_pause import NOT_ALLOWED, edited

# The simulator's living-room Player is on ("running"), the bedroom's in standby.


async def test_an_owner_reboots_the_box_after_reading_what_it_interrupts(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        home.box.downloads.add_urls(["https://example.org/a.mkv", "https://example.org/b.mkv"])
        [question] = await home.say(OWNER, "/redemarrer")
        assert question.visible_text == (
            "🔄 Redémarrer la Freebox ?\n"
            "Pendant quelques minutes : ni Internet, ni Wi-Fi, ni téléphone"
            " (un appel en cours est coupé), ni télé.\n"
            "⬇️ 2 téléchargements en cours : ils reprendront après le redémarrage.\n"
            "📺 Allumé en ce moment : Freebox Player."
        )
        assert question.button_labels == ["🔄 Redémarrer", "Annuler"]
        assert home.box.box_actions == []

        await home.press(OWNER, question, "🔄 Redémarrer")
        assert edited(home, question).visible_text == (
            "🔄 La Freebox redémarre (demandé par Alice). Elle revient dans quelques minutes."
        )
        await home.box.wait_until(lambda: home.box.box_actions == ["reboot"])


async def test_in_english_with_nothing_running_and_cancelled(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for player in home.box.players.values():
            player.power_state = "standby"
        [question] = await home.say(OWNER, "/reboot", language="en")
        assert question.visible_text == (
            "🔄 Reboot the Freebox?\n"
            "For a few minutes: no Internet, no Wi-Fi, no phone (a call in progress is cut)"
            " and no TV."
        )
        await home.press(OWNER, question, "Cancel", language="en")
        assert edited(home, question).visible_text == "Cancelled: nothing changed."
        assert home.box.requests_to("system/reboot") == []


async def test_only_an_owner_may_reboot_and_only_the_one_asked_may_confirm(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(MEMBER, "/reboot")
        assert refused.visible_text == NOT_ALLOWED
        [refused] = await home.say(GUEST, "/redemarrer", language="en")
        assert refused.visible_text == "🔒 Sorry, your role does not allow that."

        [question] = await home.say(OWNER, "/reboot")
        answer = await home.press(MEMBER, question, "🔄 Redémarrer")
        assert answer["text"] == "🚫 Ce bouton est pour quelqu'un d'autre."
        assert home.box.requests_to("system/reboot") == []


async def test_without_the_settings_permission_the_reply_names_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.withdraw("settings")
        [question] = await home.say(OWNER, "/reboot")
        await home.press(OWNER, question, "🔄 Redémarrer")
        assert edited(home, question).visible_text.startswith(
            "🔐 La Freebox refuse : il manque le droit « Modification des réglages de la Freebox »."
        )
        assert home.box.box_actions == []
