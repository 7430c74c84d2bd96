"""The bot added to, or removed from, a chat (and a user blocking it in private)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import ChatMember, Update
from telegram.ext import ChatMemberHandler, ContextTypes

from bot.telegram.application import BotApplication
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo

log = logging.getLogger(__name__)

GONE = frozenset({ChatMember.LEFT, ChatMember.BANNED})


class Membership:
    commands: tuple[CommandInfo, ...] = ()

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
        async with self._services.sessions.begin() as session:
            await remember_chat(session, chat)
