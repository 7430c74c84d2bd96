"""Followed downloads: messages kept up to date with a task's progress until it ends.

Each followed message is a `DownloadFollow` row, so following survives a restart; the
scheduler calls `refresh()` every few seconds, which reads the box once for all rows, and
only when there are rows: with nothing followed, the box is never asked.

The job runs even when nothing is followed, on purpose: idle, it costs one read of a
small table every few seconds, with no box or Telegram traffic. Pausing it would need a
wake-up that cannot be lost between a follow being stored and the last one ending (a lock
shared by `follow()` and `refresh()`), and a resume at start for the follows left by the
previous run: more states to get wrong, for nothing a user or the box would notice.

A followed download that ends is one message: the box's own "download finished" push for
that task (through the outbox) is shown in the followed message instead of a new one
(`FollowedCompletions`, the outbox worker's absorber). A finished row is kept until the
refresh after the one that showed the end, so a push arriving just after it is still
absorbed; the outbox row stays pending until then, so a restart loses nothing.
"""

from __future__ import annotations

import asyncio
import enum
import logging

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.box.link import BoxLink
from bot.storage.models import DownloadFollow
from bot.storage.outbox import PendingMessage
from bot.telegram.downloads_text import follow_text, is_finished
from bot.telegram.message_edits import Edited, edit_html
from freeboxos import DownloadTask, FreeboxError

log = logging.getLogger(__name__)

DOWNLOAD_TYPES = frozenset({"downloader", "download"})  # the document spells it both ways
ENDING_EVENTS = frozenset({"task_done", "task_error"})


class _Edit(enum.Enum):
    DONE = "done"  # the message shows the text (edited now, or already)
    GONE = "gone"  # the message cannot be edited any more: stop following it
    LATER = "later"  # Telegram did not answer well: try again on the next refresh


class FollowedDownloads:
    """Stores followed messages and refreshes them from the box."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], link: BoxLink, bot: Bot) -> None:
        self._sessions = sessions
        self._link = link
        self._bot = bot
        self._lock = asyncio.Lock()

    async def follow(
        self, chat_id: int, message_id: int, task_id: int, language: str, text: str
    ) -> None:
        """Keep message `message_id` (which shows `text` now) up to date with `task_id`."""
        async with self._sessions.begin() as session:
            session.add(
                DownloadFollow(
                    chat_id=chat_id,
                    message_id=message_id,
                    task_id=task_id,
                    language=language,
                    last_text=text,
                )
            )

    async def is_followed(self, chat_id: int, task_id: int) -> bool:
        """Whether a message of this chat already follows this task."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(DownloadFollow.id)
                .where(DownloadFollow.chat_id == chat_id, DownloadFollow.task_id == task_id)
                .limit(1)
            )
            return found is not None

    async def refresh(self) -> None:
        """Edit every followed message whose task changed; forget those that ended.

        The box is asked only when a message is followed. A refresh still running (slow
        box, Telegram pacing edits) makes this one a no-op.
        """
        if self._lock.locked():
            return
        async with self._lock:
            async with self._sessions() as session:
                follows = list(await session.scalars(select(DownloadFollow)))
            if not follows:
                return
            try:
                client = await self._link.client()
                tasks = {task.id: task for task in await client.list_downloads()}
            except FreeboxError as exc:
                log.debug("download progress not refreshed: %s", exc)
                return
            for follow in follows:
                await self._refresh_one(follow, tasks.get(follow.task_id))

    async def _refresh_one(self, follow: DownloadFollow, task: DownloadTask | None) -> None:
        text = follow_text(follow.language, task)
        outcome = _Edit.DONE
        if text != follow.last_text:
            outcome = await self._edit(follow, text)
        if outcome is _Edit.LATER:
            return
        # A finished row lives one more refresh: the box's push for it may be on its way.
        shown_before = text == follow.last_text
        async with self._sessions.begin() as session:
            if outcome is _Edit.GONE or (is_finished(task) and shown_before):
                await session.execute(delete(DownloadFollow).where(DownloadFollow.id == follow.id))
            elif text != follow.last_text:
                row = await session.get(DownloadFollow, follow.id)
                if row is not None:
                    row.last_text = text

    async def _edit(self, follow: DownloadFollow, text: str) -> _Edit:
        return await edit_followed(self._bot, follow, text)


class FollowedCompletions:
    """Shows the box's push that ends a followed download in the followed message."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], bot: Bot) -> None:
        self._sessions = sessions
        self._bot = bot

    async def absorb(self, message: PendingMessage, text: str) -> int | None:
        """Edit the chat's message following this task to `text` (the rendered push) and
        stop following it; returns that message's id (None: no such message, send it)."""
        task_id = _ended_task(message.payload)
        if task_id is None:
            return None
        async with self._sessions() as session:
            follow = await session.scalar(
                select(DownloadFollow)
                .where(DownloadFollow.chat_id == message.chat_id, DownloadFollow.task_id == task_id)
                .order_by(DownloadFollow.id)
                .limit(1)
            )
        if follow is None:
            return None
        outcome = await edit_followed(self._bot, follow, text)
        if outcome is _Edit.LATER:
            return None  # Telegram answers badly: the send retries, and asks again
        async with self._sessions.begin() as session:
            await session.execute(
                delete(DownloadFollow).where(
                    DownloadFollow.chat_id == message.chat_id, DownloadFollow.task_id == task_id
                )
            )
        # A followed message that is gone (deleted, chat left): the push goes out on its own.
        return follow.message_id if outcome is _Edit.DONE else None


def _ended_task(payload: dict[str, object]) -> int | None:
    """The task id of a push saying a download ended, else None."""
    if payload.get("type") not in DOWNLOAD_TYPES or payload.get("event") not in ENDING_EVENTS:
        return None
    task_id = payload.get("data")
    return task_id if isinstance(task_id, int) and not isinstance(task_id, bool) else None


async def edit_followed(bot: Bot, follow: DownloadFollow, text: str) -> _Edit:
    """Show `text` in the followed message; what became of the edit.

    A followed message lives long: any refusal of Telegram's (the chat left, the message
    deleted, a text it will not take) stops following it rather than retrying forever.
    """
    try:
        edited = await edit_html(bot, follow.chat_id, follow.message_id, text)
    except (BadRequest, Forbidden, ChatMigrated) as exc:
        log.info("stopped following a download in chat %s: %s", follow.chat_id, exc)
        return _Edit.GONE
    except TelegramError as exc:
        log.debug("could not edit a followed download now: %s", exc)
        return _Edit.LATER
    if edited is Edited.GONE:
        log.info("stopped following a download in chat %s: message gone", follow.chat_id)
        return _Edit.GONE
    return _Edit.DONE
