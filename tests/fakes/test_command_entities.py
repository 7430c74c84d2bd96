"""The fake marks bot commands as Telegram does, so the gate's tests see what Telegram sends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram
from telegram.error import Forbidden

from .telegram_api import FakeTelegram, bot_command_entities

CHAT = 4242
USER = 4242
GROUP = -100999


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server
    assert server.internal_errors == []


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[telegram.Bot]:
    async with fake.make_bot() as tg_bot:
        yield tg_bot


def marked(text: str) -> list[str]:
    """The commands Telegram marks in `text`, as the text they cover."""
    utf16 = text.encode("utf-16-le")
    return [
        utf16[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in bot_command_entities(text)
    ]


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        ("/invite, owner", ["/invite"]),
        ("/pair!", ["/pair"]),
        ("/users,", ["/users"]),
        ("/status.", ["/status"]),
        ("/calls\u200b", ["/calls"]),
        ("/add\u2060x", ["/add"]),
        ("/pair@freebox_test_bot, now", ["/pair@freebox_test_bot"]),
        ("/pair@other_bot", ["/pair@other_bot"]),
        ("/pair@ab", ["/pair"]),  # a username has 3 to 32 characters
        ("/pair@freebox_test_botéé", ["/pair"]),
        ("/pairé", []),  # glued to a letter: no command
        ("/pair2", ["/pair2"]),
        ("/a/b", []),
        ("//pair", []),
        ("/ pair", []),
        ("/", []),
        ("/@bot", []),
        ("x/pair", []),
        ("hello /start and /help", ["/start", "/help"]),
        ("🎉 /start", ["/start"]),
        ("/" + "a" * 64, ["/" + "a" * 64]),
        ("/" + "a" * 65, []),
    ],
)
def test_commands_are_marked_like_telegram(text: str, commands: list[str]) -> None:
    assert marked(text) == commands


def test_offsets_count_utf16_code_units() -> None:
    [entity] = bot_command_entities("🎉 /start")
    assert (entity["offset"], entity["length"]) == (3, 6)


async def test_messages_edits_and_captions_carry_the_entities(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    sent = fake.push_message(CHAT, USER, "/invite, owner")
    fake.push_edited_message(sent, "/pair! now")
    fake.push_document(CHAT, USER, "a.torrent", b"d4:infodee", caption="/add, please")
    message, edited, document = await bot.get_updates(timeout=0)
    assert message.message is not None
    assert list(message.message.parse_entities(["bot_command"]).values()) == ["/invite"]
    assert edited.edited_message is not None
    assert edited.edited_message.message_id == message.message.message_id
    assert list(edited.edited_message.parse_entities(["bot_command"]).values()) == ["/pair"]
    assert document.message is not None
    assert list(document.message.parse_caption_entities(["bot_command"]).values()) == ["/add"]


async def test_leaving_a_group_is_recorded_and_ends_sending_there(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    fake.add_chat(GROUP, chat_type="supergroup")
    assert await bot.leave_chat(GROUP)
    assert fake.left_chats == [GROUP]
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(GROUP, "x")
