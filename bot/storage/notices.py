"""The bot's own messages (presence, schedules, expiring keys, box down) through the outbox.

They take the same durable path as the box's notifications: a row committed, then
delivered by the worker with its pacing and retries, so a notice survives Telegram
being down or a restart. The text is rendered at delivery in the chat's language, from
a Fluent message id and its arguments (`bot.delivery.render`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.storage.models import Chat, OutboxMessage

NOTICE_TYPE = "freebox_bot.notice"
"""The payload type of the bot's own messages (the box never sends it: its types are fixed)."""
BOT_SOURCE = "bot"
"""The outbox rows' `box_id` for messages that did not come from the box."""

NoticeArg = str | int | float


def pending_row(chat_id: int, box_id: str, payload: dict[str, Any], now: datetime) -> OutboxMessage:
    """An outbox row due at once: `now` is the injected clock's, which the worker compares
    due times with (a column default would be the wall clock's)."""
    return OutboxMessage(
        chat_id=chat_id, box_id=box_id, payload=payload, received_at=now, next_attempt_at=now
    )


async def add_notice(
    session: AsyncSession, chat_id: int, message_id: str, *, now: datetime, **args: NoticeArg
) -> bool:
    """Queue a notice in the caller's transaction; False when the chat is gone.

    A chat the bot never talked to (an owner's private chat) is created; the caller commits.
    """
    chat = await session.get(Chat, chat_id)
    if chat is None:
        session.add(Chat(id=chat_id, kind="private" if chat_id > 0 else "group"))
        await session.flush()
    elif not chat.active:
        return False
    payload = {"type": NOTICE_TYPE, "message": message_id, "args": dict(args)}
    session.add(pending_row(chat_id, BOT_SOURCE, payload, now))
    return True


def notice_text_id(payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Fluent message id and arguments of a stored notice."""
    args = payload.get("args")
    return str(payload.get("message", "")), dict(args) if isinstance(args, dict) else {}


class Notices:
    """Sends notices outside a transaction of the caller's, and wakes the worker."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], wake: Callable[[], None], clock: Clock
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._wake = wake

    async def send(self, chat_ids: Iterable[int], message_id: str, **args: NoticeArg) -> int:
        """Queue `message_id` for each chat; returns how many chats will get it."""
        queued = 0
        async with self._sessions.begin() as session:
            now = self._clock()
            for chat_id in dict.fromkeys(chat_ids):
                queued += await add_notice(session, chat_id, message_id, now=now, **args)
        if queued:
            self._wake()
        return queued

    def wake(self) -> None:
        """For callers that used `add_notice` in their own transaction, after the commit."""
        self._wake()
