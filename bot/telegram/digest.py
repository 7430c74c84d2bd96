"""/digest HH:MM: one message a day with what happened (downloads, missed calls, devices).

Opt-in per chat, one digest per chat (a new time replaces the old one), stored as a
`digest` schedule row run on the app's ticks (`bot.schedules`). The digest covers the
time since the previous one (the last 24 hours for the first, at most a week); a digest
late because the bot was down still goes out, covering the whole gap. The data come
from `bot.box.digest`; a box that does not answer makes a digest saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from telegram import Chat, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.box.digest import DigestData, collect_digest
from bot.i18n import format_moment, translate
from bot.schedules.runner import Job, ScheduleNotice, ScheduleRunner
from bot.schedules.store import chat_schedules, create_schedule, delete_chat_kind
from bot.schedules.weekdays import EVERY_DAY, ScheduleSyntaxError, parse_time
from bot.storage.models import Role, Schedule
from bot.storage.notices import NoticeArg
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo
from freeboxos import AuthRequiredError, FreeboxError

log = logging.getLogger(__name__)

DIGEST_KIND = "digest"
OFF_WORDS = frozenset({"off", "stop", "none", "non", "aucun", "arret", "arrêt"})
FIRST_WINDOW = timedelta(hours=24)
LONGEST_WINDOW = timedelta(days=7)
MAX_ITEMS = 10  # per section; the rest is counted
MAX_NAME = 60


class DigestCommands:
    commands = (CommandInfo("digest", Role.MEMBER, "digest-cmd"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._runner = ScheduleRunner(
            sessions=services.sessions,
            notices=services.notices,
            clock=services.clock,
            zone=services.zone,
            jobs={DIGEST_KIND: Job(run=self._run)},
        )

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("digest", self.digest, filters=new))
        self._services.ticks.append(self._runner.tick)

    async def digest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/digest HH:MM` sets the chat's digest, `/digest off` stops it, `/digest` shows it."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        args = context.args or []
        await asker.reply(await self._answer(asker.chat, asker.user.id, asker.language, args))

    async def _answer(self, chat: Chat, user_id: int, language: str, args: Sequence[str]) -> str:
        usage = translate(language, "digest-usage")
        if not args:
            return f"{await self._current(chat.id, language)}\n\n{usage}"
        if len(args) != 1:
            return usage
        if args[0].lower() in OFF_WORDS:
            async with self._services.sessions.begin() as session:
                removed = await delete_chat_kind(session, chat.id, DIGEST_KIND)
            return translate(language, "digest-off" if removed else "digest-off-none")
        try:
            hour, minute = parse_time(args[0])
        except ScheduleSyntaxError:
            return usage
        async with self._services.sessions.begin() as session:
            # A private chat speaks its person's language; a group keeps its own.
            await remember_chat(session, chat, language if chat.type == Chat.PRIVATE else None)
            await delete_chat_kind(session, chat.id, DIGEST_KIND)
            row = await create_schedule(
                session,
                chat_id=chat.id,
                kind=DIGEST_KIND,
                hour=hour,
                minute=minute,
                weekdays=EVERY_DAY,
                created_by=user_id,
                language=language,
                now=self._services.clock(),
                zone=self._services.zone,
            )
        return translate(
            language, "digest-set", time=f"{hour:02d}:{minute:02d}", next=self._when(row, language)
        )

    async def _current(self, chat_id: int, language: str) -> str:
        async with self._services.sessions() as session:
            rows = await chat_schedules(session, chat_id, (DIGEST_KIND,))
        if not rows:
            return translate(language, "digest-none")
        row = rows[0]
        return translate(
            language,
            "digest-current",
            time=f"{row.hour:02d}:{row.minute:02d}",
            next=self._when(row, language),
        )

    def _when(self, row: Schedule, language: str) -> str:
        return self._local(row.next_run_at, language)

    def _local(self, moment: datetime, language: str) -> str:
        return format_moment(moment, language, self._services.zone)

    # -- the run ------------------------------------------------------------------------

    async def _run(self, row: Schedule, language: str, now: datetime) -> ScheduleNotice:
        """Collect the window's events from the box into one message (never raises)."""
        last = row.last_run_at
        since = last if last is not None and now - last <= LONGEST_WINDOW else now - FIRST_WINDOW
        since_text = self._local(since, language)
        try:
            client = await self._services.link.client()
            data = await collect_digest(client, since, now)
        except AuthRequiredError as exc:
            log.info("digest without the box: %s", exc)
            return ScheduleNotice("digest-box-down", {"since": since_text, "reason": "not-paired"})
        except FreeboxError as exc:
            log.info("digest without the box: %s", exc)
            return ScheduleNotice("digest-box-down", {"since": since_text, "reason": "unreachable"})
        sections = self._sections(data, language)
        return ScheduleNotice("digest-text", {"since": since_text, **sections})

    def _sections(self, data: DigestData, language: str) -> dict[str, NoticeArg]:
        """Each section as a count (or "unavailable") and its lines (each after a newline)."""
        downloads = None if data.downloads is None else [_clip(t.name) for t in data.downloads]
        calls = None
        if data.missed_calls is not None:
            calls = [
                f"{self._local(c.datetime, language)} {_caller(c.name, c.number)}"
                for c in data.missed_calls
            ]
        hosts = None
        if data.new_hosts is not None:
            hosts = [
                _clip(h.display_name) + (f" ({h.ipv4})" if h.ipv4 else "") for h in data.new_hosts
            ]
        args: dict[str, NoticeArg] = {}
        for name, lines in (("downloads", downloads), ("calls", calls), ("hosts", hosts)):
            args[f"{name}_count"] = "unavailable" if lines is None else len(lines)
            args[name] = _bullets(lines or [])
        return args


def _caller(name: str, number: str) -> str:
    name, number = _clip(name.strip()), number.strip()
    if not name or name == number:
        return number or "?"
    return f"{name} ({number})" if number else name


def _clip(text: str) -> str:
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip() + "…"


def _bullets(lines: list[str]) -> str:
    """`\n• a\n• b`, at most MAX_ITEMS lines, then `\n• … (+3)`."""
    shown = [f"\n• {line}" for line in lines[:MAX_ITEMS]]
    if len(lines) > MAX_ITEMS:
        shown.append(f"\n• … (+{len(lines) - MAX_ITEMS})")
    return "".join(shown)
