"""Wrong alarm PINs per person (table `pin_failures`): three in a row lock them out a while."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import PinFailures

MAX_PIN_FAILURES = 3
LOCKOUT = timedelta(minutes=15)


async def lockout_left(session: AsyncSession, user_id: int, *, now: datetime) -> timedelta | None:
    """How long the person stays locked out (None: they are not)."""
    row = await session.get(PinFailures, user_id)
    left = row.locked_until - now if row and row.locked_until else timedelta(0)
    return left if left > timedelta(0) else None


async def count_failure(session: AsyncSession, user_id: int, *, now: datetime) -> int:
    """Count a wrong PIN; returns the tries left (0 or less: locked out). The caller commits."""
    row = await session.get(PinFailures, user_id)
    if row is None:
        row = PinFailures(user_id=user_id, failures=0)
        session.add(row)
    if row.locked_until is not None and row.locked_until <= now:
        row.failures, row.locked_until = 0, None  # a lockout over: three new tries
    row.failures += 1
    row.updated_at = now
    if row.failures >= MAX_PIN_FAILURES:
        row.locked_until = now + LOCKOUT
    return MAX_PIN_FAILURES - row.failures


async def forget_failures(session: AsyncSession, user_id: int, *, now: datetime) -> None:
    """Clear the person's wrong PINs and lockout (the right PIN was given). The caller commits."""
    row = await session.get(PinFailures, user_id)
    if row is not None:
        row.failures, row.locked_until, row.updated_at = 0, None, now
