"""The box's WebSocket event API (`{api_root}ws/event`), kept open for as long as we run.

The box pushes some events (LAN hosts appearing and disappearing, VM state) only
on this socket. It drops now and then (box reboot, Wi-Fi, session expiry), so the
stream reconnects with exponential backoff, with a fresh session token each time
(the socket authenticates with the same `X-Fbx-App-Auth` header as HTTP calls),
and registers for its events again: the box forgets them with the connection.

Usage::

    async with EventStream(event_url(api_root), client.session_token,
                           [LAN_HOST_REACHABLE], ssl=create_ssl_context()) as stream:
        async for event in stream:
            ...
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl as ssl_module
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus, WebSocketException

from .discovery import is_loopback_host
from .errors import AuthRequiredError, FreeboxError, error_from_envelope
from .tls import create_ssl_context

__all__ = [
    "LAN_HOST_REACHABLE",
    "LAN_HOST_UNREACHABLE",
    "VM_DISK_TASK_DONE",
    "VM_STATE_CHANGED",
    "Backoff",
    "BoxEvent",
    "EventStream",
    "event_url",
]

_LOGGER = logging.getLogger(__name__)

LAN_HOST_REACHABLE = "lan_host_l3addr_reachable"
"""A LAN host got a reachable IPv4/IPv6 address (it joined, or changed address)."""
LAN_HOST_UNREACHABLE = "lan_host_l3addr_unreachable"
"""A LAN host's address became unreachable (it left, after a timeout)."""
VM_STATE_CHANGED = "vm_state_changed"
VM_DISK_TASK_DONE = "vm_disk_task_done"

AUTH_HEADER = "X-Fbx-App-Auth"
MAX_FRAME_BYTES = 1024 * 1024
"""The box accepts frames up to 1 MB; its own are as large at most."""


@dataclass(frozen=True)
class BoxEvent:
    """One notification pushed by the box.

    The box splits the registered name at its first underscore:
    `lan_host_l3addr_reachable` arrives as source "lan", event
    "host_l3addr_reachable"; `name` joins them back.

    Attributes:
        source: the emitting subsystem ("lan", "vm").
        event: the rest of the event name.
        result: the payload (a LanHost object for the lan events), possibly empty.
    """

    source: str
    event: str
    result: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def name(self) -> str:
        """The name it was registered under, such as `lan_host_l3addr_reachable`."""
        return f"{self.source}_{self.event}" if self.source else self.event

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> BoxEvent | None:
        """Build the event from a WebSocketNotification, or None if it is not one."""
        if message.get("action") != "notification":
            return None
        result = message.get("result")
        return cls(
            source=str(message.get("source") or ""),
            event=str(message.get("event") or ""),
            result=result if isinstance(result, Mapping) else {},
        )


def event_url(api_root: str) -> str:
    """Turn the API root (`https://host/api/v15/`) into the event socket URL.

    `https` becomes `wss` (and `http`, for the loopback simulator, `ws`).
    """
    parts = urlsplit(api_root)
    scheme = {"https": "wss", "http": "ws"}.get(parts.scheme, parts.scheme)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((scheme, parts.netloc, f"{path}ws/event", "", ""))


class Backoff:
    """Exponential reconnection delays: initial, doubled after each failure, capped.

    Args:
        initial: the first delay, in seconds (also the delay after `reset`).
        maximum: the ceiling.
    """

    def __init__(self, initial: float, maximum: float) -> None:
        if initial <= 0 or maximum < initial:
            raise ValueError("need 0 < initial <= maximum")
        self._initial = initial
        self._maximum = maximum
        self._next = initial

    def next_delay(self) -> float:
        """Return the delay to wait now, and double the following one."""
        delay = self._next
        self._next = min(self._next * 2, self._maximum)
        return delay

    def reset(self) -> None:
        """Start again from the initial delay (after a connection that worked)."""
        self._next = self._initial


@dataclass(frozen=True)
class _End:
    """Queue marker: the stream stopped, because of `error` if set."""

    error: BaseException | None = None


class _AuthRejected(Exception):
    """The box refused our session token."""


class EventStream:
    """A self-healing subscription to the box's event socket.

    Iterate it (`async for event in stream`) or hand it a callback (`dispatch`).
    It runs in a background task between `start()` (or `async with`) and `close()`.

    Args:
        url: the `ws(s)://…/ws/event` URL (see `event_url`), or an async callable
            giving it, asked before each connection (the box's remote port can move).
        token_provider: gives a valid session token, logging in if needed;
            asked before each connection (for example `FreeboxClient.session_token`).
        events: the event names to register for (`LAN_HOST_REACHABLE`, ...).
        ssl: the TLS context for `wss://`; default: the Freebox root CAs.
        backoff_initial: seconds before the first reconnection after a drop.
        backoff_max: the ceiling the delay doubles up to.
        on_auth_rejected: awaited when the box refuses the token, so the token
            provider can drop a session the box no longer knows (for example
            `functools.partial(client.session_token, renew=True)`).
        open_timeout: seconds for the opening handshake.

    Raises:
        ValueError: the URL is not `wss://` (or `ws://` on loopback), no events, or
            backoff values outside 0 < backoff_initial <= backoff_max.
    """

    def __init__(
        self,
        url: str | Callable[[], Awaitable[str]],
        token_provider: Callable[[], Awaitable[str]],
        events: Sequence[str],
        *,
        ssl: ssl_module.SSLContext | None = None,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        on_auth_rejected: Callable[[], Awaitable[object]] | None = None,
        open_timeout: float = 10.0,
    ) -> None:
        if isinstance(url, str):
            _check_ws_url(url)
        if not events:
            raise ValueError("register for at least one event")
        self._backoff = Backoff(backoff_initial, backoff_max)
        self._url = url
        self._token_provider = token_provider
        self._events = list(events)
        self._ssl = ssl
        self._on_auth_rejected = on_auth_rejected
        self._open_timeout = open_timeout
        self._queue: asyncio.Queue[BoxEvent | _End] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self._healthy = False
        self._connected = False
        self._connections = 0
        self._websocket: ClientConnection | None = None

    @property
    def connected(self) -> bool:
        """True while a socket is open and registered."""
        return self._connected

    @property
    def connections(self) -> int:
        """How many times a socket was opened and registered: when it grows, events may
        have been missed while disconnected, and the caller can read the state again."""
        return self._connections

    def start(self) -> None:
        """Start connecting in the background (idempotent).

        Raises:
            RuntimeError: the stream was closed; make a new one.
        """
        if self._closed:
            raise RuntimeError("this EventStream is closed")
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="freebox-event-stream"
            )

    async def close(self) -> None:
        """Stop: close the socket, stop reconnecting, end the iteration (idempotent)."""
        if not self._closed:
            self._closed = True
            self._queue.put_nowait(_End())
        task = self._task
        if task is None or task.done():
            return
        websocket = self._websocket
        if websocket is not None:
            # A clean closing handshake; the loop then sees `_closed` and ends.
            await websocket.close()
            await asyncio.wait([task], timeout=1.0)
        if not task.done():
            task.cancel()  # connecting, or waiting to retry
            await asyncio.wait([task])

    async def __aenter__(self) -> Self:
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def __aiter__(self) -> AsyncIterator[BoxEvent]:
        return self

    async def __anext__(self) -> BoxEvent:
        if self._task is None and not self._closed:
            self.start()
        item = await self._queue.get()
        if isinstance(item, _End):
            self._queue.put_nowait(item)  # so every later call stops as well
            if item.error is not None:
                raise item.error
            raise StopAsyncIteration
        return item

    async def dispatch(self, handler: Callable[[BoxEvent], Awaitable[None]]) -> None:
        """Feed every event to `handler` until `close()`; a failing handler is logged.

        One bad event must not end the subscription, so handler errors are logged
        and the next event is delivered.
        """
        async for event in self:
            try:
                await handler(event)
            except Exception:
                _LOGGER.exception("Event handler failed on %s", event.name)

    async def _run(self) -> None:
        try:
            while True:
                self._healthy = False
                try:
                    await self._connect_once()
                    if not self._closed:
                        _LOGGER.info("The box closed the event socket")
                except _AuthRejected:
                    _LOGGER.warning("The box refused the session token on the event socket")
                    await self._auth_rejected()
                except (OSError, TimeoutError, WebSocketException, FreeboxError) as exc:
                    _LOGGER.warning("Event socket lost: %s", _describe(exc))
                finally:
                    self._connected = False
                if self._closed:
                    return
                if self._healthy:
                    self._backoff.reset()
                delay = self._backoff.next_delay()
                _LOGGER.info("Reconnecting to the event socket in %.1f s", delay)
                await asyncio.sleep(delay)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            _LOGGER.exception("Event stream stopped")
            self._queue.put_nowait(_End(exc))

    async def _auth_rejected(self) -> None:
        if self._on_auth_rejected is None:
            return
        try:
            await self._on_auth_rejected()
        except Exception:
            _LOGGER.exception("on_auth_rejected failed")

    async def _connect_once(self) -> None:
        url = self._url if isinstance(self._url, str) else await self._url()
        secure = _check_ws_url(url)
        token = await self._token_provider()
        if secure and self._ssl is None:
            self._ssl = create_ssl_context()
        tls = self._ssl if secure else None
        try:
            async with connect(
                url,
                additional_headers={AUTH_HEADER: token},
                ssl=tls,
                proxy=None,
                max_size=MAX_FRAME_BYTES,
                open_timeout=self._open_timeout,
                close_timeout=5,
            ) as websocket:
                self._websocket = websocket
                try:
                    _LOGGER.info("Event socket open at %s", url)
                    await self._register(websocket)
                    async for message in websocket:
                        for payload in _decode(message):
                            self._handle(payload)
                finally:
                    self._websocket = None
        except InvalidStatus as exc:
            if exc.response.status_code in (401, 403):
                raise _AuthRejected from exc
            raise

    async def _register(self, websocket: ClientConnection) -> None:
        await websocket.send(json.dumps({"action": "register", "events": self._events}))

    def _handle(self, payload: Mapping[str, Any]) -> None:
        action = payload.get("action")
        if action == "register":
            if payload.get("success") is True:
                self._healthy = self._connected = True
                self._connections += 1
                _LOGGER.info("Registered for box events: %s", ", ".join(self._events))
                return
            error = error_from_envelope(None, payload)
            if isinstance(error, AuthRequiredError):
                raise _AuthRejected from error
            raise error
        event = BoxEvent.from_message(payload)
        if event is None:
            _LOGGER.debug("Ignoring event socket message with action %r", action)
            return
        self._healthy = self._connected = True
        self._queue.put_nowait(event)


def _check_ws_url(url: str) -> bool:
    """Validate the socket URL; return True for `wss://`.

    Raises:
        ValueError: not `wss://`, or `ws://` off loopback (the token travels in it).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise ValueError(f"the event socket URL must be wss://host/…, got {url!r}")
    if parts.scheme == "ws" and not is_loopback_host(parts.hostname):
        raise ValueError(
            f"refusing ws:// for {parts.hostname!r}: the session token would travel in "
            "clear; use wss:// (ws:// is allowed only on loopback, for the simulator)"
        )
    return parts.scheme == "wss"


def _decode(message: str | bytes) -> list[Mapping[str, Any]]:
    """Parse one frame: a JSON object, or (as documented) one JSON object per line."""
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    try:
        whole = json.loads(text)
    except ValueError:
        pass
    else:
        return [whole] if isinstance(whole, dict) else []
    payloads: list[Mapping[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except ValueError:
            _LOGGER.warning("Ignoring a non-JSON line on the event socket")
            continue
        if isinstance(payload, dict):
            payloads.append(payload)
    return payloads


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
