"""The websocket event API (``ws/event``)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import WSMsgType, web

from .envelope import dumps
from .event_hub import EVENT_SOURCES, EventSocket
from .routing import SESSION_KEY, Route, route, state_of

_MAX_FRAME = 1024 * 1024  # the document's 1 MB frame limit


def _reply(request_id: Any, action: Any, **fields: Any) -> str:
    message: dict[str, Any] = {}
    if request_id is not None:
        message["request_id"] = request_id
    message["action"] = action
    message.update(fields)
    return dumps(message)


def _handle(socket: EventSocket, text: str) -> str:
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if not isinstance(message, dict):
        return _reply(None, None, success=False, error_code="invalid_request", msg="JSON invalide")
    request_id, action = message.get("request_id"), message.get("action")
    if action != "register":
        return _reply(
            request_id, action, success=False, error_code="invalid_request", msg="Action inconnue"
        )
    events = message.get("events")
    if not isinstance(events, list) or not all(e in EVENT_SOURCES for e in events):
        return _reply(
            request_id, action, success=False, error_code="invalid_request", msg="Événement inconnu"
        )
    socket.events.update(str(e) for e in events)
    return _reply(request_id, action, success=True)


@route("GET", "ws/event")
async def event_socket(request: web.Request) -> web.StreamResponse:
    """Upgrade to a websocket; the app registers for events and receives notifications."""
    ws = web.WebSocketResponse(max_msg_size=_MAX_FRAME)
    await ws.prepare(request)
    state = state_of(request)
    socket = EventSocket(ws=ws, app_id=request[SESSION_KEY].app_id)
    state.events.sockets.append(socket)
    state.changed()
    try:
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                reply = _handle(socket, message.data)
                state.changed()
                await ws.send_str(reply)
    finally:
        if socket in state.events.sockets:
            state.events.sockets.remove(socket)
        state.changed()
    return ws


ROUTES: list[Route] = [event_socket]
