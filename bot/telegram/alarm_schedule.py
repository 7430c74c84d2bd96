"""/alarm schedule: arm the alarm at set times, and disarm it the next morning.

`/alarm schedule 22:30 mon-fri` arms at 22:30 on those days; `… until 07:00` adds a
disarming schedule on the following mornings, saved only once the person gave the right
alarm PIN (the /alarm PIN flow, with its lockout): a schedule never asks for it again.
`/alarm schedule` alone lists the chat's schedules with a delete button each. The runs
are rows (`bot.schedules`), made on the app's ticks with the same box calls as the
/alarm buttons; each run's outcome is told to the chat.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from telegram import Bot, Chat, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.box.alarm import MAIN, OFF, AlarmEndpoints, AlarmNotFoundError
from bot.i18n import format_moment, translate
from bot.schedules.plan import (
    ARM_KIND,
    DISARM_KIND,
    KINDS,
    AlarmPlan,
    failure_reason,
    notice_args,
    parse_plan,
    plan_question,
    schedule_entry,
    schedule_label,
)
from bot.schedules.runner import Job, ScheduleNotice, ScheduleRunner
from bot.schedules.store import chat_schedules, create_schedule, delete_schedule
from bot.schedules.weekdays import ScheduleSyntaxError, cron_days
from bot.storage.models import Role, Schedule
from bot.telegram.alarm_pin import PinRequests
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.chats import remember_chat
from bot.telegram.choices import choice_buttons
from bot.telegram.feature import BotServices
from bot.telegram.message_edits import edit_html
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

SCHEDULE_WORDS = frozenset({"schedule", "schedules", "programme", "programmer", "prog"})
SAVE, CANCEL, DELETE = "alarm_schedule_save", "alarm_schedule_cancel", "alarm_schedule_delete"

LocateAlarm = Callable[[], Awaitable[AlarmEndpoints]]
"""The alarm's endpoints (raises AlarmNotFoundError or FreeboxError), from /alarm."""
PushAlarm = Callable[[AlarmEndpoints, str], Awaitable[None]]
"""Arm (`alarm1`) or disarm (`off`), the call the /alarm buttons make."""


class AlarmSchedules:
    """The `/alarm schedule` subcommand, its buttons, and the runs of its schedules."""

    def __init__(
        self, services: BotServices, pins: PinRequests, locate: LocateAlarm, push: PushAlarm
    ) -> None:
        self._services = services
        self._pins = pins
        self._locate = locate
        self._push = push
        job = Job(run=self._run, missed=self._missed)
        self._runner = ScheduleRunner(
            sessions=services.sessions,
            notices=services.notices,
            clock=services.clock,
            zone=services.zone,
            jobs={ARM_KIND: job, DISARM_KIND: job},
        )

    def register(self, application: BotApplication) -> None:
        """Add the buttons' actions and the tick running the due schedules."""
        buttons = self._services.buttons
        buttons.on(SAVE, self.save, role=Role.MEMBER)
        buttons.on(CANCEL, self.cancel, role=Role.MEMBER)
        buttons.on(DELETE, self.delete, role=Role.MEMBER)
        self._services.ticks.append(self._runner.tick)

    async def command(self, asker: Asker, args: Sequence[str]) -> None:
        """`/alarm schedule …`: list the schedules, or ask to confirm a new one."""
        if not args:
            await asker.reply(*await self._listing(asker.chat.id, asker.language))
            return
        try:
            plan = parse_plan(args)
        except ScheduleSyntaxError as exc:
            log.debug("not a schedule: %s", exc)
            await asker.reply(asker.text("alarm-schedule-usage"))
            return
        data = {"plan": plan.to_data()}
        keys = [
            (asker.text("alarm-schedule-button-confirm"), SAVE, data),
            (asker.text("alarm-schedule-button-cancel"), CANCEL, data),
        ]
        markup = await choice_buttons(
            self._services.buttons, keys, chat_id=asker.chat.id, user_id=asker.user.id
        )
        await asker.reply(plan_question(asker.language, plan), markup)

    # -- buttons ----------------------------------------------------------------------

    async def save(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Save an arming schedule; one that disarms asks for the alarm PIN first."""
        plan, language = AlarmPlan.from_data(press.data["plan"]), press.language
        chat, message_id = update.effective_chat, _message_id(update)
        if chat is None:
            return None
        if plan.until is None:
            text = await self._save(chat, press.user_id, language, plan)
            await _edit(context.bot, chat.id, message_id, text)
            return None
        refusal = await self._pins.lockout_text(press.user_id, language)
        if refusal is not None:
            await _edit(context.bot, chat.id, message_id, refusal)
            return None
        try:
            alarm = await self._locate()
        except AlarmNotFoundError:
            await _edit(context.bot, chat.id, message_id, translate(language, "alarm-none"))
            return None
        except FreeboxError as exc:
            await _edit(context.bot, chat.id, message_id, box_error_text(language, exc))
            return None

        async def pin_outcome(bot: Bot, chat_id: int, pin_refusal: str | None) -> None:
            if pin_refusal is not None:
                await bot.send_message(chat_id, pin_refusal)
                text = translate(language, "alarm-schedule-not-saved")
            else:
                text = await self._save(chat, press.user_id, language, plan)
            await _edit(bot, chat_id, message_id, text)

        user = update.effective_user
        name = html.escape((user.first_name or str(user.id)) if user else "?")
        asked = await self._pins.ask(
            context.bot,
            press,
            user,
            alarm,
            message_id,
            name=name,
            then=pin_outcome,
        )
        if not asked:  # no private chat to ask in: the group was told to open one
            text = translate(language, "alarm-schedule-not-saved")
            await _edit(context.bot, chat.id, message_id, text)
            return None
        cancel = await self._services.buttons.button(
            translate(language, "alarm-schedule-button-cancel"),
            CANCEL,
            {},
            chat_id=chat.id,
            user_id=press.user_id,
        )
        text = translate(language, "alarm-schedule-pin-wait", name=name)
        await _edit(context.bot, chat.id, message_id, text, InlineKeyboardMarkup([[cancel]]))
        return None

    async def cancel(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Drop the new schedule (and the PIN request, if one was asked)."""
        await self._pins.drop(context.bot, press.chat_id, press.user_id)
        text = translate(press.language, "alarm-schedule-not-saved")
        await _edit(context.bot, press.chat_id, _message_id(update), text)
        return translate(press.language, "alarm-schedule-cancelled")

    async def delete(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Delete one schedule, then show the chat's list again."""
        async with self._services.sessions.begin() as session:
            deleted = await delete_schedule(session, int(press.data["id"]), press.chat_id)
        text, markup = await self._listing(press.chat_id, press.language)
        await _edit(context.bot, press.chat_id, _message_id(update), text, markup)
        return translate(press.language, "alarm-schedule-deleted") if deleted else None

    # -- storage ------------------------------------------------------------------------

    async def _save(self, chat: Chat, user_id: int, language: str, plan: AlarmPlan) -> str:
        """Store the plan's rows; returns the message saying what was saved."""
        now, zone = self._services.clock(), self._services.zone
        rows = [(ARM_KIND, plan.hour, plan.minute, plan.days)]
        if plan.until is not None:
            rows.append((DISARM_KIND, *plan.until, plan.until_days))
        async with self._services.sessions.begin() as session:
            # A private chat speaks its person's language; a group keeps its own.
            await remember_chat(session, chat, language if chat.type == Chat.PRIVATE else None)
            saved = [
                await create_schedule(
                    session,
                    chat_id=chat.id,
                    kind=kind,
                    hour=hour,
                    minute=minute,
                    weekdays=cron_days(days),
                    created_by=user_id,
                    language=language,
                    now=now,
                    zone=zone,
                )
                for kind, hour, minute, days in rows
            ]
        lines = [translate(language, "alarm-schedule-saved")]
        lines += [schedule_entry(language, row) for row in saved]
        when = format_moment(min(row.next_run_at for row in saved), language, zone)
        lines.append(translate(language, "alarm-schedule-next", when=when))
        return "\n".join(lines)

    async def _listing(
        self, chat_id: int, language: str
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The chat's schedules, each with a delete button, then the usage."""
        async with self._services.sessions() as session:
            rows = await chat_schedules(session, chat_id, KINDS)
        usage = translate(language, "alarm-schedule-usage")
        if not rows:
            return f"{translate(language, 'alarm-schedule-list-empty')}\n\n{usage}", None
        lines = [translate(language, "alarm-schedule-list-title")]
        lines += [f"• {schedule_entry(language, row)}" for row in rows]
        buttons, group = self._services.buttons, self._services.buttons.new_group()
        keys = [
            [
                await buttons.button(
                    translate(
                        language, "alarm-schedule-button-delete", what=schedule_label(language, row)
                    ),
                    DELETE,
                    {"id": row.id},
                    chat_id=chat_id,
                    group=group,
                )
            ]
            for row in rows
        ]
        return "\n".join([*lines, "", usage]), InlineKeyboardMarkup(keys)

    # -- runs ---------------------------------------------------------------------------

    async def _run(self, row: Schedule, language: str, now: datetime) -> ScheduleNotice:
        """Arm or disarm as the /alarm buttons do; a failure is told, never raised."""
        args = notice_args(language, row)
        try:
            await self._push(await self._locate(), MAIN if row.kind == ARM_KIND else OFF)
        except AlarmNotFoundError:
            return ScheduleNotice("alarm-schedule-failed", {**args, "reason": "no-alarm"})
        except FreeboxError as exc:
            log.info("scheduled %s failed: %s", row.kind, exc)
            return ScheduleNotice("alarm-schedule-failed", {**args, "reason": failure_reason(exc)})
        done = "alarm-schedule-armed" if row.kind == ARM_KIND else "alarm-schedule-disarmed"
        return ScheduleNotice(done, args)

    @staticmethod
    def _missed(row: Schedule, language: str) -> ScheduleNotice:
        return ScheduleNotice("alarm-schedule-skipped", notice_args(language, row))

    # -- texts --------------------------------------------------------------------------


async def _edit(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Replace the schedule message, or send it when there is none to replace."""
    await edit_html(bot, chat_id, message_id, text, markup, send_if_missing=True)


def _message_id(update: Update) -> int | None:
    query = update.callback_query
    return query.message.message_id if query is not None and query.message is not None else None
