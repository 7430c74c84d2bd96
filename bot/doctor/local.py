"""The parts on the bot's side: NOTIF_PUBLIC_URL, Telegram, the outbox, the database and
the event websocket."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from bot.box.public_url import unreachable_reason
from bot.doctor.context import DoctorContext
from bot.doctor.report import Line, fail, ok, warn
from bot.storage.migrate import current_revisions, head_revisions
from bot.storage.models import OutboxMessage, OutboxStatus, PresenceWatch

OUTBOX_LATE = timedelta(minutes=10)
"""A pending notification older than this says the worker cannot deliver."""


async def public_url_lines(ctx: DoctorContext) -> list[Line]:
    if not ctx.public_url:
        return [fail("doctor-public-url-missing")]
    reason = unreachable_reason(ctx.public_url, ctx.freebox_url)
    if reason is not None:
        return [warn("doctor-public-url-unreachable", url=ctx.public_url, reason=reason)]
    return [ok("doctor-public-url-ok", url=ctx.public_url)]


async def telegram_lines(ctx: DoctorContext) -> list[Line]:
    try:
        name = await ctx.telegram_name()
    except Exception as exc:  # any failure of getMe is the finding itself
        return [fail("doctor-telegram-fail", reason=type(exc).__name__)]
    return [ok("doctor-telegram-ok", name=name)]


async def outbox_lines(ctx: DoctorContext) -> list[Line]:
    try:
        async with ctx.sessions() as session:
            count, oldest = (
                await session.execute(
                    select(func.count(), func.min(OutboxMessage.received_at)).where(
                        OutboxMessage.status == OutboxStatus.PENDING
                    )
                )
            ).one()
    except SQLAlchemyError:
        return [fail("doctor-outbox-unreadable")]  # the database line says why
    if not count or oldest is None:
        return [ok("doctor-outbox-empty")]
    if ctx.clock() - oldest >= OUTBOX_LATE:
        return [warn("doctor-outbox-late", count=count, since=ctx.when(oldest))]
    return [ok("doctor-outbox-pending", count=count, since=ctx.when(oldest))]


async def database_lines(ctx: DoctorContext) -> list[Line]:
    engine = ctx.sessions.kw["bind"]
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # unreachable, refused, corrupt: the finding itself
        return [fail("doctor-database-fail", reason=type(exc).__name__)]
    current, heads = await current_revisions(engine), head_revisions()
    if current is None or heads is None or current != heads:
        return [fail("doctor-database-behind")]
    return [ok("doctor-database-ok", revision=", ".join(sorted(current)))]


async def presence_lines(ctx: DoctorContext) -> list[Line]:
    """Only where a watcher runs (the bot, not the CLI) and some chat watches a device."""
    if ctx.presence_connected is None:
        return []
    async with ctx.sessions() as session:
        watches = await session.scalar(select(func.count()).select_from(PresenceWatch))
    if not watches:
        return []
    if ctx.presence_connected():
        return [ok("doctor-presence-ok")]
    return [fail("doctor-presence-down")]
