"""The household controls in the per-role menu and in /help, in French and English."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import GUEST, MEMBER, OWNER, household


async def test_each_control_is_in_its_roles_menu_in_both_languages(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.telegram.wait_for(
            lambda: bool(home.telegram.commands_for("", "all_group_chats"))
        )
        for language in ("fr", "en"):
            owner = home.telegram.commands_for(language, {"type": "chat", "chat_id": OWNER})
            member = home.telegram.commands_for(language, "all_private_chats")
            owner_names = {c["command"] for c in owner}
            member_names = {c["command"] for c in member}
            assert {"pause", "wifi", "reboot", "wake"} <= owner_names
            assert {"pause", "wake"} <= member_names
            assert not {"wifi", "reboot"} & member_names, "owners' controls"
        en = home.telegram.commands_for("en", {"type": "chat", "chat_id": OWNER})
        assert {"command": "reboot", "description": "Reboot the Freebox"} in en


async def test_help_lists_each_control_with_its_french_name_and_an_example(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        [owner_help] = await home.say(OWNER, "/aide")
        lines = owner_help.visible_text.splitlines()
        for entry, example in [
            ("/pause — Mettre en pause", "Ex. : /pause Enfants 21:30"),
            ("/reboot /redemarrer — Redémarrer la Freebox", "Ex. : /redemarrer, puis confirmer"),
            ("/wake /reveiller — Réveiller un ordinateur", "Ex. : /reveiller, puis"),
            ("/wifi — Allumer ou éteindre le Wi-Fi", "Ex. : /wifi off, puis /wifi on"),
        ]:
            at = next(i for i, line in enumerate(lines) if line.startswith(entry))
            assert lines[at + 1].strip().startswith(example), lines[at : at + 2]

        [member_help] = await home.say(MEMBER, "/help", language="en")
        text = member_help.visible_text
        assert "/pause — Pause a profile's Internet" in text
        assert "e.g. /wake, then pick the computer" in text
        assert "/reboot" not in text and "/wifi —" not in text
        [guest_help] = await home.say(GUEST, "/help", language="en")
        assert "/pause" not in guest_help.visible_text
