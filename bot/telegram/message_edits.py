"""Replacing a message the bot sent earlier (panels, progress), shared by the features."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest


async def edit_html(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    send_if_missing: bool = False,
) -> None:
    """Replace message `message_id` with `text` (HTML); an unchanged text is not an error.

    Without a message id nothing happens, or a new message is sent with `send_if_missing`.
    """
    if message_id is None:
        if send_if_missing:
            await bot.send_message(chat_id, text, reply_markup=markup)
        return
    try:
        await bot.edit_message_text(text, chat_id, message_id, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
