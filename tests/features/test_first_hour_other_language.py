"""Issue 15 items whose tests showed one language or one kind of chat: the other one here."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, OWNER, household
from tests.features.test_truth_pairing import _chats_with_a_target
from tests.harness import eventually

NEWCOMER = 1005


async def test_help_is_true_for_a_guest_in_french_and_in_the_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for chat in (GUEST, FAMILY_GROUP):
            [guest_help] = await home.say(GUEST, "/aide", chat=chat)
            text = guest_help.visible_text
            assert "/guest" in text and "/guest list" not in text, "a guest may not list keys"
            assert "arrivent ici" not in text, "no notification reaches a guest"
        [member_help] = await home.say(MEMBER, "/aide")
        assert "/guest list" in member_help.visible_text
        assert "Les notifications de la Freebox arrivent ici" in member_help.visible_text


async def test_the_owners_hear_in_english_when_an_invitation_is_used(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/start", language="en")
        [reply] = await home.say(OWNER, "/invite member 48", language="en")
        code = reply.visible_text.split("start=")[1].split()[0]
        home.telegram.mark_seen(OWNER)
        await home.say(NEWCOMER, f"/start {code}")
        [notice] = await home.telegram.wait_for_messages(OWNER, 1)
        assert notice.visible_text == "🎟 Alice used an invitation: member."


async def test_after_a_new_pairing_an_english_group_hears_the_box_again(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/language en", chat=FAMILY_GROUP)
        await home.running.bind_chat_through_box(OWNER)
        await home.running.bind_chat_through_box(FAMILY_GROUP)
        await eventually(lambda: _chats_with_a_target(home))
        home.box.forget_targets()  # the box was reset: it knows none of our targets

        [progress] = await home.say(OWNER, "/pair", language="en")
        await home.telegram.wait_for(lambda: progress.visible_text.startswith("✅"), timeout=10)
        await home.box.wait_idle()
        assert await eventually(lambda: _chats_with_a_target(home)) == {OWNER, FAMILY_GROUP}
        assert len(home.box.targets) == 2, "one target per chat"
        home.telegram.mark_seen(FAMILY_GROUP)
        await home.box.box_state("reboot")
        [pushed] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        assert pushed.visible_text == "🔄 The Freebox is rebooting."


async def test_deleting_a_download_in_a_french_group_redraws_its_list(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.downloads.add_urls(["https://example.org/one.iso"])
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        assert "one.iso" in listing.visible_text
        await home.press(MEMBER, listing, "🗑 Supprimer")
        [dialog] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        await home.press(MEMBER, dialog, "🗑 Retirer de la liste, garder les fichiers")
        await home.telegram.wait_for(lambda: "one.iso" not in listing.visible_text)
        assert listing.visible_text.startswith("😌 Aucun téléchargement en cours")
        assert listing.buttons == [], "no button left for a task that is gone"


async def test_a_name_is_greeted_as_written_in_an_english_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/language en", chat=FAMILY_GROUP)
        home.telegram.mark_seen(FAMILY_GROUP)
        home.telegram.push_message(
            FAMILY_GROUP, MEMBER, "/start", chat_type="group", first_name="Tom & Jerry <3"
        )
        [welcome] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        assert "Hello Tom & Jerry <3!" in welcome.visible_text
        assert "&amp;" not in welcome.visible_text and "&lt;" not in welcome.visible_text
