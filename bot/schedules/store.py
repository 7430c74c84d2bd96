"""Creating, listing and deleting schedules, and when each runs next.

The next run is computed in TIMEZONE by APScheduler's CronTrigger, so a 22:30 schedule
stays at 22:30 on the wall clock across daylight saving changes; it is stored in UTC.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Schedule


def next_run(
    hour: int,
    minute: int,
    weekdays: str,
    zone: ZoneInfo,
    after: datetime,
    *,
    previous: datetime | None = None,
) -> datetime:
    """The first moment strictly after `after` that matches, in UTC.

    `previous` is the run just made: when a night falls back, 02:30 happens twice on
    the wall clock, and the schedule runs at the first one only.
    """
    trigger = CronTrigger(day_of_week=weekdays, hour=hour, minute=minute, timezone=zone)
    fire: datetime | None = trigger.get_next_fire_time(after, after)
    if fire is not None and previous is not None and _wall(fire, zone) == _wall(previous, zone):
        fire = trigger.get_next_fire_time(fire, fire)
    if fire is None:  # a cron trigger without an end date always has a next time
        raise ValueError(f"no next run for {weekdays} {hour:02d}:{minute:02d}")
    return fire.astimezone(UTC)


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


async def create_schedule(
    session: AsyncSession,
    *,
    chat_id: int,
    kind: str,
    hour: int,
    minute: int,
    weekdays: str,
    created_by: int,
    language: str,
    now: datetime,
    zone: ZoneInfo,
) -> Schedule:
    """Add a schedule whose first run is the next matching moment after `now`.

    The chat row must exist (the caller remembers it first); the caller commits.
    """
    row = Schedule(
        chat_id=chat_id,
        kind=kind,
        hour=hour,
        minute=minute,
        weekdays=weekdays,
        created_by=created_by,
        language=language,
        next_run_at=next_run(hour, minute, weekdays, zone, now),
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def chat_schedules(
    session: AsyncSession, chat_id: int, kinds: Collection[str]
) -> list[Schedule]:
    """The chat's schedules of these kinds, by time of day."""
    rows = await session.scalars(
        select(Schedule)
        .where(Schedule.chat_id == chat_id, Schedule.kind.in_(kinds))
        .order_by(Schedule.hour, Schedule.minute, Schedule.kind, Schedule.id)
    )
    return list(rows)


async def delete_schedule(session: AsyncSession, schedule_id: int, chat_id: int) -> bool:
    """Delete one of the chat's schedules; False when it was already gone."""
    result = await session.execute(
        delete(Schedule).where(Schedule.id == schedule_id, Schedule.chat_id == chat_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_chat_kind(session: AsyncSession, chat_id: int, kind: str) -> int:
    """Delete the chat's schedules of one kind (the digest is one per chat)."""
    result = await session.execute(
        delete(Schedule).where(Schedule.chat_id == chat_id, Schedule.kind == kind)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
