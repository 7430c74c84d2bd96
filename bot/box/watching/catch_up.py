"""What the box's lists show happened while the bot was stopped, told once at start.

The box pushes each event once and does not retry, so a missed call, a new device or a
finished download pushed while the bot was down is lost. At stop the bot takes the marks
of those lists (`bot_state` row `box_watch`, as the fallback watcher keeps them); at the
next start one reading against them finds what happened meanwhile. Each chat reached by
push hears it once, under a line saying the bot was stopped, minus what did arrive by
push (an outbox row with the same call, device or task since the marks were taken: the
marks may be older than the stop after a crash).

The alarm and the Internet connection are states, not lists: the box keeps no dated trace
of them. What still shows at start is told (the alarm going off, the connection down, or
back up after it was down at the stop); what came and went while the bot was stopped (an
alarm triggered then disarmed, a connection lost then back) leaves nothing to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.box.watching.events import WatchedEvent, notice
from bot.box.watching.sources import Mark
from bot.box.watching.states import DOWN, UP, alarm_going_off
from bot.storage.models import OutboxMessage
from bot.storage.notices import BOT_SOURCE, pending_row

LISTS = frozenset({"calls", "downloads", "hosts"})
"""The sources that are lists of past events."""
STATES = frozenset({"alarm", "connection"})
"""The sources whose state at stop is compared with the state at start."""
HEADER = "truth-missed-while-stopped"
# The box's words for the siren going off (as bot/delivery/render.py reads them).
_ALARM_WENT_OFF = frozenset({"alarm_triggered", "alarm", "alert"})

EventKey = tuple[str, str, str]
Missed = tuple[WatchedEvent, EventKey | None]
"""An event to tell, and the push it stands for (not told again if that push arrived)."""


def event_key(payload: Mapping[str, Any]) -> EventKey | None:
    """What makes two payloads the same event: kind, event and the call, task or device."""
    kind, event = str(payload.get("type")), str(payload.get("event"))
    data = payload.get("data")
    if kind == "phone" and isinstance(data, Mapping):
        return kind, event, str(data.get("id"))
    if kind in ("downloader", "download"):
        return "downloader", event, str(data)
    if kind in ("lan_host", "lan"):
        return "lan_host", event, str(payload.get("host_id"))
    if kind == "security" and event in _ALARM_WENT_OFF:
        return kind, "alarm_triggered", ""
    if kind == "box_state":
        return kind, event, ""
    return None


def from_lists(events: Iterable[WatchedEvent]) -> list[Missed]:
    """The box's pushes the lists show, each standing for itself."""
    return [(e, event_key(e.payload)) for e in events if not e.is_notice]


def from_states(kept: Mapping[str, Mark], now: Mapping[str, Mark]) -> list[Missed]:
    """What the alarm and the connection show at start that they did not at stop."""
    missed: list[Missed] = []
    alarm_then, alarm_now = _state(kept, "alarm"), _state(now, "alarm")
    if alarm_then is not None and alarm_going_off(alarm_now) and not alarm_going_off(alarm_then):
        went_off = notice("security", "catch-up-alarm-going-off")
        missed.append((went_off, ("security", "alarm_triggered", "")))
    link_then, link_now = _state(kept, "connection"), _state(now, "connection")
    if (link_then, link_now) == (UP, DOWN):
        missed.append((notice("box_state", "catch-up-connection-down"), None))
    elif (link_then, link_now) == (DOWN, UP):
        back = notice("box_state", "catch-up-connection-back")
        missed.append((back, ("box_state", "pub_up", "")))
    return missed


def _state(marks: Mapping[str, Mark], name: str) -> str | None:
    state = (marks.get(name) or {}).get("state")
    return None if state is None else str(state)


async def queue_missed(
    session: AsyncSession,
    events: Iterable[Missed],
    chats: Mapping[int, frozenset[str]],
    box_id: str,
    since: datetime | None,
    *,
    now: datetime,
) -> bool:
    """Queue each event for each chat subscribed to it that did not get it by push,
    after one line saying the bot was stopped; True when a row was queued."""
    events = list(events)
    queued = False
    for chat_id, subscriptions in chats.items():
        delivered = await _delivered(session, chat_id, since)
        missed = [
            event
            for event, key in events
            if event.subscription in subscriptions and (key is None or key not in delivered)
        ]
        if not missed:
            continue
        header = notice("", HEADER)
        session.add(pending_row(chat_id, BOT_SOURCE, header.payload, now))
        for event in missed:
            if event.is_notice:
                source, payload = BOT_SOURCE, dict(event.payload)
            else:
                source, payload = box_id or "box", {"box_id": box_id, **event.payload}
            session.add(pending_row(chat_id, source, payload, now))
        queued = True
    return queued


async def _delivered(
    session: AsyncSession, chat_id: int, since: datetime | None
) -> set[EventKey | None]:
    """The events the chat's outbox holds since the marks were taken."""
    query = select(OutboxMessage.payload).where(OutboxMessage.chat_id == chat_id)
    if since is not None:
        query = query.where(OutboxMessage.received_at >= since)
    return {event_key(payload) for payload in await session.scalars(query)}
