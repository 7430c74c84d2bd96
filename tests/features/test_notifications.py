"""/notifications: a chat chooses its events; the target on the box follows."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, Household, household


async def _registered(home: Household, chat_id: int) -> None:
    await home.running.bind_chat_through_box(chat_id)
    await home.box.wait_idle()
    await home.telegram.wait_for(lambda: bool(home.box.targets))


async def test_toggling_a_kind_updates_the_target_on_the_box(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _registered(home, MEMBER)
        [target_id] = home.box.targets
        [menu] = await home.say(MEMBER, "/notifications")
        assert "Notifications de la Freebox" in menu.visible_text
        assert "✅ Appels manqués" in menu.button_labels
        answer = await home.press(MEMBER, menu, "Appels manqués")
        assert answer["text"] == "Enregistré ✅"
        [put] = home.box.requests_to(f"notif/targets/{target_id}", "PUT")
        assert "phone" not in put.parsed_body["subscriptions"]
        assert "downloader" in put.parsed_body["subscriptions"]
        assert "⬜ Appels manqués" in menu.button_labels, "the message shows the new state"

        await home.box.missed_call("0611223344")
        await home.box.box_state("reboot")
        [only] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
        assert "redémarre" in only.visible_text, "no missed-call message after opting out"

        await home.press(MEMBER, menu, "Appels manqués")
        assert "phone" in home.box.targets[target_id].subscriptions


async def test_turning_everything_off_and_on_again(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _registered(home, MEMBER)
        [old_id] = home.box.targets
        [menu] = await home.say(MEMBER, "/notifications")
        await home.press(MEMBER, menu, "Tout désactiver")
        assert home.box.targets == {}
        assert home.box.requests_to(f"notif/targets/{old_id}", "DELETE")
        assert "ne reçoit pas" in menu.visible_text
        await home.press(MEMBER, menu, "Activer les notifications")
        await home.box.wait_idle()
        [new_id] = home.box.targets
        assert new_id != old_id


async def test_a_family_group_gets_its_own_target(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [menu] = await home.say(MEMBER, "/notifications", chat=FAMILY_GROUP)
        assert "ne reçoit pas" in menu.visible_text
        await home.press(MEMBER, menu, "Activer les notifications")
        await home.box.wait_idle()
        [target] = home.box.targets.values()
        assert "Famille" in target.name
        [live] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        assert "notifications sont actives" in live.visible_text
        await home.box.box_state("pub_up")
        [pushed] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        assert pushed.visible_text.startswith("🌐")


async def test_guests_do_not_manage_notifications(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(GUEST, "/notifications")
        assert "votre rôle ne permet pas" in reply.visible_text
