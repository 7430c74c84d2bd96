"""A question's buttons for one person: Confirm and Cancel, or one of a few choices.

Only the person asked may press them (in a group, someone else's thumb must not confirm),
and the first press uses up the whole keyboard, so a double tap acts once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardMarkup

from bot.telegram.buttons import Buttons

Choice = tuple[str, str, Mapping[str, Any]]
"""A button: its label (already in the reader's language), its action and the action's data."""


async def choice_buttons(
    buttons: Buttons,
    choices: Sequence[Choice],
    *,
    chat_id: int,
    user_id: int,
    stacked: bool = False,
) -> InlineKeyboardMarkup:
    """One button per choice for `user_id`, expiring together: side by side, or `stacked`."""
    group = buttons.new_group()
    keys = [
        await buttons.button(label, action, data, chat_id=chat_id, user_id=user_id, group=group)
        for label, action, data in choices
    ]
    return InlineKeyboardMarkup([[key] for key in keys] if stacked else [keys])
