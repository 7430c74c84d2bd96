"""Connections a slow, idle or numerous client cannot use to exhaust the process's descriptors.

aiohttp closes a connection only after an hour without a request and accepts as many as
come: a few hundred idle sockets used up every file descriptor, and then the database,
Telegram and the box itself could not be reached. Here each connection sits between asyncio
and aiohttp's own protocol and:

- must send a complete request head within `header_timeout` of connecting, or of its first
  byte after a response (a client trickling its head, "slowloris", is closed at that deadline);
- may stay idle between requests for `keepalive_timeout`, long enough for the box's (or a
  reverse proxy's) keep-alive;
- counts against `max_connections`: beyond it, the connection waiting longest for a request,
  or for the rest of its body, is closed, so a fresh request (the box's `/send`, sent at
  once) still gets in while idle or trickling sockets pile up.

A connection whose request is being handled is never closed here; a body has a deadline of
its own (see `read_json_object`).
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler

from notifserver.throttle import OncePerInterval

log = logging.getLogger(__name__)

MAX_CONNECTIONS: Final = 1024
"""The most a household's notification server needs, whatever the descriptor limit."""

MIN_CONNECTIONS: Final = 16

ProtocolFactory = Callable[[], asyncio.Protocol]


def connection_cap_for_descriptors() -> int:
    """A quarter of RLIMIT_NOFILE: the rest stays for the database, Telegram and the box.

    asyncio may accept up to its backlog (128) more before they reach the cap, so a quarter
    keeps the peak well under half the limit.
    """
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(MIN_CONNECTIONS, min(MAX_CONNECTIONS, soft // 4))


@dataclass(frozen=True)
class ConnectionLimits:
    """Deadlines and the cap for the notification server's connections."""

    header_timeout: float = 10.0
    """Seconds for a complete request head; the box sends its own at once."""
    keepalive_timeout: float = 120.0
    """Seconds idle between requests: above common reverse proxies' 60-90 s, so that the
    server never closes a connection the proxy is about to reuse."""
    max_connections: int | None = None
    """None: derived from the descriptor limit (`connection_cap_for_descriptors`)."""

    def connection_cap(self) -> int:
        return self.max_connections or connection_cap_for_descriptors()


class ConnectionGuard:
    """Counts the open connections and closes the longest waiting one beyond the cap."""

    def __init__(self, limits: ConnectionLimits) -> None:
        self.limits = limits
        self.cap = limits.connection_cap()
        self._open = 0
        # Connections not handling a request, the longest waiting first.
        self._waiting: dict[GuardedConnection, None] = {}
        self._cap_warnings = OncePerInterval()

    @property
    def open_connections(self) -> int:
        return self._open

    @property
    def waiting_connections(self) -> int:
        """Open connections waiting for a head or a body: the ones closed to make room."""
        return len(self._waiting)

    def protocol_factory(self, inner: ProtocolFactory) -> ProtocolFactory:
        """Wrap the factory of aiohttp's per-connection protocol, for `loop.create_server`."""
        return lambda: GuardedConnection(self, inner())

    def admit(self, connection: GuardedConnection) -> None:
        self._open += 1
        if self._open <= self.cap:
            return
        if self._cap_warnings.allow() is not None:
            log.warning(
                "%d connections open on the notification port (cap %d): closing the ones "
                "waiting longest for a request",
                self._open,
                self.cap,
            )
        # The new connection is the last in line: it is closed only if all others are busy.
        longest_waiting = next(iter(self._waiting))
        longest_waiting.close()

    def waiting(self, connection: GuardedConnection) -> None:
        self._waiting.pop(connection, None)
        self._waiting[connection] = None

    def busy(self, connection: GuardedConnection) -> None:
        self._waiting.pop(connection, None)

    def forget(self, connection: GuardedConnection) -> None:
        self._open -= 1
        self._waiting.pop(connection, None)


class GuardedConnection(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the guard's deadlines around it."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self._guard = guard
        self._inner = inner
        self._transport: asyncio.BaseTransport | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._in_flight = 0
        self._idle = False
        self._counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._inner.connection_made(transport)
        self._counted = True
        self._wait(self._guard.limits.header_timeout, idle=False)
        self._guard.admit(self)

    def data_received(self, data: bytes) -> None:
        if self._idle and not self._in_flight:
            self._wait(self._guard.limits.header_timeout, idle=False)
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._forget()
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def close(self) -> None:
        """Close now; it stops counting at once, its descriptor goes on the next loop turn."""
        if self._transport is not None:
            self._transport.close()
        self._forget()

    def request_started(self) -> None:
        """The head is complete and the application has the request."""
        self._in_flight += 1
        self._cancel_deadline()
        self._guard.busy(self)

    def body_started(self) -> None:
        """Waiting for the body's bytes: as cheap to close as a connection waiting for a head."""
        if self._counted:
            self._guard.waiting(self)

    def body_read(self) -> None:
        if self._counted:
            self._guard.busy(self)

    def request_finished(self) -> None:
        self._in_flight -= 1
        if not self._in_flight:
            self._wait(self._guard.limits.keepalive_timeout, idle=True)

    def _wait(self, seconds: float, *, idle: bool) -> None:
        if not self._counted:
            return
        self._cancel_deadline()
        self._idle = idle
        self._deadline = asyncio.get_running_loop().call_later(seconds, self._expire)
        self._guard.waiting(self)

    def _expire(self) -> None:
        self._deadline = None
        if not self._in_flight:
            log.debug("closing a connection %s", "left idle" if self._idle else "without a head")
            self.close()

    def _forget(self) -> None:
        self._cancel_deadline()
        if self._counted:
            self._counted = False
            self._guard.forget(self)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None


def _guarded(request: web.BaseRequest) -> GuardedConnection | None:
    transport = request.transport
    connection = transport.get_protocol() if transport is not None else None
    return connection if isinstance(connection, GuardedConnection) else None


@web.middleware
async def track_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Tell the request's connection when it is busy, so its deadlines pause meanwhile."""
    connection = _guarded(request)
    if connection is None:
        return await handler(request)
    connection.request_started()
    try:
        return await handler(request)
    finally:
        connection.request_finished()


@contextmanager
def reading_body(request: web.BaseRequest) -> Iterator[None]:
    """While the body arrives, the connection may be closed to make room, like an idle one:
    otherwise a client trickling bodies could hold every place until their deadline."""
    connection = _guarded(request)
    if connection is None:
        yield
        return
    connection.body_started()
    try:
        yield
    finally:
        connection.body_read()
