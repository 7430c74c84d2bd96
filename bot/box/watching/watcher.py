"""The fallback for boxes that cannot push: read the box on the ticks, tell what changed.

Every WATCH_EVERY the watcher looks for chats that want notifications and that push does
not reach (`push_unavailable`). With none, it reads nothing from the box and forgets its
marks, so that a later fallback starts from a fresh first reading instead of repeating
what push already delivered. Otherwise it reads the sources those chats subscribe to (a
source no chat wants is not read, and its mark is dropped) and, in one transaction,
stores the new marks and queues one outbox row per chat and event: a crash repeats
nothing and loses nothing, and a restart carries on from the marks (what happened
meanwhile is told once).

While push works the marks are dropped on the ticks, but taken again at stop
(`keep_marks`), and the first reading after a start (`catch_up`) tells the chats push
reaches what the box's lists gained while the bot was stopped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.box.watching.catch_up import LISTS, STATES, from_lists, from_states, queue_missed
from bot.box.watching.decision import push_unavailable
from bot.box.watching.reader import Reading, read_changes
from bot.box.watching.sources import Downloads, Mark, MissedCalls, NewHosts, Source
from bot.box.watching.states import AlarmState, ConnectionState
from bot.clock import Clock
from bot.storage.models import BotState, Chat, Target
from bot.storage.notices import BOT_SOURCE, Notices, pending_row
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

WATCH_EVERY = timedelta(seconds=30)
STATE_KEY = "box_watch"
# The document spells the download subscription both ways.
_SPELLINGS = {"download": "downloader"}

_Unreached = dict[int, frozenset[str]]
"""Chat id -> the subscriptions it wants, for the chats push does not reach."""


class BoxWatcher:
    """Reads the box for the chats push cannot reach and queues what changed."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        notices: Notices,
        clock: Clock,
        zone: ZoneInfo,
        every: timedelta = WATCH_EVERY,
    ) -> None:
        self._sessions = sessions
        self._link = link
        self._notices = notices
        self._clock = clock
        self._every = every
        self._sources: Sequence[Source] = (
            MissedCalls(),
            Downloads(),
            NewHosts(),
            ConnectionState(clock, zone),
            AlarmState(),
        )
        self._last_read: datetime | None = None
        self._lock = asyncio.Lock()
        self._caught_up = False

    async def tick(self) -> None:
        """At most once per WATCH_EVERY (a slow box does not make readings pile up)."""
        now = self._clock()
        if self._lock.locked():
            return
        if self._last_read is not None and now - self._last_read < self._every:
            return
        async with self._lock:
            self._last_read = now
            await self._watch()

    async def _watch(self) -> None:
        if not await self._link.is_paired():
            return
        wanting = await self._wanting()
        try:
            api = (await self._link.box()).api if wanting else None
        except FreeboxError as exc:
            log.debug("watching the box: no box: %s", exc)
            return
        unreached: _Unreached = {
            chat_id: subscriptions
            for chat_id, (subscriptions, targets) in wanting.items()
            if api is not None and push_unavailable(api.major, targets)
        }
        if not self._caught_up and api is not None:
            reached = {
                chat_id: subscriptions
                for chat_id, (subscriptions, _) in wanting.items()
                if chat_id not in unreached
            }
            if not await self._catch_up(reached, api.uid or ""):
                return  # the box did not answer: the next tick tries again
        if not unreached or api is None:
            await self._forget()
            return
        box_id = api.uid or ""
        wanted = frozenset().union(*unreached.values())
        sources = [s for s in self._sources if s.subscription in wanted]
        marks = await self._marks(box_id)
        try:
            client = await self._link.client()
            reading = await read_changes(client, sources, marks)
        except FreeboxError as exc:
            log.debug("watching the box: not read: %s", exc)
            return
        if not reading.events and reading.marks == marks:
            return  # nothing new: no write every half minute
        if await self._store(reading, unreached, box_id):
            self._notices.wake()

    async def _catch_up(self, reached: _Unreached, box_id: str) -> bool:
        """Once after start: tell the chats push reaches what the lists gained, and what
        the alarm and the connection show, since the bot was stopped; False when the box
        could not be read (try again later)."""
        marks, since = await self._marks(box_id), await self._kept_at(box_id)
        wanted = frozenset().union(*reached.values()) if reached else frozenset()
        sources = [s for s in self._sources if s.subscription in wanted and s.name in marks]
        lists = [s for s in sources if s.name in LISTS]
        states = [s for s in sources if s.name in STATES]
        if sources:
            try:
                client = await self._link.client()
                listed = await read_changes(client, lists, marks)
                # The states' own events are the fallback's (dated now): compared here instead.
                states_now = (await read_changes(client, states, marks)).marks
            except FreeboxError as exc:
                log.debug("catching up with the box: not read: %s", exc)
                return False
            missed = from_lists(listed.events) + from_states(marks, states_now)
            async with self._sessions.begin() as session:
                queued = await queue_missed(
                    session, missed, reached, box_id, since, now=self._clock()
                )
            if queued:
                log.info("told the chats what the box's lists gained while the bot was stopped")
                self._notices.wake()
        self._caught_up = True
        return True

    async def keep_marks(self) -> None:
        """At stop: mark the box's lists and states, so that the next start tells what
        changed meanwhile (the box does not push again what it pushed to a stopped bot)."""
        if not await self._link.is_paired():
            return
        wanting = await self._wanting()
        wanted = frozenset().union(*(subscriptions for subscriptions, _ in wanting.values()))
        marked = LISTS | STATES
        sources = [s for s in self._sources if s.name in marked and s.subscription in wanted]
        if not sources:
            return
        box_id = (await self._link.box()).api.uid or ""
        reading = await read_changes(await self._link.client(), sources, {})
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            kept = (
                row.value.get("marks") if row is not None and row.value.get("box") == box_id else {}
            )
            kept = kept if isinstance(kept, dict) else {}
            # A mark the fallback holds is newer news for its chats: it stays. It may be
            # older than the stop, so the catch-up then compares with every outbox row.
            value: dict[str, object] = {"box": box_id, "marks": {**reading.marks, **kept}}
            if not kept:
                value["kept_at"] = self._clock().isoformat()
            if row is None:
                session.add(BotState(key=STATE_KEY, value=value))
            else:
                row.value = value

    async def _kept_at(self, box_id: str) -> datetime | None:
        """When the marks were taken at stop (None: not at stop, e.g. after a crash)."""
        async with self._sessions() as session:
            row = await session.get(BotState, STATE_KEY)
        if row is None or row.value.get("box") != box_id or "kept_at" not in row.value:
            return None
        return datetime.fromisoformat(str(row.value["kept_at"]))

    async def _wanting(self) -> dict[int, tuple[frozenset[str], int]]:
        """Chats that want notifications: their subscriptions and registered targets."""
        async with self._sessions() as session:
            chats = (
                await session.execute(
                    select(Chat.id, Chat.subscriptions).where(
                        Chat.active.is_(True), Chat.wants_notifications.is_(True)
                    )
                )
            ).all()
            counts = (
                await session.execute(select(Target.chat_id, func.count()).group_by(Target.chat_id))
            ).all()
        targets = {chat_id: int(count) for chat_id, count in counts}
        return {
            chat_id: (_normalized(subscriptions), targets.get(chat_id, 0))
            for chat_id, subscriptions in chats
        }

    async def _marks(self, box_id: str) -> dict[str, Mark]:
        """The stored marks, when they are this box's (another box starts afresh)."""
        async with self._sessions() as session:
            row = await session.get(BotState, STATE_KEY)
        if row is None or row.value.get("box") != box_id:
            return {}
        marks = row.value.get("marks")
        return dict(marks) if isinstance(marks, dict) else {}

    async def _store(self, reading: Reading, unreached: _Unreached, box_id: str) -> bool:
        """Keep the marks and queue the events, together; True when a row was queued."""
        queued = False
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            if row is None:
                row = BotState(key=STATE_KEY, value={})
                session.add(row)
            row.value = {"box": box_id, "marks": reading.marks}
            row.updated_at = self._clock()
            for event in reading.events:
                if event.is_notice:
                    source, payload = BOT_SOURCE, dict(event.payload)
                else:
                    source, payload = box_id or "box", {"box_id": box_id, **event.payload}
                for chat_id, subscriptions in unreached.items():
                    if event.subscription in subscriptions:
                        session.add(pending_row(chat_id, source, payload, self._clock()))
                        queued = True
        return queued

    async def _forget(self) -> None:
        """Push reaches every chat: drop the marks, a later fallback reads afresh."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            if row is not None:
                await session.delete(row)


def _normalized(subscriptions: Collection[str]) -> frozenset[str]:
    return frozenset(_SPELLINGS.get(s, s) for s in subscriptions)
