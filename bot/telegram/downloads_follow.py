"""Followed downloads: messages kept up to date with a task's progress until it ends.

Each followed message is a `DownloadFollow` row, so following survives a restart; the
scheduler calls `refresh()` every few seconds, which reads the box once for all rows, and
only when there are rows: with nothing followed, the box is never asked.

The job runs even when nothing is followed, on purpose: idle, it costs one read of a
small table every few seconds, with no box or Telegram traffic. Pausing it would need a
wake-up that cannot be lost between a follow being stored and the last one ending (a lock
shared by `follow()` and `refresh()`), and a resume at start for the follows left by the
previous run: more states to get wrong, for nothing a user or the box would notice.
"""

from __future__ import annotations

import asyncio
import enum
import logging

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.box.link import BoxLink
from bot.storage.models import DownloadFollow
from bot.telegram.downloads_text import follow_text, is_finished
from freeboxos import DownloadTask, FreeboxError

log = logging.getLogger(__name__)


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
        async with self._sessions.begin() as session:
            if outcome is _Edit.GONE or is_finished(task):
                await session.execute(delete(DownloadFollow).where(DownloadFollow.id == follow.id))
            elif text != follow.last_text:
                row = await session.get(DownloadFollow, follow.id)
                if row is not None:
                    row.last_text = text

    async def _edit(self, follow: DownloadFollow, text: str) -> _Edit:
        try:
            await self._bot.edit_message_text(
                text,
                chat_id=follow.chat_id,
                message_id=follow.message_id,
                parse_mode=ParseMode.HTML,
            )
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return _Edit.DONE
            log.info("stopped following a download in chat %s: %s", follow.chat_id, exc)
            return _Edit.GONE
        except (Forbidden, ChatMigrated) as exc:
            log.info("stopped following a download in chat %s: %s", follow.chat_id, exc)
            return _Edit.GONE
        except TelegramError as exc:
            log.debug("could not edit a followed download now: %s", exc)
            return _Edit.LATER
        return _Edit.DONE
