"""The language a command or button reply is written in: the chat's choice first.

A family group chooses its language once (/language, or the language of whoever added the
bot); a member whose Telegram is set to another language must not turn the group's replies
into theirs. A private chat answers in the language its person chose there with /language,
else in their Telegram language: its row's language alone cannot say which (a row made by
/notifications is "fr" whoever asked), so the row says whether it was chosen
(`chats.language_chosen`). A chat the bot has no row for yet hears the sender's Telegram
language.
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
    """Each known chat's own language, read once and kept in memory.

    Only chats with a row are kept, so the cache grows with the household's chats, not with
    whoever writes to the bot. Whoever changes a chat's stored language calls `forget`.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._known: dict[int, Language | None] = {}

    async def of(
        self, chat_id: int | None, telegram_code: str | None, *, group: bool = True
    ) -> Language:
        """The chat's language: a group's stored one, a private chat's chosen one, else
        the sender's Telegram language (the one place this is decided)."""
        own = await self._own(chat_id, group) if chat_id is not None else None
        return own if own is not None else language_from_telegram(telegram_code)

    async def _own(self, chat_id: int, group: bool) -> Language | None:
        """The language the chat has of its own (None: it follows its sender)."""
        if chat_id in self._known:
            return self._known[chat_id]
        async with self._sessions() as session:
            row = await session.get(Chat, chat_id)
        if row is None:
            return None
        own = normalize_language(row.language) if group or row.language_chosen else None
        self._known[chat_id] = own
        return own

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
