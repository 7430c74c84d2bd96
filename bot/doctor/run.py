"""Run every check side by side, each within its bound, into one report."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import within
from bot.doctor.access import session_lines
from bot.doctor.box import link_line, version_lines
from bot.doctor.context import DoctorContext
from bot.doctor.local import (
    database_lines,
    outbox_lines,
    presence_lines,
    public_url_lines,
    telegram_lines,
)
from bot.doctor.report import Line, Mark, Report, fail, report_of
from bot.doctor.targets import target_lines
from freeboxos import FreeboxConnectionError, FreeboxError
from freeboxos.capabilities import can_push

log = logging.getLogger(__name__)

Check = Callable[[DoctorContext], Awaitable[list[Line]]]


async def examine(ctx: DoctorContext) -> Report:
    """The whole report; a check that fails or overruns is a ❌ line of its own."""
    checks: list[tuple[Check, str]] = [
        (box_lines, "doctor-box-timeout"),
        (public_url_lines, "doctor-check-timeout"),
        (presence_lines, "doctor-check-timeout"),
        (telegram_lines, "doctor-telegram-timeout"),
        (outbox_lines, "doctor-check-timeout"),
        (database_lines, "doctor-database-timeout"),
    ]
    groups = await asyncio.gather(*(_bounded(ctx, check, late) for check, late in checks))
    return report_of(groups)


async def _bounded(ctx: DoctorContext, check: Check, late_id: str) -> list[Line]:
    try:
        # On the link's timer: tests move it instead of waiting for a box that hangs.
        return await within(ctx.link.timer, ctx.seconds, check(ctx))
    except TimeoutError:
        return [fail(late_id, seconds=int(ctx.seconds))]
    except Exception:
        log.exception("doctor: the check %s failed", check.__name__)
        return [fail("doctor-check-crashed", check=check.__name__)]


async def box_lines(ctx: DoctorContext) -> list[Line]:
    """The box, the link, the session and permissions, then the chats' targets: each
    step needs the one before it."""
    if not await ctx.link.is_paired():
        return [fail("doctor-not-paired")]
    lines: list[Line] = []
    try:
        client = await ctx.link.client()
        box = await ctx.link.box()
        lines += version_lines(box)
        lines.append(await link_line(box, ctx.seconds))
        session = await session_lines(client)
        lines += session
        if session[0].mark is Mark.FAIL or not can_push(box.api.api_version):
            return lines  # no session, or no targets to look at on this version
        lines += await target_lines(ctx, client)
    except SQLAlchemyError:
        lines.append(fail("doctor-targets-unreadable"))  # the database line says why
    except FreeboxConnectionError:
        lines.append(fail("doctor-box-unreachable", url=ctx.freebox_url or "mafreebox.freebox.fr"))
    except FreeboxError as exc:
        lines.append(fail("doctor-box-refused", reason=exc.error_code or exc.msg))
    return lines
