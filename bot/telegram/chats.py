"""The database row of a Telegram chat, kept in step with what Telegram tells us of it."""

from __future__ import annotations

import telegram
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.chats import upsert_chat
from bot.storage.models import Chat


async def remember_chat(
    session: AsyncSession, chat: telegram.Chat, language: str | None = None, *, chosen: bool = False
) -> Chat:
    """Create or refresh the chat (kind, title, and language when given: `chosen` when it
    comes from /language, see `upsert_chat`); the caller commits."""
    title = chat.title or chat.full_name
    return await upsert_chat(
        session, chat.id, kind=chat.type, title=title, language=language, chosen=chosen
    )
