"""The gate judges the command Telegram marks and python-telegram-bot runs, whatever follows it.

A guest once sent `/invite, owner`: Telegram marks `/invite` (the comma ends the command),
PTB's CommandHandler ran /invite with the argument `owner`, while the gate read `invite,`,
a command nobody declared, and let a guest through.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.access.gate import DOCUMENT
from bot.storage.models import Invite, Role
from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, OWNER, Household, household

TORRENT_TYPE = "application/x-bittorrent"
TORRENT = b"d8:announce35:udp://tracker.example.org:1337/announce4:infod4:name10:ubuntu.isoee"
# What Telegram leaves outside the command entity, and what it keeps in it.
SUFFIXES = (",", "!", ".", "\u200b", "@freebox_test_bot", "@FREEBOX_TEST_BOT,")
NOT_ALLOWED = "votre rôle ne permet pas"


async def invitations(home: Household) -> int:
    async with home.running.bot.running.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Invite)) or 0)


def commands_above(home: Household, role: Role) -> list[str]:
    """The declared commands the role may not use, as the features declared them."""
    declared = home.running.bot.running.gate.command_roles
    return sorted(c for c, needed in declared.items() if c != DOCUMENT and not role.allows(needed))


async def test_commands_above_the_role_are_refused_whatever_follows_them(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        requests_before = len(home.box.requests)
        for sender in (GUEST, MEMBER):
            sender_role = Role.GUEST if sender == GUEST else Role.MEMBER
            forbidden = commands_above(home, sender_role)
            assert "invite" in forbidden and "pair" in forbidden
            for command in forbidden:
                for suffix in SUFFIXES:
                    text = f"/{command}{suffix} owner 1"
                    [reply] = await home.say(sender, text)
                    assert NOT_ALLOWED in reply.visible_text, f"{text!r} from {sender_role}"
            [last] = await home.say(sender, "/help")
            assert "Ce que je sais faire" in last.visible_text, "a refused command answered later"
        assert await invitations(home) == 0, "a refused /invite made an invitation"
        assert len(home.box.requests) == requests_before, "a refused command reached the box"


async def test_upper_case_commands_are_the_same_commands(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(GUEST, "/INVITE, owner")
        assert NOT_ALLOWED in refused.visible_text
        [listing] = await home.say(OWNER, "/Users@Freebox_Test_Bot")
        assert "Personnes qui ont accès" in listing.visible_text
        assert await invitations(home) == 0


async def test_commands_for_another_bot_are_ignored(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for sender, text in (
            (GUEST, "/pair@other_bot"),
            (GUEST, "/invite@other_bot, owner"),
            (MEMBER, "/users@other_bot"),
            (OWNER, "/invite@other_bot membre"),
        ):
            home.telegram.push_message(sender, sender, text)
        for text in ("/notifications@other_bot", "/help@other_bot"):
            home.telegram.push_message(FAMILY_GROUP, MEMBER, text, chat_type="group")
        for chat in (GUEST, MEMBER, OWNER):
            [reply] = await home.say(chat, "/help")
            assert "Ce que je sais faire" in reply.visible_text, "a command for another bot ran"
        [reply] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text
        assert await invitations(home) == 0


async def test_an_unknown_or_unmarked_slash_text_reaches_no_handler(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for text in ("/nonsense", "/ invite owner", "//invite owner", "/invitéowner"):
            [reply] = await home.say(MEMBER, text)
            assert "Je ne connais pas" in reply.visible_text, text
        [refused] = await home.say(GUEST, "/ pair")
        assert "Je ne connais pas cette commande" in refused.visible_text
        home.telegram.push_message(FAMILY_GROUP, MEMBER, "/nonsense", chat_type="group")
        [reply] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text, "another bot's command got a refusal"


async def test_an_edited_message_is_judged_like_a_new_one(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.telegram.mark_seen(GUEST)
        original = home.telegram.push_message(GUEST, GUEST, "bonjour")
        home.telegram.push_edited_message(original, "/invite, owner")
        pointer, refused = await home.telegram.wait_for_messages(GUEST, 2, timeout=10)
        assert pointer.visible_text.startswith("💬"), "plain text gets a pointer to /help"
        assert NOT_ALLOWED in refused.visible_text
        assert await invitations(home) == 0, "an edited message made an invitation"


async def test_a_caption_is_judged_like_a_text(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for caption in ("/invite, owner", "/pair!"):
            home.telegram.mark_seen(MEMBER)
            home.telegram.push_document(
                MEMBER, MEMBER, "ubuntu.torrent", TORRENT, TORRENT_TYPE, caption=caption
            )
            [refused] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=10)
            assert NOT_ALLOWED in refused.visible_text, caption
        assert not home.box.requests_to("downloads/add", "POST"), "the file went to the box"
        assert await invitations(home) == 0
