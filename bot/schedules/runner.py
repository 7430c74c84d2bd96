"""Runs the due schedules on the app's ticks, under the injected clock.

One indexed query per tick finds the rows whose `next_run_at` has passed. Each is run
(or skipped, when the bot was down past its time by more than the grace period and the
job says a late run would be wrong), then its row gets `last_run_at` and the next run
from the clock, and the outcome is queued for the chat, in one transaction. The row is
updated whatever the outcome, so a failing run is not retried on every tick.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.i18n import normalize_language
from bot.schedules.store import next_run
from bot.storage.models import Chat, Schedule
from bot.storage.notices import NoticeArg, Notices, add_notice

log = logging.getLogger(__name__)

GRACE = timedelta(hours=1)
"""A run later than this after its time is skipped (arming at 10:00 for 22:30 is wrong)."""


@dataclass(frozen=True)
class ScheduleNotice:
    """What the chat is told about a run: a Fluent message id and its arguments."""

    message_id: str
    args: Mapping[str, NoticeArg] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """What a kind of schedule does.

    run: does the work for (row, chat language, now) and says how it went; it must not
        raise for a box that is down (it says so in its notice instead).
    missed: the notice for a run skipped because it is too late; None runs it late instead
        (a digest late is still a digest).
    """

    run: Callable[[Schedule, str, datetime], Awaitable[ScheduleNotice]]
    missed: Callable[[Schedule, str], ScheduleNotice] | None = None


class ScheduleRunner:
    """Runs the due schedules of the kinds it was given jobs for."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        notices: Notices,
        clock: Clock,
        zone: ZoneInfo,
        jobs: Mapping[str, Job],
        grace: timedelta = GRACE,
    ) -> None:
        self._sessions = sessions
        self._notices = notices
        self._clock = clock
        self._zone = zone
        self._jobs = dict(jobs)
        self._grace = grace
        # Ticks from the periodic loop and from tests may overlap: the second waits, then
        # finds nothing due, so a run is never made twice.
        self._lock = asyncio.Lock()

    async def tick(self) -> None:
        """Run every due schedule (a no-op costing one indexed query when none is)."""
        async with self._lock:
            now = self._clock()
            async with self._sessions() as session:
                due = (
                    await session.execute(
                        select(Schedule, Chat.language)
                        .join(Chat, Chat.id == Schedule.chat_id)
                        .where(
                            Schedule.next_run_at <= now,
                            Schedule.kind.in_(tuple(self._jobs)),
                            # A chat that removed the bot keeps its schedules, paused.
                            Chat.active.is_(True),
                        )
                        .order_by(Schedule.next_run_at, Schedule.id)
                    )
                ).all()
            for row, language in due:
                await self._run(row, normalize_language(language), now)

    async def _run(self, row: Schedule, language: str, now: datetime) -> None:
        job = self._jobs[row.kind]
        notice: ScheduleNotice | None
        try:
            if job.missed is not None and now - row.next_run_at > self._grace:
                log.info("schedule %s missed its run at %s: skipped", row.id, row.next_run_at)
                notice = job.missed(row, language)
            else:
                notice = await job.run(row, language, now)
        except Exception:
            log.exception("schedule %s (%s) failed", row.id, row.kind)
            notice = None
        await self._record(row, now, notice)

    async def _record(self, row: Schedule, now: datetime, notice: ScheduleNotice | None) -> None:
        """Move the row to its next run and queue the outcome, together."""
        async with self._sessions.begin() as session:
            current = await session.get(Schedule, row.id)
            if current is not None:  # deleted while it ran: nothing to move
                current.last_run_at = now
                current.next_run_at = next_run(
                    current.hour,
                    current.minute,
                    current.weekdays,
                    self._zone,
                    now,
                    previous=row.next_run_at,
                )
            queued = notice is not None and await add_notice(
                session, row.chat_id, notice.message_id, now=now, **notice.args
            )
        if queued:
            self._notices.wake()
