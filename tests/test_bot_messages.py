"""The bot's messages: HTML by default (`Defaults`), and one policy for every edit.

Handlers no longer say `parse_mode=HTML` on each call: python-telegram-bot adds it to every
request. A message whose tags do not balance must still be refused, as Telegram refuses it,
and a text sent with `parse_mode=None` must reach the user exactly as written. An edit that
changes nothing is shown, a message gone is said (or sent anew), any other refusal raises.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.error import BadRequest

from bot.telegram.application import BotApplication, build_application
from bot.telegram.message_edits import Edited, edit_html

from .fakes.telegram_api import FakeTelegram

CHAT = 4242


@pytest.fixture
async def application() -> AsyncIterator[tuple[FakeTelegram, BotApplication]]:
    async with FakeTelegram() as fake:
        built = build_application(fake.token, fake.url)
        async with built:
            yield fake, built
    assert fake.internal_errors == []


async def test_an_unbalanced_tag_sent_with_the_default_parse_mode_is_refused(
    application: tuple[FakeTelegram, BotApplication],
) -> None:
    fake, built = application
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag"):
        await built.bot.send_message(CHAT, "<b>Tom & Jerry")
    assert fake.messages(CHAT) == []


async def test_default_html_is_shown_formatted_and_plain_text_as_written(
    application: tuple[FakeTelegram, BotApplication],
) -> None:
    fake, built = application
    await built.bot.send_message(CHAT, "<b>Tom &amp; Jerry</b> &lt;3")
    assert fake.last_message(CHAT).visible_text == "Tom & Jerry <3"
    await built.bot.send_message(CHAT, "Tom & Jerry <3", parse_mode=None)
    assert fake.last_message(CHAT).visible_text == "Tom & Jerry <3"


async def test_an_edit_that_changes_nothing_is_shown_not_an_error(
    application: tuple[FakeTelegram, BotApplication],
) -> None:
    fake, built = application
    text = "<b>Tom &amp; Jerry</b>"
    sent = await built.bot.send_message(CHAT, text)
    assert await edit_html(built.bot, CHAT, sent.message_id, text) is Edited.SHOWN
    assert fake.last_message(CHAT).visible_text == "Tom & Jerry"


async def test_a_deleted_message_is_gone_or_sent_again(
    application: tuple[FakeTelegram, BotApplication],
) -> None:
    fake, built = application
    sent = await built.bot.send_message(CHAT, "old panel")
    await built.bot.delete_message(CHAT, sent.message_id)
    assert await edit_html(built.bot, CHAT, sent.message_id, "new panel") is Edited.GONE
    assert [message.edits for message in fake.messages(CHAT)] == [[]]
    shown = await edit_html(built.bot, CHAT, sent.message_id, "new panel", send_if_missing=True)
    assert shown is Edited.SHOWN
    assert fake.last_message(CHAT).visible_text == "new panel"
    assert fake.last_message(CHAT).message_id != sent.message_id


async def test_a_text_telegram_refuses_is_raised(
    application: tuple[FakeTelegram, BotApplication],
) -> None:
    _, built = application
    sent = await built.bot.send_message(CHAT, "panel")
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag"):
        await edit_html(built.bot, CHAT, sent.message_id, "<b>panel")
