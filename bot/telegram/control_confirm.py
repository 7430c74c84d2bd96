"""Confirm and Cancel for a dangerous household control (Wi-Fi off, reboot), shared by them.

The buttons are the asker's alone and expire together (`choices.choice_buttons`); Cancel
is one action whatever the control, so each control module registers `CANCEL` with
`cancel_control`.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import translate
from bot.telegram.asker import Asker
from bot.telegram.buttons import ButtonPress, Buttons
from bot.telegram.choices import Choice, choice_buttons
from bot.telegram.message_edits import edit_pressed

CANCEL = "controls_cancel"


async def ask_confirmation(
    buttons: Buttons, asker: Asker, lines: Sequence[str], confirm_label_id: str, action: str
) -> None:
    """Reply with the question `lines`, a confirm button (`confirm_label_id`) for
    `action` and Cancel, both for the asker only."""
    keys: list[Choice] = [
        (asker.text(confirm_label_id), action, {}),
        (asker.text("controls-cancel"), CANCEL, {}),
    ]
    markup = await choice_buttons(buttons, keys, chat_id=asker.chat.id, user_id=asker.user.id)
    await asker.reply("\n".join(lines), markup)


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
