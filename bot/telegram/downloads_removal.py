"""Deleting a download from the /downloads list: keep its files at once, or erase them once
confirmed (confirm and cancel expire together, so a double tap acts once)."""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.feature import BotServices
from bot.telegram.message_edits import edit_html, edit_pressed
from freeboxos import DownloadTask, FreeboxError

log = logging.getLogger(__name__)

# Renders the /downloads list (chat, language, tasks) -> (text, buttons): `TaskList.render`.
ListRenderer = Callable[
    [int, str, Sequence[DownloadTask]], Awaitable[tuple[str, InlineKeyboardMarkup | None]]
]

REMOVE = "dl_remove"
KEEP_FILES = "dl_remove_keep"
ASK_ERASE = "dl_erase_ask"
ERASE = "dl_erase"
CANCEL = "dl_remove_cancel"


class DownloadRemoval:
    def __init__(self, services: BotServices) -> None:
        self._services = services
        self.render_list: ListRenderer | None = None  # set by the list that offers Delete

    def register(self) -> None:
        self._services.buttons.on_each(
            {
                REMOVE: self.ask_removal,
                KEEP_FILES: self.remove_keeping_files,
                ASK_ERASE: self.ask_erase,
                ERASE: self.erase_download,
                CANCEL: self.cancel_removal,
            },
            role=Role.MEMBER,
        )

    async def button(
        self, chat_id: int, language: str, task: Mapping[str, Any], suffix: str = ""
    ) -> InlineKeyboardButton:
        """The Delete button of a task (`task` holds its `task_id` and `name`)."""
        label = translate(language, "downloads-button-remove") + suffix
        return await self._services.buttons.button(label, REMOVE, task, chat_id=chat_id)

    async def ask_removal(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Ask whether to keep the task's files or erase them too."""
        choices = [(KEEP_FILES, "downloads-remove-keep"), (ASK_ERASE, "downloads-remove-erase")]
        if update.effective_message is not None:  # the list, redrawn once the task is gone
            list_id = update.effective_message.message_id
            press = dataclasses.replace(press, data={**press.data, "list_id": list_id})
        markup = await self._choices(press, choices)
        if update.effective_message is not None:
            question = translate(press.language, "downloads-remove-question", name=_name(press))
            await update.effective_message.reply_text(question, reply_markup=markup)
        return None

    async def remove_keeping_files(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Remove the task from the box's list; its files stay on the disk."""
        await self._delete(update, press, erase_files=False)
        return None

    async def ask_erase(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Erasing files cannot be undone: ask once more, with confirm and cancel."""
        markup = await self._choices(press, [(ERASE, "downloads-erase-confirm")])
        question = translate(press.language, "downloads-erase-question", name=_name(press))
        await edit_pressed(update, question, markup)
        return None

    async def erase_download(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Remove the task and erase its files, as confirmed."""
        await self._delete(update, press, erase_files=True)
        return None

    async def cancel_removal(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Leave the task as it is."""
        await edit_pressed(update, translate(press.language, "downloads-cancelled"))
        return None

    async def _delete(self, update: Update, press: ButtonPress, *, erase_files: bool) -> None:
        task_id, language = int(press.data["task_id"]), press.language
        try:
            client = await self._services.link.client()
            await client.delete_download(task_id, erase_files=erase_files)
        except FreeboxError as exc:
            text = box_error_text(language, exc)
        else:
            done_id = "downloads-erased" if erase_files else "downloads-removed"
            text = translate(language, done_id, name=_name(press))
            await self._redraw_list(press)
        await edit_pressed(update, text)

    async def _redraw_list(self, press: ButtonPress) -> None:
        """The list the Delete was pressed on no longer shows the task it deleted."""
        list_id = press.data.get("list_id")
        if list_id is None or self.render_list is None:
            return
        try:
            tasks = await (await self._services.link.client()).list_downloads()
        except FreeboxError as exc:
            log.info("could not read the downloads to redraw the list: %s", exc)
            return
        text, markup = await self.render_list(press.chat_id, press.language, tasks)
        await edit_html(self._services.bot, press.chat_id, int(list_id), text, markup)

    async def _choices(
        self, press: ButtonPress, choices: list[tuple[str, str]]
    ) -> InlineKeyboardMarkup:
        """One button per (action, label) plus Cancel, all expiring together, for the presser."""
        keys = [
            (translate(press.language, label_id), action, press.data)
            for action, label_id in [*choices, (CANCEL, "downloads-cancel")]
        ]
        return await choice_buttons(
            self._services.buttons, keys, chat_id=press.chat_id, user_id=press.user_id, stacked=True
        )


def _name(press: ButtonPress) -> str:
    return html.escape(str(press.data.get("name") or f"#{press.data['task_id']}"))
