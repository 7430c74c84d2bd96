"""The bot added to, or removed from, a chat (and a user blocking it in private).

Only the household brings the bot into a chat: a group a stranger adds it to gets no rows,
and the bot leaves it at once (nobody can make it a toy of someone else's group, nor fill
the database with chats). A group the household adds it to takes the language of the
person who added it, and is told how to change it (`/language`) and where the help is.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ChatMemberHandler, ContextTypes

from bot.i18n import language_from_telegram, translate
from bot.telegram.application import BotApplication
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo

log = logging.getLogger(__name__)

GONE = frozenset({ChatMember.LEFT, ChatMember.BANNED})


class Membership:
    commands: tuple[CommandInfo, ...] = ()
    ticks = ()  # no periodic work

    def __init__(
        self, services: BotServices, on_chat_gone: Callable[[int, str], Awaitable[None]]
    ) -> None:
        self._services = services
        self._on_chat_gone = on_chat_gone

    def register(self, application: BotApplication) -> None:
        application.add_handler(
            ChatMemberHandler(self.track_membership, ChatMemberHandler.MY_CHAT_MEMBER)
        )

    async def track_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Forget a chat that removed or blocked the bot; remember one that added it."""
        change = update.my_chat_member
        if change is None:
            return
        chat, status = change.chat, change.new_chat_member.status
        if status in GONE:
            reason = "bot blocked by the user" if status == ChatMember.BANNED else "bot removed"
            log.info("chat %s: %s", chat.id, reason)
            await self._on_chat_gone(chat.id, reason)
            return
        if await self._services.gate.role(change.from_user.id) is None:
            await self._refuse_stranger(change, context)
            return
        joined = chat.type != ChatType.PRIVATE and change.old_chat_member.status in GONE
        language = language_from_telegram(change.from_user.language_code) if joined else None
        async with self._services.sessions.begin() as session:
            await remember_chat(session, chat, language)
        self._services.languages.forget(chat.id)
        if language is not None:
            await self._welcome(context, chat.id, language)

    async def _welcome(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, language: str
    ) -> None:
        """Say hello in a group the household just added the bot to (best effort)."""
        try:
            await context.bot.send_message(chat_id, translate(language, "typing-group-welcome"))
        except TelegramError as exc:
            log.info("could not greet group %s: %s", chat_id, exc)

    async def _refuse_stranger(
        self, change: ChatMemberUpdated, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        """A stranger changed the bot's place in a chat: nothing is stored; a group or channel
        they just added the bot to is left at once."""
        chat = change.chat
        added = change.old_chat_member.status in GONE
        if chat.type == ChatType.PRIVATE or not added:
            return
        log.info("chat %s: added by a stranger (user %s), leaving", chat.id, change.from_user.id)
        try:
            await context.bot.leave_chat(chat.id)
        except TelegramError as exc:
            log.info("could not leave chat %s: %s", chat.id, exc)
