"""The event socket: authenticated, registered, and back on its feet after a drop."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
import trustme
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from freeboxos.events import (
    LAN_HOST_REACHABLE,
    LAN_HOST_UNREACHABLE,
    Backoff,
    BoxEvent,
    EventStream,
    event_url,
)
from freeboxos.tls import create_ssl_context

WAIT = 5.0  # seconds; every wait is bounded, none is a guess

HOST = {
    "id": "ether-8c:97:ea:00:00:00",
    "primary_name": "Freebox Player POP",
    "l2ident": {"id": "8C:97:EA:00:00:00", "type": "mac_address"},
    "active": True,
}


def notification(name: str, result: dict[str, Any] | None = None) -> dict[str, Any]:
    """A WebSocketNotification as the box sends it: the name split at its first '_'."""
    source, _, event = name.partition("_")
    message: dict[str, Any] = {
        "action": "notification",
        "success": True,
        "source": source,
        "event": event,
    }
    if result is not None:
        message["result"] = result
    return message


@dataclass
class BoxSide:
    """One accepted socket, driven by the test."""

    websocket: ServerConnection
    token: str
    register: dict[str, Any]
    done: asyncio.Event = field(default_factory=asyncio.Event)

    async def accept_register(self) -> None:
        await self.websocket.send(json.dumps({"success": True, "action": "register"}))

    async def push(self, *messages: dict[str, Any]) -> None:
        for message in messages:
            await self.websocket.send(json.dumps(message))

    def drop(self) -> None:
        """Cut the TCP connection without a closing handshake, like a box reboot."""
        self.websocket.transport.abort()
        self.done.set()


class FakeEventBox:
    """The box's `/api/v15/ws/event` endpoint, on loopback."""

    def __init__(self, valid_tokens: set[str]) -> None:
        self.valid_tokens = valid_tokens
        self.seen_tokens: list[str | None] = []
        self.paths: list[str] = []
        self.sockets: asyncio.Queue[BoxSide] = asyncio.Queue()
        self.closed: asyncio.Queue[BoxSide] = asyncio.Queue()

    def process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        token = request.headers.get("X-Fbx-App-Auth")
        self.seen_tokens.append(token)
        self.paths.append(request.path)
        if request.path != "/api/v15/ws/event":
            return connection.respond(HTTPStatus.NOT_FOUND, "no such socket\n")
        if token not in self.valid_tokens:
            response = connection.respond(
                HTTPStatus.FORBIDDEN,
                '{"success":false,"error_code":"auth_required","msg":"Invalid session token"}\n',
            )
            response.headers = Headers({**response.headers, "Content-Type": "application/json"})
            return response
        return None

    async def handler(self, websocket: ServerConnection) -> None:
        token = websocket.request.headers["X-Fbx-App-Auth"] if websocket.request else ""
        register = json.loads(await websocket.recv())
        side = BoxSide(websocket, token, register)
        await self.sockets.put(side)
        closed = asyncio.ensure_future(websocket.wait_closed())
        stopped = asyncio.ensure_future(side.done.wait())
        await asyncio.wait({closed, stopped}, return_when=asyncio.FIRST_COMPLETED)
        closed.cancel()
        stopped.cancel()
        await self.closed.put(side)

    async def next_socket(self) -> BoxSide:
        async with asyncio.timeout(WAIT):
            return await self.sockets.get()


class TokenSource:
    """The client's `session_token`: hands out the next token of a list, counting calls."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = list(tokens)
        self.calls = 0
        self.asked = asyncio.Event()

    async def __call__(self) -> str:
        token = self.tokens[min(self.calls, len(self.tokens) - 1)]
        self.calls += 1
        self.asked.set()
        return token


@dataclass
class RunningBox:
    box: FakeEventBox
    server: Server
    url: str


async def _start_box(
    valid_tokens: set[str], server_ssl: ssl.SSLContext | None = None
) -> RunningBox:
    box = FakeEventBox(valid_tokens)
    server = await serve(
        box.handler, "127.0.0.1", 0, process_request=box.process_request, ssl=server_ssl
    )
    port = server.sockets[0].getsockname()[1]
    scheme = "https" if server_ssl else "http"
    host = "localhost" if server_ssl else "127.0.0.1"
    return RunningBox(box, server, event_url(f"{scheme}://{host}:{port}/api/v15/"))


@pytest.fixture
async def running_box() -> AsyncIterator[RunningBox]:
    running = await _start_box({"token-1", "token-2", "token-3"})
    try:
        yield running
    finally:
        running.server.close()
        await running.server.wait_closed()


async def _next_event(stream: EventStream) -> BoxEvent:
    async with asyncio.timeout(WAIT):
        return await anext(stream)


def _stream(
    url: str | Callable[[], Awaitable[str]], tokens: Callable[[], Awaitable[str]], **kwargs: Any
) -> EventStream:
    return EventStream(
        url,
        tokens,
        [LAN_HOST_REACHABLE, LAN_HOST_UNREACHABLE],
        backoff_initial=0.01,
        backoff_max=0.05,
        **kwargs,
    )


# --- the happy path and the drop ------------------------------------------------------


async def test_reconnects_after_a_drop_with_a_fresh_token(running_box: RunningBox) -> None:
    box = running_box.box
    tokens = TokenSource("token-1", "token-2")

    async with _stream(running_box.url, tokens) as stream:
        first = await box.next_socket()
        assert first.token == "token-1"
        assert first.register == {
            "action": "register",
            "events": [LAN_HOST_REACHABLE, LAN_HOST_UNREACHABLE],
        }
        await first.accept_register()
        await first.push(notification(LAN_HOST_REACHABLE, HOST))

        event = await _next_event(stream)
        assert event == BoxEvent("lan", "host_l3addr_reachable", HOST)
        assert event.name == LAN_HOST_REACHABLE
        assert stream.connected

        first.drop()

        second = await box.next_socket()
        assert second.token == "token-2"  # asked again, not reused
        assert second.register == first.register  # the box forgot: register again
        await second.accept_register()
        await second.push(notification(LAN_HOST_UNREACHABLE, HOST))

        event = await _next_event(stream)
        assert event.name == LAN_HOST_UNREACHABLE
        assert event.result["id"] == HOST["id"]

    assert tokens.calls == 2
    assert box.paths == ["/api/v15/ws/event", "/api/v15/ws/event"]
    assert not stream.connected


async def test_keeps_trying_until_a_token_is_accepted(running_box: RunningBox) -> None:
    box = running_box.box
    box.valid_tokens = {"token-3"}
    tokens = TokenSource("token-1", "token-2", "token-3")

    async with _stream(running_box.url, tokens) as stream:
        side = await box.next_socket()
        await side.accept_register()
        await side.push(notification(LAN_HOST_REACHABLE, HOST))
        assert (await _next_event(stream)).name == LAN_HOST_REACHABLE

    assert side.token == "token-3"
    assert box.seen_tokens == ["token-1", "token-2", "token-3"]


async def test_a_refused_token_is_reported_then_replaced(running_box: RunningBox) -> None:
    box = running_box.box
    tokens = TokenSource("stale", "token-1")
    rejections: list[int] = []

    async def on_auth_rejected() -> None:
        rejections.append(tokens.calls)

    async with _stream(running_box.url, tokens, on_auth_rejected=on_auth_rejected) as stream:
        side = await box.next_socket()
        await side.accept_register()
        await side.push(notification(LAN_HOST_REACHABLE))
        event = await _next_event(stream)

    assert side.token == "token-1"
    assert rejections == [1]  # told once, after the stale token
    assert event.result == {}


async def test_a_register_refusal_for_auth_reconnects(running_box: RunningBox) -> None:
    box = running_box.box
    rejected = asyncio.Event()

    async def on_auth_rejected() -> None:
        rejected.set()

    async with _stream(
        running_box.url, TokenSource("token-1", "token-2"), on_auth_rejected=on_auth_rejected
    ) as stream:
        first = await box.next_socket()
        await first.push(
            {"action": "register", "success": False, "error_code": "invalid_session", "msg": "x"}
        )
        async with asyncio.timeout(WAIT):
            await rejected.wait()
        second = await box.next_socket()
        assert second.token == "token-2"
        await second.accept_register()
        await second.push(notification(LAN_HOST_REACHABLE, HOST))
        assert (await _next_event(stream)).name == LAN_HOST_REACHABLE


async def test_several_objects_in_one_frame_one_per_line(running_box: RunningBox) -> None:
    box = running_box.box

    async with _stream(running_box.url, TokenSource("token-1")) as stream:
        side = await box.next_socket()
        await side.accept_register()
        lines = "\n".join(
            json.dumps(message)
            for message in (
                notification(LAN_HOST_REACHABLE, HOST),
                {"action": "something_else", "success": True},
                notification(LAN_HOST_UNREACHABLE, HOST),
            )
        )
        await side.websocket.send(lines + "\nnot json\n")

        names = [(await _next_event(stream)).name for _ in range(2)]

    assert names == [LAN_HOST_REACHABLE, LAN_HOST_UNREACHABLE]


# --- stopping -------------------------------------------------------------------------


async def test_close_ends_the_iteration_and_the_socket(running_box: RunningBox) -> None:
    box = running_box.box
    stream = _stream(running_box.url, TokenSource("token-1"))
    received = asyncio.Event()

    async def consume() -> None:
        async for _event in stream:
            received.set()

    consumer = asyncio.create_task(consume())
    side = await box.next_socket()
    await side.accept_register()
    await side.push(notification(LAN_HOST_REACHABLE, HOST))
    async with asyncio.timeout(WAIT):
        await received.wait()

    await stream.close()

    async with asyncio.timeout(WAIT):
        await consumer  # the async for ended by itself
        closed = await box.closed.get()
    assert closed is side
    assert side.websocket.close_code == 1000  # a clean closing handshake
    await stream.close()  # idempotent
    with pytest.raises(RuntimeError):
        stream.start()


async def test_close_during_backoff_is_prompt() -> None:
    # Nothing listens on this URL: the stream is waiting to retry when closed.
    tokens = TokenSource("token-1")
    stream = EventStream(
        "ws://127.0.0.1:9/api/v15/ws/event",
        tokens,
        [LAN_HOST_REACHABLE],
        backoff_initial=30.0,
        backoff_max=60.0,
    )
    stream.start()
    async with asyncio.timeout(WAIT):
        await tokens.asked.wait()
        await stream.close()
    with pytest.raises(StopAsyncIteration):
        await anext(stream)


async def test_dispatch_survives_a_failing_handler(running_box: RunningBox) -> None:
    box = running_box.box
    stream = _stream(running_box.url, TokenSource("token-1"))
    handled: list[str] = []
    second_seen = asyncio.Event()

    async def handler(event: BoxEvent) -> None:
        handled.append(event.name)
        if len(handled) == 1:
            raise RuntimeError("a watcher bug")
        second_seen.set()

    dispatcher = asyncio.create_task(stream.dispatch(handler))
    side = await box.next_socket()
    await side.accept_register()
    await side.push(notification(LAN_HOST_REACHABLE, HOST), notification(LAN_HOST_UNREACHABLE))
    async with asyncio.timeout(WAIT):
        await second_seen.wait()
        await stream.close()
        await dispatcher

    assert handled == [LAN_HOST_REACHABLE, LAN_HOST_UNREACHABLE]


# --- TLS and URLs ---------------------------------------------------------------------


async def test_wss_with_the_given_ca(tmp_path: Path) -> None:
    ca = trustme.CA()
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_ssl)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    running = await _start_box({"token-1"}, server_ssl)
    try:
        assert running.url.startswith("wss://localhost:")
        stream = _stream(
            running.url, TokenSource("token-1"), ssl=create_ssl_context(cafile=ca_file)
        )
        async with stream:
            side = await running.box.next_socket()
            await side.accept_register()
            await side.push(notification(LAN_HOST_REACHABLE, HOST))
            assert (await _next_event(stream)).name == LAN_HOST_REACHABLE
    finally:
        running.server.close()
        await running.server.wait_closed()


async def test_a_url_factory_is_asked_before_each_connection(running_box: RunningBox) -> None:
    asked: list[str] = []

    async def url() -> str:
        asked.append(running_box.url)
        return running_box.url

    async with _stream(url, TokenSource("token-1", "token-2")) as stream:
        first = await running_box.box.next_socket()
        await first.accept_register()
        first.drop()
        second = await running_box.box.next_socket()
        await second.accept_register()
        await second.push(notification(LAN_HOST_REACHABLE))
        await _next_event(stream)

    assert len(asked) == 2


@pytest.mark.parametrize(
    ("api_root", "expected"),
    [
        ("https://mafreebox.freebox.fr/api/v15/", "wss://mafreebox.freebox.fr/api/v15/ws/event"),
        ("https://example.fbxos.fr:3615/api/v15", "wss://example.fbxos.fr:3615/api/v15/ws/event"),
        ("http://127.0.0.1:8080/api/v15/", "ws://127.0.0.1:8080/api/v15/ws/event"),
    ],
)
def test_event_url_from_the_api_root(api_root: str, expected: str) -> None:
    assert event_url(api_root) == expected


@pytest.mark.parametrize(
    "url",
    [
        "ws://192.168.1.254/api/v15/ws/event",
        "ws://mafreebox.freebox.fr/api/v15/ws/event",
        "https://mafreebox.freebox.fr/api/v15/ws/event",
    ],
)
def test_an_insecure_or_wrong_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError):
        EventStream(url, TokenSource("t"), [LAN_HOST_REACHABLE])


def test_needs_events_and_sane_backoff() -> None:
    url = "wss://mafreebox.freebox.fr/api/v15/ws/event"
    with pytest.raises(ValueError):
        EventStream(url, TokenSource("t"), [])
    with pytest.raises(ValueError):
        EventStream(url, TokenSource("t"), [LAN_HOST_REACHABLE], backoff_initial=0)


def test_backoff_doubles_up_to_the_ceiling_and_resets() -> None:
    backoff = Backoff(1.0, 10.0)

    assert [backoff.next_delay() for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    backoff.reset()
    assert backoff.next_delay() == 1.0


def test_parses_the_document_notification() -> None:
    message = {
        "action": "notification",
        "success": True,
        "source": "vm",
        "event": "disk_task_done",
        "result": {"done": True, "error": False, "id": 1},
    }

    event = BoxEvent.from_message(message)

    assert event == BoxEvent("vm", "disk_task_done", {"done": True, "error": False, "id": 1})
    assert event is not None and event.name == "vm_disk_task_done"
    assert BoxEvent.from_message({"action": "register", "success": True}) is None
    assert hash(event) == hash(BoxEvent("vm", "disk_task_done"))


async def test_a_clean_close_or_a_refused_register_also_reconnects(
    running_box: RunningBox,
) -> None:
    box = running_box.box

    async with _stream(running_box.url, TokenSource("token-1", "token-2", "token-3")) as stream:
        first = await box.next_socket()
        await first.websocket.close()  # the box says goodbye properly
        second = await box.next_socket()
        await second.push({"action": "register", "success": False, "error_code": "inval"})
        third = await box.next_socket()
        await third.accept_register()
        await third.push(notification(LAN_HOST_REACHABLE))
        assert (await _next_event(stream)).name == LAN_HOST_REACHABLE

    assert [first.token, second.token, third.token] == ["token-1", "token-2", "token-3"]


async def test_an_unexpected_error_ends_the_stream_and_reaches_the_consumer() -> None:
    async def broken_token_provider() -> str:
        raise RuntimeError("a bug, not a network problem")

    stream = EventStream(
        "ws://127.0.0.1:9/api/v15/ws/event", broken_token_provider, [LAN_HOST_REACHABLE]
    )
    async with stream:
        with pytest.raises(RuntimeError, match="a bug"):
            await _next_event(stream)
