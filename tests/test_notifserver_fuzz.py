"""Anyone who reaches the notification port may send anything: never a 5xx, never a hang.

Hypothesis writes `/send` and `/register` requests byte by byte (random JSON and random bytes,
with random Content-Type, Content-Encoding, Content-Length and Transfer-Encoding) over real
loopback TCP to the server, which runs on a loop of its own in a thread. After each request
the box's ordinary `/send` must still be acknowledged, and every acknowledged row must load.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import threading
import zlib
from collections.abc import Coroutine, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.storage.models import OutboxMessage
from notifserver import ConnectionLimits
from tests.notif_port import BOX, Port, send_body, serving

_T = TypeVar("_T")
BODY_TIMEOUT = 0.3
"""A Content-Length larger than the body sent waits this long for a 408."""


class ServerThread:
    """The notification server on an event loop of its own, for a synchronous test."""

    def __init__(self, tmp_path: Path) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._stack = AsyncExitStack()
        limits = ConnectionLimits(header_timeout=2)
        self.port: Port = self.run(
            self._stack.enter_async_context(serving(tmp_path, limits, body_timeout=BODY_TIMEOUT))
        )

    def run(self, work: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=30)

    def close(self) -> None:
        self.run(self._stack.aclose())
        # aiohttp may still be draining a refused body (its "lingering" read) on a connection
        # already closed; that task would outlive the loop.
        self.run(_cancel_others())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def exchange(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send raw bytes, read the first response: status, headers, body."""
        with socket.create_connection(("127.0.0.1", self.port.served.port), timeout=10) as sock:
            # Refused before the whole request was written: the answer is read below.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(request)
            answer = b""
            try:
                while b"\r\n\r\n" not in answer:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
                head, _, body = answer.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {
                    k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
                }
                while len(body) < int(headers.get("content-length", 0)):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    body += chunk
            except TimeoutError:
                raise AssertionError(f"no answer within 10 s to {request[:300]!r}") from None
            except ConnectionResetError:
                raise AssertionError(f"reset without an answer: {request[:300]!r}") from None
        assert lines[0].startswith("HTTP/1."), f"no HTTP answer to {request[:300]!r}: {answer!r}"
        return int(lines[0].split()[1]), headers, body

    def acknowledged_rows(self) -> list[OutboxMessage]:
        async def rows() -> list[OutboxMessage]:
            async with self.port.sessions() as session:
                return list(await session.scalars(select(OutboxMessage)))

        return self.run(rows())


async def _cancel_others() -> None:
    others = asyncio.all_tasks() - {asyncio.current_task()}
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    thread = ServerThread(tmp_path)
    try:
        yield thread
    finally:
        thread.close()


# ------------------------------------------------------------------ what Hypothesis writes

_printable = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
_texts = st.one_of(
    st.text(max_size=50),
    st.sampled_from(["\ud800", "a\x00b", "&<b>" * 300, "é" * 2000, ""]),
)
_numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
_json = st.recursive(
    st.one_of(_numbers, _texts),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_texts, inner, max_size=4)
    ),
    max_leaves=12,
)


@dataclass(frozen=True)
class _Deep:
    """`value` inside `levels` lists, written out as text: `json.dumps` stops near 1,000."""

    value: Any
    levels: int


_nested = st.builds(_Deep, _json, st.sampled_from([0, 0, 1, 31, 33, 200, 2000]))


@st.composite
def _box_like(draw: st.DrawFn) -> dict[str, Any]:
    """A body close to the box's own, one field at a time replaced by anything."""
    body: dict[str, Any] = dict(send_body(["dev-a"]))
    body["title"] = draw(st.one_of(st.none(), _texts))
    body["body"] = draw(st.one_of(st.none(), _texts))
    body["payload"] = {"box_id": BOX, "type": "downloader", "event": draw(_texts)}
    body["payload"]["data"] = draw(_nested)
    if draw(st.booleans()):
        field = draw(st.sampled_from(["devices", "box_id", "title", "payload", "token"]))
        body[field] = draw(_nested)
    return body


def _encode_json(value: Any) -> bytes:
    deep: list[_Deep] = []

    def placeholder(item: object) -> str:
        assert isinstance(item, _Deep)
        deep.append(item)
        return f"@deep{len(deep) - 1}@"

    text = json.dumps(value, default=placeholder)
    for index, item in enumerate(deep):
        inner = _encode_json(item.value).decode()
        text = text.replace(f'"@deep{index}@"', "[" * item.levels + inner + "]" * item.levels)
    return text.encode()


_bodies = st.one_of(
    _box_like().map(_encode_json),
    _nested.map(_encode_json),
    st.binary(max_size=300),
)


def _percent(chance: int) -> st.SearchStrategy[bool]:
    """True `chance` times in a hundred: most requests must reach the body's decoding."""
    return st.integers(0, 99).map(lambda n: n < chance)


_encodings = st.sampled_from(["gzip", "deflate", "br", "zstd", "identity", "gzip, br"]) | _printable
_odd_lengths = st.sampled_from(["abc", "-1", "1e3", "99999999999999999999", " 12", ""])


@st.composite
def requests(draw: st.DrawFn, secret: str) -> bytes:
    path = draw(st.sampled_from(["send"] * 6 + ["register"] * 3 + ["register/box-0001/dev-z"]))
    method = "POST" if draw(_percent(90)) else draw(st.sampled_from(["DELETE", "PUT", "GET"]))
    body = draw(_bodies)
    headers = ["Host: bot", "Connection: close"]
    if not draw(_percent(60)):
        encoding = draw(_encodings)
        headers.append(f"Content-Encoding: {encoding}")
        if encoding in ("gzip", "deflate") and draw(_percent(70)):
            body = gzip.compress(body) if encoding == "gzip" else zlib.compress(body)
    content_type = "application/json" if draw(_percent(80)) else draw(_printable)
    headers.append(f"Content-Type: {content_type}")
    framing = (
        "length"
        if draw(_percent(65))
        else draw(st.sampled_from(["chunked", "near length", "odd length", "both", "odd", "none"]))
    )
    if framing in ("length", "both"):
        headers.append(f"Content-Length: {len(body)}")
    elif framing == "near length":
        headers.append(f"Content-Length: {max(0, len(body) + draw(st.sampled_from([-3, 5])))}")
    elif framing == "odd length":
        headers.append(f"Content-Length: {draw(_odd_lengths)}")
    if framing in ("chunked", "both"):
        headers.append("Transfer-Encoding: chunked")
        if draw(_percent(70)):
            body = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    elif framing == "odd":
        headers.append(f"Transfer-Encoding: {draw(_printable)}")
    head = f"{method} /{secret}/{path} HTTP/1.1\r\n" + "\r\n".join(headers) + "\r\n\r\n"
    return head.encode() + body


# ------------------------------------------------------------------ the property


@given(data=st.data())
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_gets_a_5xx_and_the_box_is_still_served(
    server: ServerThread, data: st.DataObject
) -> None:
    request = data.draw(requests(server.port.secret), label="request")
    status, headers, body = server.exchange(request)
    assert status < 500, body
    assert headers.get("content-type", "").startswith("application/json"), body
    assert isinstance(json.loads(body), dict)

    box = server.port.request(send_body(["dev-a"]), close=True)
    status, _, body = server.exchange(box)
    assert (status, json.loads(body)) == (200, {"failureIds": [], "successIds": ["dev-a"]})
    # Whatever was acknowledged, the worker can load: the rows read back from the database.
    assert all(row.chat_id == 1001 for row in server.acknowledged_rows())
