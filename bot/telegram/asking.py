"""The language a command or button reply is written in: a group's, not the sender's.

A family group chooses its language once (/language, or the language of whoever added the
bot); a member whose Telegram is set to another language must not turn the group's replies
into theirs. A private chat answers in its person's Telegram language: its row cannot tell a
language chosen with /language from one written by default (a row made by /notifications is
"fr" whoever asked), so there /language sets the notifications' language only. A group the
bot has no row for yet hears the sender's Telegram language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.constants import ChatType

from bot.i18n import Language, language_from_telegram, normalize_language
from bot.storage.models import Chat

if TYPE_CHECKING:
    from bot.telegram.feature import BotServices


class ChatLanguages:
    """Each known chat's stored language, read once and kept in memory.

    Only chats with a row are kept, so the cache grows with the household's chats, not with
    whoever writes to the bot. Whoever changes a chat's stored language calls `forget`.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._known: dict[int, Language] = {}

    async def of(
        self, chat_id: int | None, telegram_code: str | None, *, group: bool = True
    ) -> Language:
        """A group's stored language, else the sender's Telegram language."""
        if chat_id is None or not group:
            return language_from_telegram(telegram_code)
        known = self._known.get(chat_id)
        if known is not None:
            return known
        async with self._sessions() as session:
            row = await session.get(Chat, chat_id)
        if row is None:
            return language_from_telegram(telegram_code)
        language = normalize_language(row.language)
        self._known[chat_id] = language
        return language

    def forget(self, chat_id: int) -> None:
        """The chat's stored language changed (or may have): read it again next time."""
        self._known.pop(chat_id, None)


async def reply_language(services: BotServices, update: Update) -> Language:
    """The language to answer this update in (see the module docstring)."""
    chat, user = update.effective_chat, update.effective_user
    code = user.language_code if user is not None else None
    if chat is None:
        return language_from_telegram(code)
    return await services.languages.of(chat.id, code, group=chat.type != ChatType.PRIVATE)
