"""Chats the bot talks to: created on first contact, marked gone when Telegram says so."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    ArmingCard,
    Chat,
    DownloadFollow,
    GuestKeyExpiry,
    OutboxMessage,
    OutboxStatus,
    PresenceWatch,
    RegistrationToken,
    Schedule,
    Target,
)


async def upsert_chat(
    session: AsyncSession,
    chat_id: int,
    *,
    kind: str = "private",
    title: str | None = None,
    language: str | None = None,
    chosen: bool = False,
) -> Chat:
    """Create or refresh a chat; a returning chat is active again. The caller commits.

    `chosen`: the language comes from /language. A language chosen once is kept when
    another command writes the sender's language by default.
    """
    chat = await session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(id=chat_id, kind=kind, title=title, language=language or "fr", active=True)
        session.add(chat)
    else:
        chat.kind, chat.title, chat.active = kind, title, True
        chat.gone_reason = chat.gone_at = None
        if language and (chosen or not chat.language_chosen):
            chat.language = language
    if language and chosen:
        chat.language_chosen = True
    await session.flush()
    return chat


async def mark_chat_gone(
    session: AsyncSession, chat_id: int, reason: str, *, now: datetime
) -> None:
    """Stop delivering to a chat that blocked or removed the bot, recording why.

    Its pending messages are abandoned with the same reason. The caller commits.
    """
    chat = await session.get(Chat, chat_id)
    if chat is None:
        return
    chat.active, chat.gone_reason, chat.gone_at = False, reason[:255], now
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.ABANDONED, last_error=reason)
    )


async def move_chat(session: AsyncSession, old_id: int, new_id: int, *, now: datetime) -> None:
    """A group became a supergroup, which has a new id: what the group had moves with it.

    Its box targets, pending notifications, watches, schedules and guest keys now point at
    the new id; messages the bot keeps editing stay behind (their ids belong to the old
    chat). The caller commits.
    """
    old = await session.get(Chat, old_id)
    if old is None or old_id == new_id:
        return
    new = await session.get(Chat, new_id)
    if new is None:
        new = Chat(
            id=new_id,
            kind="supergroup",
            title=old.title,
            language=old.language,
            language_chosen=old.language_chosen,
            wants_notifications=old.wants_notifications,
            subscriptions=list(old.subscriptions),
        )
        session.add(new)
        await session.flush()
    for table in (
        Target,
        RegistrationToken,
        OutboxMessage,
        PresenceWatch,
        Schedule,
        GuestKeyExpiry,
    ):
        await session.execute(update(table).where(table.chat_id == old_id).values(chat_id=new_id))
    for follow in (DownloadFollow, ArmingCard):
        await session.execute(delete(follow).where(follow.chat_id == old_id))
    old.active, old.gone_reason, old.gone_at = False, f"became supergroup {new_id}", now
