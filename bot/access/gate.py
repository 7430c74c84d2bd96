"""The one gate every update passes before any handler (PTB group -1).

Strangers get a polite refusal and touch nothing; known people pass when their role
allows the command. Feature modules declare the role each command needs. The gate judges
the command the handler will run (`bot.access.commands`), never the text split on spaces:
a message starting with `/` that is not a declared command gets no handler at all.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.access.commands import SlashCommand, command_of
from bot.access.people import role_of
from bot.access.suggest import closest_command
from bot.access.throttle import RefusalThrottle
from bot.clock import Clock
from bot.i18n import language_from_telegram, translate
from bot.storage.models import Role, utcnow

log = logging.getLogger(__name__)

# Commands anyone may send: /start redeems invitations, /help explains the refusal.
OPEN_COMMANDS = frozenset({"start", "help"})
# A typed command is quoted back up to this length (Telegram allows 32 characters; a
# forged entity may be longer).
NAME_SHOWN = 40
# The key under which `command_roles` gives the role needed to send the bot a file.
DOCUMENT = "__document__"


@dataclass(frozen=True)
class Demand:
    """What an update asks of its sender."""

    what: str
    """The command (or what else the update is), for the log."""
    role: Role | None
    """The role needed; None: nobody may (a command the bot does not have)."""
    open: bool = False
    """Anyone may, strangers included (/start, /help)."""
    ignored: bool = False
    """Meant for another bot (`/cmd@anotherbot`): no handler here runs, nobody answers."""
    command: bool = False
    """The message starts with `/` (in a group, only those are answered with a refusal)."""
    name: str | None = None
    """The command's name as typed (lowercased), None when the update is no command."""
    addressed: bool = False
    """Written `/name@thisbot`: meant for this bot even in a group with other bots."""


def demand_of(update: Update, bot_username: str, command_roles: Mapping[str, Role]) -> Demand:
    """What `update` asks, judged on the command python-telegram-bot will run for it."""
    message = _sent_message(update)
    if message is None:
        return Demand("an update", Role.GUEST)
    media_role = command_roles.get(DOCUMENT, Role.GUEST) if message.document else Role.GUEST
    command = command_of(message, bot_username)
    if command is None:
        return Demand("a file" if message.document else "a message", media_role)
    return _command_demand(command, media_role, command_roles)


def _command_demand(
    command: SlashCommand, media_role: Role, command_roles: Mapping[str, Role]
) -> Demand:
    what = f"/{command.name}" if command.name is not None else "an unmarked /text"
    if not command.for_this_bot:
        return Demand(what, None, ignored=True, command=True)
    if command.name is None or command.name not in command_roles:
        return Demand(what, None, command=True, name=command.name, addressed=command.addressed)
    if command.name in OPEN_COMMANDS and not command.in_caption:
        return Demand(what, Role.GUEST, open=True, command=True)
    # A caption is no command to PTB, but a file's handler runs on it: both roles are needed.
    needed = max(command_roles[command.name], media_role, key=lambda role: role.rank)
    return Demand(what, needed, command=True)


def _sent_message(update: Update) -> Message | None:
    """The message a person sent or edited (a button press's message is the bot's own)."""
    if update.callback_query is not None:
        return None
    return update.effective_message


class AccessGate:
    """Decides, per update, whether the sender may go on."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        owners: Collection[int],
        clock: Clock = utcnow,
    ) -> None:
        self._sessions = sessions
        self._owners = frozenset(owners)
        self._command_roles: dict[str, Role] = {}
        self._group_refusals = RefusalThrottle(clock)

    def require(self, command_roles: Mapping[str, Role]) -> None:
        """Declare the role each command (or DOCUMENT) needs; undeclared commands are refused."""
        self._command_roles.update(command_roles)

    @property
    def command_roles(self) -> Mapping[str, Role]:
        """The role each declared command needs (read-only)."""
        return MappingProxyType(self._command_roles)

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
            return  # bot/telegram/membership.py judges who added the bot
        demand = demand_of(update, context.bot.username, self._command_roles)
        if demand.ignored:
            raise ApplicationHandlerStop
        if demand.open:
            return
        role = await self.role(user.id)
        if role is not None and demand.role is not None and role.allows(demand.role):
            return
        log.info("refused %s to user %s (role %s)", demand.what, user.id, role)
        await self._refuse(update, language_from_telegram(user.language_code), role, demand)
        raise ApplicationHandlerStop

    async def _refuse(
        self, update: Update, language: str, role: Role | None, demand: Demand
    ) -> None:
        if role is None:
            text = translate(language, "access-stranger")
        elif demand.role is None:
            text = self._unknown_command_text(language, role, demand.name)
        else:
            text = translate(language, "access-not-allowed")
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
            return
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        if chat.type != ChatType.PRIVATE and not self._answer_in_group(chat.id, role, demand):
            return
        await message.reply_text(text)

    def _unknown_command_text(self, language: str, role: Role, name: str | None) -> str:
        """Say the command is unknown, with the one it most likely misspells, and /help."""
        if name is None:
            return translate(language, "access-unknown-command")
        text = translate(language, "typing-unknown-command", command=f"/{name[:NAME_SHOWN]}")
        guess = self._guess(name, role)
        if guess is not None:
            text += "\n" + translate(language, "typing-did-you-mean", command=f"/{guess}")
        return text

    def _guess(self, name: str, role: Role) -> str | None:
        """The command of the sender's role that `name` most likely misspells."""
        allowed = [
            command
            for command, needed in self._command_roles.items()
            if command != DOCUMENT and role.allows(needed)
        ]
        return closest_command(name, allowed)

    def _answer_in_group(self, chat_id: int, role: Role | None, demand: Demand) -> bool:
        """Chatter is not answered line by line, nor commands that may be another bot's
        (an unknown command is answered when written `/foo@thisbot` or close to one of
        ours); strangers hear one refusal per chat per few minutes, so nobody makes the
        bot spam."""
        if not demand.command:
            return False
        if role is not None and demand.role is None:
            if demand.addressed:
                return True
            return demand.name is not None and self._guess(demand.name, role) is not None
        return role is not None or self._group_refusals.allow(chat_id)
