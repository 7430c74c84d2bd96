"""Chats the bot talks to: created on first contact, marked gone when Telegram says so."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Chat, OutboxMessage, OutboxStatus, utcnow


async def upsert_chat(
    session: AsyncSession,
    chat_id: int,
    *,
    kind: str = "private",
    title: str | None = None,
    language: str | None = None,
) -> Chat:
    """Create or refresh a chat; a returning chat is active again. The caller commits."""
    chat = await session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(id=chat_id, kind=kind, title=title, language=language or "fr", active=True)
        session.add(chat)
    else:
        chat.kind, chat.title, chat.active = kind, title, True
        chat.gone_reason = chat.gone_at = None
        if language:
            chat.language = language
    await session.flush()
    return chat


async def mark_chat_gone(session: AsyncSession, chat_id: int, reason: str) -> None:
    """Stop delivering to a chat that blocked or removed the bot, recording why.

    Its pending messages are abandoned with the same reason. The caller commits.
    """
    chat = await session.get(Chat, chat_id)
    if chat is None:
        return
    chat.active, chat.gone_reason, chat.gone_at = False, reason[:255], utcnow()
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.ABANDONED, last_error=reason)
    )
