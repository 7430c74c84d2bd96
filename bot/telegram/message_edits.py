"""Replacing a message the bot sent earlier (panels, progress, questions), with one policy.

Telegram refuses an edit that changes nothing ("message is not modified"): the message
already shows the text, so that is done, not an error. A message that can no longer be
edited (deleted, too old, not found) is gone: the edit says so, and with `send_if_missing`
the text is sent as a new message instead. Any other refusal (bad HTML, a text too long)
is a bug and is raised.
"""

from __future__ import annotations

import enum
import logging

from telegram import Bot, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

log = logging.getLogger(__name__)

_GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")


class Edited(enum.Enum):
    """What became of an edit."""

    SHOWN = "shown"  # the message shows the text (edited now, or already)
    GONE = "gone"  # the message cannot be edited any more


async def edit_html(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    send_if_missing: bool = False,
) -> Edited:
    """Replace message `message_id` with `text` (HTML, the bot's default).

    Without a message id, or when it is gone, nothing is shown, or a new message is sent
    with `send_if_missing`.
    """
    edited = Edited.GONE
    if message_id is not None:
        edited = await _edit(bot, chat_id, message_id, text, markup)
    if edited is Edited.GONE and send_if_missing:
        await bot.send_message(chat_id, text, reply_markup=markup)
        return Edited.SHOWN
    return edited


async def edit_pressed(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> Edited:
    """Replace the message whose button was pressed (and its buttons)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if message is None:
        return Edited.GONE
    return await edit_html(message.get_bot(), message.chat.id, message.message_id, text, markup)


async def edit_sent(message: Message, text: str) -> Edited:
    """Replace `message`, one the bot sent (a progress message)."""
    return await edit_html(message.get_bot(), message.chat_id, message.message_id, text)


async def _edit(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> Edited:
    try:
        await bot.edit_message_text(text, chat_id, message_id, reply_markup=markup)
    except BadRequest as exc:
        reason = exc.message.lower()
        if "not modified" in reason:
            return Edited.SHOWN
        if any(gone in reason for gone in _GONE):
            log.info("message %s of chat %s can no longer be edited: %s", message_id, chat_id, exc)
            return Edited.GONE
        raise
    return Edited.SHOWN
