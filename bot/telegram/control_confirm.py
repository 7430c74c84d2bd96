"""Confirm and Cancel for a dangerous household control (Wi-Fi off, reboot), shared by them.

The buttons are the asker's alone and expire together (`choices.choice_buttons`); Cancel
is one action whatever the control, so each control module registers `CANCEL` with
`cancel_control`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.i18n import translate
from bot.telegram.buttons import ButtonPress, Buttons
from bot.telegram.choices import choice_buttons
from bot.telegram.message_edits import edit_pressed

CANCEL = "controls_cancel"


async def confirm_keyboard(
    buttons: Buttons,
    language: str,
    confirm_label_id: str,
    action: str,
    data: Mapping[str, Any],
    *,
    chat_id: int,
    user_id: int,
) -> InlineKeyboardMarkup:
    """The confirm button (labelled `confirm_label_id`) for `action`, and Cancel."""
    keys = [
        (translate(language, confirm_label_id), action, data),
        (translate(language, "controls-cancel"), CANCEL, {}),
    ]
    return await choice_buttons(buttons, keys, chat_id=chat_id, user_id=user_id)


async def cancel_control(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
) -> str | None:
    """Leave the box as it was."""
    await edit_pressed(update, translate(press.language, "controls-cancelled"))
    return None


def first_name(update: Update) -> str:
    """Who acted, as the chat reads it (HTML is the caller's to escape)."""
    user = update.effective_user
    return user.first_name if user is not None else ""
