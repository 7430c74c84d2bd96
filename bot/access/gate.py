"""The one gate every update passes before any handler (PTB group -1).

Strangers get a polite refusal and touch nothing; known people pass when their role
allows the command. Feature modules declare the role each command needs.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.access.people import role_of
from bot.i18n import language_from_telegram, translate
from bot.storage.models import Role

log = logging.getLogger(__name__)

# Commands anyone may send: /start redeems invitations, /help explains the refusal.
OPEN_COMMANDS = frozenset({"start", "help"})
# The key under which `command_roles` gives the role needed to send the bot a file.
DOCUMENT = "__document__"


class AccessGate:
    """Decides, per update, whether the sender may go on."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], owners: Collection[int]) -> None:
        self._sessions = sessions
        self._owners = frozenset(owners)
        self._command_roles: dict[str, Role] = {}

    def require(self, command_roles: Mapping[str, Role]) -> None:
        """Declare the role each command (or DOCUMENT) needs; undeclared ones need a guest."""
        self._command_roles.update(command_roles)

    def handler(self) -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
        return TypeHandler(Update, self.check)

    async def role(self, user_id: int) -> Role | None:
        """The sender's role (None for strangers)."""
        async with self._sessions() as session:
            return await role_of(session, user_id, self._owners)

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop the update here unless the sender may do what it asks."""
        user = update.effective_user
        if user is None or user.is_bot:
            if update.my_chat_member is None:
                raise ApplicationHandlerStop
            return
        if update.my_chat_member is not None:
            return
        command = _command_of(update)
        if command is None and update.effective_message and update.effective_message.document:
            command = DOCUMENT
        if command in OPEN_COMMANDS:
            return
        role = await self.role(user.id)
        needed = self._command_roles.get(command or "", Role.GUEST)
        if role is not None and role.allows(needed):
            return
        log.info("refused %s to user %s (role %s)", command or "an update", user.id, role)
        await _refuse(update, language_from_telegram(user.language_code), known=role is not None)
        raise ApplicationHandlerStop


def _command_of(update: Update) -> str | None:
    message = update.message or update.edited_message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() or None


async def _refuse(update: Update, language: str, *, known: bool) -> None:
    text = translate(language, "access-not-allowed" if known else "access-stranger")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
        return
    message = update.effective_message
    chat = update.effective_chat
    in_group = chat is not None and chat.type != ChatType.PRIVATE
    if message is None or (in_group and _command_of(update) is None):
        return  # strangers chatting in a family group are not answered line by line
    await message.reply_text(text)
