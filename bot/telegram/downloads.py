"""/add and /downloads: put links or .torrent files on the box, list, follow, pause, delete."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import CommandHandler, ContextTypes, MessageHandler, filters

from bot.access.gate import DOCUMENT
from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.box_errors import reply_box_error
from bot.telegram.buttons import ButtonPress
from bot.telegram.downloads_follow import FollowedDownloads
from bot.telegram.downloads_input import (
    MAX_UPLOAD_BYTES,
    AddRequest,
    AddUsageError,
    ReceivedFile,
    folder_from_caption,
    parse_add,
    upload_name,
)
from bot.telegram.downloads_list import FOLLOW, SWITCH, TaskList
from bot.telegram.downloads_paste import PastedLinks
from bot.telegram.downloads_removal import DownloadRemoval
from bot.telegram.downloads_text import follow_text, is_finished, task_name
from bot.telegram.echo import echo
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import DownloadAddResult, DownloadTask, FreeboxClient, FreeboxError

log = logging.getLogger(__name__)

# One call that adds tasks (by URL or by file), given the client.
AddOnBox = Callable[[FreeboxClient], Awaitable[DownloadAddResult]]
FOLLOW_JOB = "download-follows"
FOLLOW_EVERY_SECONDS = 3


class DownloadCommands:
    commands = (
        CommandInfo("add", Role.MEMBER, "downloads-cmd-add"),
        CommandInfo("downloads", Role.MEMBER, "downloads-cmd-downloads"),
        CommandInfo(DOCUMENT, Role.MEMBER, "downloads-cmd-document", in_menu=False),
    )

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self.follows = FollowedDownloads(services.sessions, services.link, services.bot)
        self._removal = DownloadRemoval(services)
        self._list = TaskList(services.buttons, self._removal)
        self._pasted = PastedLinks(services, self._add_links, self._add_file)

    def register(self, application: BotApplication) -> None:
        # New messages only: editing an /add message or a file's caption must not add it again.
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("add", self.add_download, filters=new))
        application.add_handler(CommandHandler("downloads", self.list_downloads))
        application.add_handler(MessageHandler(filters.Document.ALL & new, self.add_download_file))
        self._services.buttons.on(FOLLOW, self.follow_download, role=Role.MEMBER)
        self._services.buttons.on(SWITCH, self.switch_download, role=Role.MEMBER)
        self._removal.register()
        self._pasted.register(application)
        # Always scheduled: idle, it reads the follows table only (see downloads_follow).
        self._services.scheduler.add_job(
            self.follows.refresh,
            "interval",
            seconds=FOLLOW_EVERY_SECONDS,
            id=FOLLOW_JOB,
            replace_existing=True,
        )

    async def add_download(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Add the links of the message (one per line) in the folder of its `dir:` line."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        try:
            request = parse_add(asker.message.text or "")
        except AddUsageError as exc:
            await asker.reply(_usage(asker.language, exc.item))
            return
        await self._add_links(asker.message, asker.language, request)

    async def _add_links(self, message: Message, language: str, request: AddRequest) -> None:
        """Add `request`'s links (from /add, or pasted and confirmed), answering `message`."""
        await self._add(
            message,
            language,
            lambda client: client.add_download_urls(request.urls, download_dir=request.folder),
        )

    async def add_download_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Add the .torrent or .nzb file sent to the bot (caption `dir: …` for the folder)."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        message, language = asker.message, asker.language
        private = asker.chat.type == ChatType.PRIVATE
        received = await _checked_file(message, language, private)
        if received is None:
            return
        if not private:  # in a group a file may be shared to read: ask before adding it
            await self._pasted.ask_file(message, asker.user.id, language, received)
            return
        await self._add_file(message, language, received)

    async def _add_file(self, message: Message, language: str, received: ReceivedFile) -> None:
        """Fetch the file from Telegram and add it, answering under `message`."""
        content = await _fetched(message.get_bot(), message, language, received.file_id)
        if content is None:
            return
        name, folder = received.name, received.folder
        await self._add(
            message,
            language,
            lambda client: client.add_download_file(name, content, download_dir=folder),
        )

    async def list_downloads(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List the tasks not done yet, each with Follow, Pause/Resume and Delete buttons."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        try:
            tasks = await (await self._services.link.client()).list_downloads()
        except FreeboxError as exc:
            await asker.reply_box_error(exc)
            return
        await asker.reply(*await self._list.render(asker.chat.id, asker.language, tasks))

    async def follow_download(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Show the task's progress in one message, edited until the task ends."""
        task_id, query = int(press.data["task_id"]), update.callback_query
        if await self.follows.is_followed(press.chat_id, task_id):
            return translate(press.language, "downloads-already-followed")
        try:
            task = await (await self._services.link.client()).get_download(task_id)
        except FreeboxError as exc:
            await reply_box_error(update.effective_message, press.language, exc)
            return None
        text = follow_text(press.language, task)
        if press.data.get("in_place") and query is not None and query.message is not None:
            await edit_pressed(update, text)
            message_id = query.message.message_id
        else:
            sent = await context.bot.send_message(press.chat_id, text)
            message_id = sent.message_id
        if is_finished(task):
            return None
        await self.follows.follow(press.chat_id, message_id, task_id, press.language, text)
        return translate(press.language, "downloads-followed")

    async def switch_download(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Pause, resume or retry a task, then show the list again with its new state."""
        task_id, status = int(press.data["task_id"]), str(press.data["status"])
        try:
            client = await self._services.link.client()
            await client.update_download(task_id, status=status)
            tasks = await client.list_downloads()
        except FreeboxError as exc:
            await reply_box_error(update.effective_message, press.language, exc)
            return None
        text, markup = await self._list.render(press.chat_id, press.language, tasks)
        await edit_pressed(update, text, markup)
        return translate(press.language, "downloads-switched", status=status)

    async def _add(
        self,
        message: Message,
        language: str,
        add: Callable[[FreeboxClient], Awaitable[DownloadAddResult]],
    ) -> None:
        """Run `add` on the box, then name the new tasks, or explain the box's refusal."""
        try:
            client = await self._services.link.client()
            tasks = await _described(client, (await add(client)).ids)
        except FreeboxError as exc:
            await reply_box_error(message, language, exc)
            return
        await self._reply_added(message, language, tasks)

    async def _reply_added(
        self, message: Message, language: str, tasks: Sequence[DownloadTask]
    ) -> None:
        buttons, chat_id, single = self._services.buttons, message.chat_id, len(tasks) == 1
        lines = [translate(language, "downloads-added", count=len(tasks))]
        lines += [f"• <b>{html.escape(task_name(task))}</b>" for task in tasks]
        folder = tasks[0].download_dir if tasks else ""
        if folder:
            lines.append(translate(language, "downloads-folder", folder=echo(folder, 300)))
        rows = []
        for task in tasks:
            label = translate(language, "downloads-button-follow")
            if not single:
                name = task_name(task)[:40]
                label = translate(language, "downloads-button-follow-named", name=name)
            data = {"task_id": task.id, "in_place": single}
            rows.append([await buttons.button(label, FOLLOW, data, chat_id=chat_id)])
        await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def _described(client: FreeboxClient, task_ids: Sequence[int]) -> list[DownloadTask]:
    """The new tasks as the box describes them (a bare id when the box says no more)."""
    tasks = []
    for task_id in task_ids:
        try:
            tasks.append(await client.get_download(task_id))
        except FreeboxError as exc:
            log.info("added task %s, but could not read it: %s", task_id, exc)
            tasks.append(DownloadTask(id=task_id, name="", type="", status="queued"))
    return tasks


async def _checked_file(message: Message, language: str, private: bool) -> ReceivedFile | None:
    """The .torrent or .nzb file sent, with its folder; None (and a reply) if not one.

    In a family group, other files are just shared among people: no reply then.
    """
    document = message.document
    name = upload_name(document.file_name, document.mime_type) if document else None
    if document is None or name is None:
        if private:
            await message.reply_text(translate(language, "downloads-file-refused"))
        return None
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_text(translate(language, "downloads-file-too-big"))
        return None
    try:
        folder = folder_from_caption(message.caption)
    except AddUsageError as exc:
        await message.reply_text(_usage(language, exc.item))
        return None
    return ReceivedFile(document.file_id, name, folder)


async def _fetched(bot: Bot, message: Message, language: str, file_id: str) -> bytes | None:
    """The file's bytes from Telegram; None (and a reply under `message`) if unreadable."""
    try:
        return bytes(await (await bot.get_file(file_id)).download_as_bytearray())
    except TelegramError as exc:
        log.info("could not fetch a file sent to the bot: %s", exc)
        await message.reply_text(translate(language, "downloads-file-unreadable"))
        return None


def _usage(language: str, item: str | None) -> str:
    usage = translate(language, "downloads-add-usage")
    if item is None:
        return usage
    return translate(language, "downloads-add-bad-item", item=echo(item)) + "\n\n" + usage
