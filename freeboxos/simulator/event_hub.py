"""Open ``ws/event`` websockets and the events each one registered for."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Final

from aiohttp import WSCloseCode, web

from .envelope import dumps

#: Events an app can register for, and the "source" prefix the box splits off
#: when it sends them (``vm_disk_task_done`` -> source ``vm``, event ``disk_task_done``).
EVENT_SOURCES: Final[dict[str, str]] = {
    "vm_state_changed": "vm",
    "vm_disk_task_done": "vm",
    "lan_host_l3addr_reachable": "lan_host",
    "lan_host_l3addr_unreachable": "lan_host",
}


@dataclass(eq=False)
class EventSocket:
    """One open websocket, and what it registered for."""

    ws: web.WebSocketResponse
    app_id: str
    events: set[str] = field(default_factory=set)


def notification(event_name: str, result: Any) -> dict[str, Any]:
    """The WebSocketNotification the box sends for ``event_name``."""
    source = EVENT_SOURCES.get(event_name, event_name.split("_", 1)[0])
    message: dict[str, Any] = {
        "action": "notification",
        "success": True,
        "source": source,
        "event": event_name.removeprefix(f"{source}_"),
    }
    if result is not None:
        message["result"] = result
    return message


class EventHub:
    """The websockets the box has open, for ``emit`` and ``drop_all``."""

    def __init__(self) -> None:
        self.sockets: list[EventSocket] = []
        self.sent: list[dict[str, Any]] = []

    def registered(self, event_name: str) -> int:
        """How many open sockets registered for ``event_name``."""
        return sum(1 for s in self.sockets if event_name in s.events and not s.ws.closed)

    async def emit(self, event_name: str, result: Any = None) -> int:
        """Send ``event_name`` to every socket registered for it.

        Returns:
            The number of sockets it was sent to.
        """
        message = notification(event_name, result)
        self.sent.append(message)
        text = dumps(message)
        count = 0
        for socket in list(self.sockets):
            if event_name not in socket.events or socket.ws.closed:
                continue
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.ws.send_str(text)
                count += 1
        return count

    async def drop_all(self) -> int:
        """Close every socket, as the box does when it restarts its API.

        Returns:
            The number of sockets closed.
        """
        sockets, self.sockets = self.sockets, []
        for socket in sockets:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.ws.close(code=WSCloseCode.GOING_AWAY, message=b"server restart")
        return len(sockets)
