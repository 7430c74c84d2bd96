"""The bot's messages are HTML by default (`Defaults`), and the fake still checks that HTML.

Handlers no longer say `parse_mode=HTML` on each call: python-telegram-bot adds it to every
request. A message whose tags do not balance must still be refused, as Telegram refuses it,
and a text sent with `parse_mode=None` must reach the user exactly as written.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.error import BadRequest

from bot.telegram.application import BotApplication, build_application

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
