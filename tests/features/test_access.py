"""One gate before every handler: roles, invitations, removal, help and menu per role."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot.storage.models import Invite, Role, User, utcnow
from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, OWNER, STRANGER, household

NEWCOMER = 2001


async def test_strangers_get_a_polite_refusal_and_touch_nothing(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        requests_before = len(home.box.requests)
        for text in ("/notifications", "/pair", "/users", "hello", "/nonsense"):
            [reply] = await home.say(STRANGER, text)
            assert "ce bot est privé" in reply.visible_text
        [reply] = await home.say(STRANGER, "/start")
        assert "ce bot est privé" in reply.visible_text
        assert len(home.box.requests) == requests_before, "a stranger reached the box"


async def test_strangers_chatting_in_the_family_group_are_not_answered(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.telegram.push_message(FAMILY_GROUP, STRANGER, "coucou", chat_type="group")
        [reply] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text
        assert len(home.telegram.messages(FAMILY_GROUP)) == 1, "the stranger's chatter was answered"
        [refusal] = await home.say(STRANGER, "/notifications", chat=FAMILY_GROUP)
        assert "ce bot est privé" in refusal.visible_text


async def test_an_invitation_works_once(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(OWNER, "/invite invité 48")
        assert "invité" in reply.visible_text and "48 h" in reply.visible_text
        link = next(w for w in reply.visible_text.split() if w.startswith("https://t.me/"))
        assert link.startswith("https://t.me/freebox_test_bot?start=")
        code = link.split("start=")[1]
        [welcome] = await home.say(NEWCOMER, f"/start {code}")
        assert "/guest" in welcome.visible_text
        [again] = await home.say(STRANGER, f"/start {code}")
        assert "n'est plus valable" in again.visible_text
        [refused] = await home.say(NEWCOMER, "/notifications")
        assert "votre rôle ne permet pas" in refused.visible_text, "a guest is not a member"


async def test_an_expired_invitation_is_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(OWNER, "/invite")
        code = reply.visible_text.split("start=")[1].split()[0]
        async with home.running.bot.running.sessions.begin() as session:
            await session.execute(update(Invite).values(expires_at=utcnow() - timedelta(minutes=1)))
        [refused] = await home.say(NEWCOMER, f"/start {code}")
        assert "n'est plus valable" in refused.visible_text


async def test_only_owners_invite_and_bad_arguments_get_usage(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(MEMBER, "/invite")
        assert "votre rôle ne permet pas" in refused.visible_text
        for odd in (
            "astronaute",
            "membre demain",
            "membre ²",
            "membre ٣",
            "membre 0",
            "invité 721",
            f"membre {'9' * 5000}",
            "membre 24 de plus",
        ):
            [usage] = await home.say(OWNER, f"/invite {odd}")
            assert "Utilisation" in usage.visible_text, odd
            assert "propriétaire" not in usage.visible_text, "the usage offers no owner role"
        [usage] = await home.say(OWNER, "/invite membre ²", language="en")
        assert usage.visible_text.startswith("Usage: /invite [member|guest] [hours]")


async def test_no_invitation_makes_an_owner(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for text in ("/invite owner", "/invite Propriétaire 48", "/invite proprietaire"):
            [reply] = await home.say(OWNER, text)
            assert "jamais un propriétaire" in reply.visible_text, text
            assert "BOT_OWNER_IDS" in reply.visible_text
        [reply] = await home.say(OWNER, "/invite owner", language="en")
        assert "never an owner" in reply.visible_text
        for sender in (MEMBER, GUEST):
            [refused] = await home.say(sender, "/invite owner")
            assert "votre rôle ne permet pas" in refused.visible_text
        async with home.running.bot.running.sessions() as session:
            assert not list(await session.scalars(select(Invite))), "an invitation was made"


async def test_an_owner_invitation_left_in_the_database_grants_nothing(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        async with home.running.bot.running.sessions.begin() as session:
            session.add(
                Invite(
                    code="old-owner-code",
                    role=Role.OWNER,
                    created_by=OWNER,
                    expires_at=utcnow() + timedelta(hours=1),
                )
            )
        [refused] = await home.say(NEWCOMER, "/start old-owner-code")
        assert "n'est plus valable" in refused.visible_text
        [still_stranger] = await home.say(NEWCOMER, "/pair")
        assert "ce bot est privé" in still_stranger.visible_text
        async with home.running.bot.running.sessions() as session:
            assert await session.get(User, NEWCOMER) is None


async def test_a_stored_owner_row_counts_as_a_member(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.add_person(NEWCOMER, Role.OWNER, "Ancien")
        [refused] = await home.say(NEWCOMER, "/invite invité")
        assert "votre rôle ne permet pas" in refused.visible_text
        [help_text] = await home.say(NEWCOMER, "/help")
        assert "(vous êtes membre)" in help_text.visible_text


async def test_owner_removes_a_member_after_confirming_once(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [listing] = await home.say(OWNER, "/users")
        assert "Marie" in listing.visible_text and "Gaston" in listing.visible_text
        home.telegram.mark_seen(OWNER)
        await home.press(OWNER, listing, "Retirer Marie")
        [question] = await home.telegram.wait_for_messages(OWNER, 1)
        assert "Retirer l'accès de Marie" in question.visible_text
        _first, second = await home.press_twice(OWNER, question, "✅ Oui, retirer")
        assert "expiré" in second["text"], "the confirmation acts once"
        assert "n'a plus accès" in home.telegram.message(OWNER, question.message_id).visible_text
        [refused] = await home.say(MEMBER, "/notifications")
        assert "ce bot est privé" in refused.visible_text


async def test_help_lists_what_each_role_may_do(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [owner_help] = await home.say(OWNER, "/help")
        [member_help] = await home.say(MEMBER, "/help")
        [guest_help] = await home.say(GUEST, "/help", language="en")
        assert "/pair" in owner_help.visible_text and "/users" in owner_help.visible_text
        assert "/notifications" in member_help.visible_text
        assert "/pair" not in member_help.visible_text
        assert "/notifications" not in guest_help.visible_text
        assert "What I can do" in guest_help.visible_text


async def test_the_command_menu_is_published_in_french_and_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        fr = home.telegram.commands_for("fr", "all_private_chats")
        en = home.telegram.commands_for("en", "all_private_chats")
        assert {c["command"] for c in fr} == {c["command"] for c in en}
        assert "notifications" in {c["command"] for c in fr}
        assert "pair" not in {c["command"] for c in fr}, "members do not see owner commands"
        owner = home.telegram.commands_for("fr", {"type": "chat", "chat_id": OWNER})
        assert {"pair", "invite", "users"} <= {c["command"] for c in owner}
        assert fr != en, "descriptions are translated"


async def test_a_refused_press_does_not_use_the_button_up(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [task] = home.box.downloads.add_urls(["https://example.org/debian.iso"])
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        pause = listing.callback_data("Pause")
        refused = await home.press_data(GUEST, listing, pause)
        assert "votre rôle ne permet pas" in refused["text"]
        accepted = await home.press_data(MEMBER, listing, pause)
        assert "expiré" not in (accepted.get("text") or ""), "the guest used the button up"
        assert home.box.requests_to(f"downloads/{task.id}", "PUT")
