"""A link or magnet pasted without `/add` (or a .torrent shared in a group): the bot asks
"Add this download?" with a button.

People paste what they copied; typing `/add` first is a thing to know. The question's
buttons are for the person who pasted (act-once, like every button), and the download is
added only on their press, with the same answer as `/add`. In a group only magnets and
links to files are asked about (`downloads_input.pasted_links`): links to pages are chat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, MessageHandler, filters

from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.downloads_input import AddRequest, ReceivedFile, pasted_links
from bot.telegram.echo import echo
from bot.telegram.feature import BotServices
from bot.telegram.message_edits import edit_pressed, edit_sent

ADD, ADD_FILE, KEEP = "downloads_paste_add", "downloads_paste_add_file", "downloads_paste_keep"
SHOWN_LINK = 120  # characters of each link quoted in the question (magnets are long)

# Adds the links as /add does, answering under `message`: message, language, request.
AddLinks = Callable[[Message, str, AddRequest], Awaitable[None]]
# Fetches a file from Telegram and adds it, answering under `message`.
AddFile = Callable[[Message, str, ReceivedFile], Awaitable[None]]


class _PastedLinks(filters.MessageFilter):
    """A new text message made of download links only (see `pasted_links`)."""

    def __init__(self) -> None:
        super().__init__(name="pasted_download_links")

    def filter(self, message: Message) -> bool:
        private = message.chat.type == ChatType.PRIVATE
        return pasted_links(message.text or "", private=private) is not None


class PastedLinks:
    """Asks before adding links pasted without `/add`; `add` adds them on the press."""

    def __init__(self, services: BotServices, add: AddLinks, add_file: AddFile) -> None:
        self._services = services
        self._add = add
        self._add_file = add_file

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        pasted = filters.TEXT & ~filters.COMMAND & new & _PastedLinks()
        application.add_handler(MessageHandler(pasted, self.ask))
        self._services.buttons.on(ADD, self.add, role=Role.MEMBER)
        self._services.buttons.on(ADD_FILE, self.add_file, role=Role.MEMBER)
        self._services.buttons.on(KEEP, self.keep, role=Role.MEMBER)

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Ask the person who pasted the links whether to add them (members and owners)."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        private = asker.chat.type == ChatType.PRIVATE
        request = pasted_links(asker.message.text or "", private=private)
        role = await self._services.gate.role(asker.user.id)
        if request is None or role is None or not role.allows(Role.MEMBER):
            return  # a guest's link is chat; the plain-text pointer answers in private
        lines = [asker.text("typing-paste-question", count=len(request.urls))]
        lines += [f"• <code>{echo(url, SHOWN_LINK)}</code>" for url in request.urls]
        if request.folder:
            lines.append(asker.text("downloads-folder", folder=echo(request.folder, 300)))
        data = {"urls": list(request.urls), "folder": request.folder}
        markup = await self._buttons(asker.chat.id, asker.user.id, asker.language, ADD, data)
        await asker.reply("\n".join(lines), markup)
        raise ApplicationHandlerStop  # answered: no pointer to /help as well

    async def ask_file(
        self, message: Message, user_id: int, language: str, received: ReceivedFile
    ) -> None:
        """Ask the person who shared a .torrent or .nzb file in a group whether to add it."""
        lines = [translate(language, "typing-paste-question", count=1)]
        lines.append(f"• <code>{echo(received.name, SHOWN_LINK)}</code>")
        if received.folder:
            lines.append(translate(language, "downloads-folder", folder=echo(received.folder, 300)))
        data = {"file_id": received.file_id, "name": received.name, "folder": received.folder}
        markup = await self._buttons(message.chat_id, user_id, language, ADD_FILE, data)
        await message.reply_text("\n".join(lines), reply_markup=markup)

    async def add_file(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Fetch the shared file and add it, answering under the question."""
        folder = press.data.get("folder")
        received = ReceivedFile(str(press.data["file_id"]), str(press.data["name"]), folder)
        await _answer_under_question(update, lambda q: self._add_file(q, press.language, received))
        return None

    async def add(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Add the links, answering under the question as `/add` answers."""
        request = AddRequest(tuple(press.data["urls"]), press.data.get("folder"))
        await _answer_under_question(update, lambda q: self._add(q, press.language, request))
        return None

    async def keep(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Leave the links be: the question says nothing was added."""
        await edit_pressed(update, translate(press.language, "typing-paste-kept"))
        return None

    async def _buttons(
        self, chat_id: int, user_id: int, language: str, action: str, data: dict[str, Any]
    ) -> InlineKeyboardMarkup:
        """Add and No thanks, for the person who pasted only, expiring together."""
        keys = [
            (translate(language, "typing-paste-add"), action, data),
            (translate(language, "typing-paste-keep"), KEEP, {}),
        ]
        return await choice_buttons(self._services.buttons, keys, chat_id=chat_id, user_id=user_id)


async def _answer_under_question(update: Update, add: Callable[[Message], Awaitable[None]]) -> None:
    """Take the buttons off the pressed question, then `add`, answering under it."""
    query = update.callback_query
    question = query.message if query is not None else None
    if not isinstance(question, Message):
        return
    await edit_sent(question, question.text_html)
    await add(question)
