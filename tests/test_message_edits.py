"""One policy for every edit: unchanged is shown, gone is said (or sent anew), bugs raise."""

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


async def test_an_edit_that_changes_nothing_is_shown_not_an_error(
    application: tuple[FakeTelegram, BotApplication],
) -> None:
    fake, built = application
    sent = await built.bot.send_message(CHAT, "<b>Tom &amp; Jerry</b>")
    edited = await edit_html(built.bot, CHAT, sent.message_id, "<b>Tom &amp; Jerry</b>")
    assert edited is Edited.SHOWN
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
