"""What the box's lists show happened while the bot was stopped, told once at start.

The box pushes each event once and does not retry, so a missed call, a new device or a
finished download pushed while the bot was down is lost. At stop the bot takes the marks
of those lists (`bot_state` row `box_watch`, as the fallback watcher keeps them); at the
next start one reading against them finds what happened meanwhile. Each chat reached by
push hears it once, under a line saying the bot was stopped, minus what did arrive by
push (an outbox row with the same call, device or task since the marks were taken: the
marks may be older than the stop after a crash).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.box.watching.events import WatchedEvent, notice
from bot.storage.models import OutboxMessage
from bot.storage.notices import BOT_SOURCE, pending_row

LISTS = frozenset({"calls", "downloads", "hosts"})
"""The sources that are lists of past events (states such as the alarm are not caught up)."""
HEADER = "truth-missed-while-stopped"


def event_key(payload: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """What makes two payloads the same event: kind, event and the call, task or device."""
    kind, event = str(payload.get("type")), str(payload.get("event"))
    data = payload.get("data")
    if kind == "phone" and isinstance(data, Mapping):
        return kind, event, str(data.get("id"))
    if kind in ("downloader", "download"):
        return "downloader", event, str(data)
    if kind in ("lan_host", "lan"):
        return "lan_host", event, str(payload.get("host_id"))
    return None


async def queue_missed(
    session: AsyncSession,
    events: Iterable[WatchedEvent],
    chats: Mapping[int, frozenset[str]],
    box_id: str,
    since: datetime | None,
    *,
    now: datetime,
) -> bool:
    """Queue each event for each chat subscribed to it that did not get it by push,
    after one line saying the bot was stopped; True when a row was queued."""
    events = [e for e in events if not e.is_notice]
    queued = False
    for chat_id, subscriptions in chats.items():
        delivered = await _delivered(session, chat_id, since)
        missed = [
            e
            for e in events
            if e.subscription in subscriptions and event_key(e.payload) not in delivered
        ]
        if not missed:
            continue
        header = notice("", HEADER)
        session.add(pending_row(chat_id, BOT_SOURCE, header.payload, now))
        for event in missed:
            payload = {"box_id": box_id, **event.payload}
            session.add(pending_row(chat_id, box_id or "box", payload, now))
        queued = True
    return queued


async def _delivered(
    session: AsyncSession, chat_id: int, since: datetime | None
) -> set[tuple[str, str, str] | None]:
    """The events the chat's outbox holds since the marks were taken."""
    query = select(OutboxMessage.payload).where(OutboxMessage.chat_id == chat_id)
    if since is not None:
        query = query.where(OutboxMessage.received_at >= since)
    return {event_key(payload) for payload in await session.scalars(query)}
