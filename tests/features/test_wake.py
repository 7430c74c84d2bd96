"""/wake (/reveiller): a member sends Wake-on-LAN to a device the box has seen."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import GUEST, MEMBER, household
from tests.features.test_pause import NOT_ALLOWED, edited

# The simulator's main network: an unnamed workstation and "iPhoneofQuentin" asleep,
# "Freebox Player POP" online; the Wi-Fi repeater is the box's own and is not offered.


async def test_a_member_picks_a_sleeping_computer_and_the_box_sends_the_packet(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/reveiller")
        assert question.visible_text == "⏰ Réveiller quel appareil ? (💤 en veille, ✅ en ligne)"
        labels = question.button_labels
        assert labels[-1] == "✅ Freebox Player POP"
        assert "💤 iPhoneofQuentin" in labels and len(labels) == 3

        await home.press(MEMBER, question, "💤 iPhoneofQuentin")
        assert edited(home, question).visible_text == (
            "⏰ Réveil (Wake-on-LAN) envoyé à iPhoneofQuentin (par Alice)."
            " Il se réveille si sa carte réseau le permet."
        )
        assert home.box.lan.wol == [("pub", {"mac": "5E:65:55:00:00:00", "password": ""})]


async def test_wake_by_name_in_english_and_an_unknown_name(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [sent] = await home.say(MEMBER, "/wake iphoneofquentin", language="en")
        assert sent.visible_text.startswith("⏰ Wake-on-LAN sent to iPhoneofQuentin (by Alice).")
        [unknown] = await home.say(MEMBER, "/wake Toaster", language="en")
        assert unknown.visible_text == (
            "⏰ The Freebox knows no device named “Toaster”. Send /wake to pick one."
        )
        assert len(home.box.lan.wol) == 1


async def test_a_guest_may_not_wake_a_computer(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(GUEST, "/wake")
        assert refused.visible_text == NOT_ALLOWED
        [question] = await home.say(MEMBER, "/wake")
        answer = await home.press(GUEST, question, "iPhoneofQuentin")
        assert answer["text"] == NOT_ALLOWED
        assert home.box.lan.wol == []


async def test_without_the_settings_permission_the_reply_names_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.withdraw("settings")
        [reply] = await home.say(MEMBER, "/wake iPhoneofQuentin")
        assert reply.visible_text.startswith(
            "🔐 La Freebox refuse : il manque le droit « Modification des réglages de la Freebox »."
        )
