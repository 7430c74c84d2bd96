"""The notification port under slow, idle and numerous clients, over real loopback TCP.

Deadlines are lowered so that each test waits for the event it expects (the server closing a
connection, a 408) within a bound, never for a fixed time.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import ClientSession

from notifserver import ConnectionLimits
from tests.notif_port import Port, send_body, serving

WAIT = 10.0
"""The bound on waiting for an event; the deadlines under test are well under a second."""


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, object]]:
    """One HTTP response: its status and JSON body (aiohttp always sends a Content-Length)."""
    async with asyncio.timeout(WAIT):
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        length = next(
            int(line.split(":", 1)[1])
            for line in lines
            if line.lower().startswith("content-length")
        )
        body = await reader.readexactly(length)
    return int(lines[0].split()[1]), json.loads(body)


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server still sent before closing; fails if it keeps the connection."""
    try:
        async with asyncio.timeout(WAIT):
            return await reader.read()
    except TimeoutError:
        raise AssertionError(f"the server kept the connection open for {WAIT}s") from None


async def box_send(port: Port) -> dict[str, object]:
    async with (
        ClientSession() as http,
        http.post(f"{port.api_url}/send", json=send_body(["dev-a"])) as resp,
    ):
        assert resp.status == 200
        answer: dict[str, object] = await resp.json()
        return answer


async def trickle(writer: asyncio.StreamWriter, data: bytes, until: Awaitable[bytes]) -> bytes:
    """Write `data` a byte at a time, as a slowloris client does, until `until` completes."""
    waiting = asyncio.ensure_future(until)
    for byte in data:
        if waiting.done():
            break
        writer.write(bytes([byte]))
        await asyncio.wait({waiting}, timeout=0.05)
    return await waiting


async def test_a_client_trickling_its_request_head_is_closed(tmp_path: Path) -> None:
    async with serving(tmp_path, ConnectionLimits(header_timeout=0.5)) as port:
        reader, writer = await port.connect()
        head = f"POST /{port.secret}/send HTTP/1.1\r\n" + "X-Padding: slow\r\n" * 1000
        leftover = await trickle(writer, head.encode(), closed_by_server(reader))
        assert leftover == b"", "closed without an answer"
        assert port.served.guard.open_connections == 0
        assert await box_send(port) == {"failureIds": [], "successIds": ["dev-a"]}
        writer.close()


async def test_a_connection_that_never_sends_is_closed(tmp_path: Path) -> None:
    async with serving(tmp_path, ConnectionLimits(header_timeout=0.5)) as port:
        reader, writer = await port.connect()
        assert await closed_by_server(reader) == b""
        writer.close()


async def test_an_idle_keepalive_connection_is_closed_after_its_timeout(tmp_path: Path) -> None:
    async with serving(tmp_path, ConnectionLimits(keepalive_timeout=0.5)) as port:
        reader, writer = await port.connect()
        writer.write(port.request(send_body(["dev-a"])))
        assert await read_response(reader) == (200, {"failureIds": [], "successIds": ["dev-a"]})
        assert await closed_by_server(reader) == b""
        writer.close()


async def test_the_box_keepalive_connection_outlives_the_head_deadline(tmp_path: Path) -> None:
    """Idle between two `/send`s for longer than a head may take: the same connection serves."""
    async with serving(
        tmp_path, ConnectionLimits(header_timeout=0.3, keepalive_timeout=30)
    ) as port:
        box_reader, box_writer = await port.connect()
        box_writer.write(port.request(send_body(["dev-a"])))
        assert (await read_response(box_reader))[0] == 200
        silent_reader, silent_writer = await port.connect()
        await closed_by_server(silent_reader)  # the head deadline has passed since
        box_writer.write(port.request(send_body(["dev-a"]), close=True))
        assert await read_response(box_reader) == (
            200,
            {"failureIds": [], "successIds": ["dev-a"]},
        )
        box_writer.close()
        silent_writer.close()


def _still_open(writer: asyncio.StreamWriter) -> bool:
    """Whether the server kept this connection: nothing to read yet, not even its close."""
    fileno = writer.get_extra_info("socket").fileno()
    with socket.fromfd(fileno, socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
        except BlockingIOError:
            return True


async def test_beyond_the_cap_the_longest_waiting_connections_are_closed(tmp_path: Path) -> None:
    """Idle sockets pile up; the box's `/send` still gets in, and the count stays capped."""
    limits = ConnectionLimits(header_timeout=60, max_connections=8)
    async with serving(tmp_path, limits) as port:
        await _eventually(lambda: port.served.guard.open_connections == 0)  # registration's
        # Accepted in the order they connect: the server closes the oldest first.
        idle = [await port.connect() for _ in range(20)]
        assert await box_send(port) == {"failureIds": [], "successIds": ["dev-a"]}
        for reader, _ in idle[:13]:
            assert await closed_by_server(reader) == b""
        assert all(_still_open(writer) for _, writer in idle[13:]), "the most recent are kept"
        assert port.served.guard.open_connections <= 8
        for _, writer in idle:
            writer.close()


async def test_beyond_the_cap_clients_trickling_bodies_make_room_too(tmp_path: Path) -> None:
    """Every place held by a body that does not come: the box's `/send` still gets in."""
    async with serving(tmp_path, ConnectionLimits(max_connections=4), body_timeout=60) as port:
        await _eventually(lambda: port.served.guard.open_connections == 0)  # registration's
        slow = []
        for _ in range(4):
            reader, writer = await port.connect()
            writer.write(
                f"POST /{port.secret}/send HTTP/1.1\r\nHost: bot\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
            )
            slow.append((reader, writer))
        await _eventually(lambda: port.served.guard.waiting_connections == 4)  # for bodies
        assert await box_send(port) == {"failureIds": [], "successIds": ["dev-a"]}
        reader, _ = slow[0]
        await closed_by_server(reader)
        assert all(_still_open(writer) for _, writer in slow[1:])
        for _, writer in slow:
            writer.close()


async def _eventually(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(WAIT):
        while not condition():
            await asyncio.sleep(0.01)


@pytest.mark.parametrize("sent", [0, 10])
async def test_a_body_slower_than_its_deadline_gets_a_408(tmp_path: Path, sent: int) -> None:
    async with serving(tmp_path, ConnectionLimits(), body_timeout=0.5) as port:
        reader, writer = await port.connect()
        writer.write(
            f"POST /{port.secret}/send HTTP/1.1\r\nHost: bot\r\n"
            f"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n".encode()
            + b" " * sent
        )
        assert await read_response(reader) == (408, {"error": "request body not received in time"})
        writer.close()
        assert await box_send(port) == {"failureIds": [], "successIds": ["dev-a"]}


async def test_stopping_does_not_wait_for_a_trickled_body(tmp_path: Path) -> None:
    async with serving(tmp_path) as port:
        reader, writer = await port.connect()
        writer.write(
            f"POST /{port.secret}/send HTTP/1.1\r\nHost: bot\r\nExpect: 100-continue\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n".encode()
        )
        async with asyncio.timeout(WAIT):  # the request is being handled
            assert await reader.readuntil(b"\r\n\r\n") == b"HTTP/1.1 100 Continue\r\n\r\n"
        writer.write(b"{")
        async with asyncio.timeout(WAIT):  # the body's own deadline is 20 s
            await port.served.stop()
        assert await closed_by_server(reader) == b""
        writer.close()
