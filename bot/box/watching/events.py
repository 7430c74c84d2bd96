"""What the watcher found, as the outbox rows a push would have made.

Box payloads keep the shapes of the document's "Notifications specification" (as
`freeboxos/simulator/pushes.py` sends them), so `bot.delivery.render` shows a watched
event exactly as the pushed one. What the box never pushes (the connection going down,
the alarm armed or disarmed) is a notice of the bot's own, in `watching.ftl`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.storage.notices import NOTICE_TYPE, NoticeArg
from freeboxos import CallEntry


@dataclass(frozen=True)
class WatchedEvent:
    """One thing to tell: the subscription that selects the chats, and the row's payload."""

    subscription: str
    payload: dict[str, Any]

    @property
    def is_notice(self) -> bool:
        return self.payload.get("type") == NOTICE_TYPE


def missed_call(entry: CallEntry) -> WatchedEvent:
    """The box's `phone` push: the CallEntry as data."""
    data = {
        "id": entry.id,
        "type": entry.type,
        "datetime": int(entry.datetime.timestamp()),
        "number": entry.number,
        "name": entry.name,
        "duration": entry.duration,
        "new": entry.new,
        "contact_id": entry.contact_id or 0,
        "line_id": entry.line_id,
    }
    return WatchedEvent("phone", {"type": "phone", "data": data, "event": "missed_call"})


def download(task_id: int, event: str) -> WatchedEvent:
    """The box's `downloader` push: task_done, task_error or task_seeding_done."""
    return WatchedEvent("downloader", {"type": "downloader", "data": task_id, "event": event})


def first_connection(host_id: str, interface: str) -> WatchedEvent:
    """The box's `lan_host` push for a device seen for the first time."""
    payload = {
        "type": "lan_host",
        "host_id": host_id,
        "interface": interface,
        "event": "first_connection",
    }
    return WatchedEvent("lan_host", payload)


def box_state(event: str) -> WatchedEvent:
    """The box's `box_state` push (pub_up: the Internet connection is back)."""
    return WatchedEvent("box_state", {"type": "box_state", "event": event})


def alarm_triggered() -> WatchedEvent:
    """The box's `security` push when the alarm goes off."""
    return WatchedEvent("security", {"type": "security", "event": "alarm_triggered"})


def notice(subscription: str, message_id: str, **args: NoticeArg) -> WatchedEvent:
    """A message of the bot's own (rendered from Fluent at delivery), for a subscription."""
    payload = {"type": NOTICE_TYPE, "message": message_id, "args": dict(args)}
    return WatchedEvent(subscription, payload)
