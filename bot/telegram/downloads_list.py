"""The /downloads list: the tasks not done yet, each with Follow, Pause/Resume and Delete."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import translate
from bot.telegram.buttons import Buttons
from bot.telegram.downloads_removal import DownloadRemoval
from bot.telegram.downloads_text import task_block, task_name
from freeboxos import DownloadTask

FOLLOW = "dl_follow"
SWITCH = "dl_switch"
MAX_LISTED = 10
# What the Pause/Resume button asks of the box, by the task's current status.
NEXT_STATUS = {"stopped": "downloading", "error": "retry"}


class TaskList:
    def __init__(self, buttons: Buttons, removal: DownloadRemoval) -> None:
        self._buttons = buttons
        self._removal = removal
        removal.render_list = self.render  # a deletion redraws the list it came from

    async def render(
        self, chat_id: int, language: str, tasks: Sequence[DownloadTask]
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The tasks not done yet (text, HTML) and a row of buttons for each (None: no task)."""
        active = [task for task in tasks if task.status != "done"]
        if not active:
            return translate(language, "downloads-none"), None
        shown = active[:MAX_LISTED]
        numbered = len(shown) > 1
        lines = [translate(language, "downloads-title", count=len(active))]
        rows: list[list[InlineKeyboardButton]] = []
        for index, task in enumerate(shown, start=1):
            lines.append(task_block(language, task, index if numbered else None))
            rows.append(await self._buttons_of(chat_id, language, task, index if numbered else 0))
        if len(active) > len(shown):
            lines.append(translate(language, "downloads-more", count=len(active) - len(shown)))
        return "\n\n".join(lines), InlineKeyboardMarkup(rows)

    async def _buttons_of(
        self, chat_id: int, language: str, task: DownloadTask, index: int
    ) -> list[InlineKeyboardButton]:
        buttons, suffix = self._buttons, f" {index}" if index else ""
        status = NEXT_STATUS.get(task.status, "stopped")
        data = {"task_id": task.id, "name": task_name(task)}
        return [
            await buttons.button(
                translate(language, "downloads-button-follow") + suffix,
                FOLLOW,
                {"task_id": task.id},
                chat_id=chat_id,
            ),
            await buttons.button(
                translate(language, "downloads-button-switch", status=status) + suffix,
                SWITCH,
                {"task_id": task.id, "status": status},
                chat_id=chat_id,
            ),
            await self._removal.button(chat_id, language, data, suffix),
        ]
