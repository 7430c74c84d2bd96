"""Who is asking, where, and in which language: what every command handler starts from.

A command's update may lack a message, a chat or a user (a channel post, an edited
message); such updates get no answer. The language is `reply_language`'s, the one place
that decides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Chat, InlineKeyboardMarkup, Message, Update, User

from bot.i18n import Language, translate
from bot.telegram.asking import reply_language
from bot.telegram.box_errors import reply_box_error
from freeboxos import FreeboxError

if TYPE_CHECKING:
    from bot.telegram.feature import BotServices


@dataclass(frozen=True)
class Asker:
    """The message a handler answers, its sender and chat, and the reply language."""

    message: Message
    user: User
    chat: Chat
    language: Language

    def text(self, message_id: str, **args: Any) -> str:
        """A Fluent message in the reply language."""
        return translate(self.language, message_id, **args)

    async def reply(self, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
        """Answer under the message (HTML, the bot's default)."""
        return await self.message.reply_text(text, reply_markup=markup)

    async def reply_box_error(self, error: FreeboxError) -> None:
        """Answer with the sentence the user can act on for a failed box call."""
        await reply_box_error(self.message, self.language, error)


async def ask(update: Update, services: BotServices) -> Asker | None:
    """The asker of a command, or None for an update that has no one to answer."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    return Asker(message, user, chat, await reply_language(services, update))
