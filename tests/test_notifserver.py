"""The box's push contract over real loopback HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.chats import mark_chat_gone
from bot.storage.models import OutboxMessage, Target, utcnow
from bot.storage.outbox import OutboxSink
from bot.storage.registry import SqlTargetRegistry, ensure_endpoint, issue_registration_token
from notifserver import NotificationServer, create_app
from tests.registration import register_device

BOX = "box-0001"


@dataclass
class Server:
    http: ClientSession
    base: str
    secret: str
    sessions: async_sessionmaker[AsyncSession]
    wakeups: list[None]

    @property
    def api_url(self) -> str:
        return f"{self.base}/{self.secret}"

    async def outbox(self) -> list[OutboxMessage]:
        async with self.sessions() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    async def register(self, chat_id: int, device_id: str) -> None:
        await register_device(
            self.sessions, self.http, self.api_url, box_id=BOX, chat_id=chat_id, device_id=device_id
        )


@pytest.fixture
async def server(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Server]:
    async with sessions.begin() as session:
        secret = (await ensure_endpoint(session)).secret
    wakeups: list[None] = []
    app = create_app(
        registry=SqlTargetRegistry(sessions),
        sink=OutboxSink(sessions, lambda chats: wakeups.append(None)),
        max_body_bytes=64 * 1024,
    )
    served = NotificationServer(app, "127.0.0.1", 0)
    await served.start()
    try:
        async with ClientSession() as http:
            base = f"http://127.0.0.1:{served.port}"
            yield Server(http, base, secret, sessions, wakeups)
    finally:
        await served.stop()


def _send_body(devices: list[str], **payload: object) -> dict[str, object]:
    return {
        "devices": devices,
        "title": "Téléchargement terminé",
        "body": "ubuntu.iso",
        "payload": {
            "box_id": BOX,
            "type": "downloader",
            "data": 7,
            "event": "task_done",
            **payload,
        },
        "box_id": BOX,
    }


async def test_send_stores_one_message_per_chat_and_answers_ids(server: Server) -> None:
    await server.register(1001, "dev-a")
    await server.register(1002, "dev-b")
    body = _send_body(["dev-a", "dev-b", "ghost"])
    async with server.http.post(f"{server.api_url}/send", json=body) as resp:
        assert resp.status == 200
        assert await resp.json() == {"failureIds": ["ghost"], "successIds": ["dev-a", "dev-b"]}
    rows = await server.outbox()
    assert [(r.chat_id, r.payload["data"], r.status.value) for r in rows] == [
        (1001, 7, "pending"),
        (1002, 7, "pending"),
    ]
    for row in rows:  # every column reads back as the models expect, on every database
        assert (row.title, row.body, row.attempts) == ("Téléchargement terminé", "ubuntu.iso", 0)
        assert abs(row.received_at - utcnow()) < timedelta(minutes=1)
        assert row.next_attempt_at == row.received_at, "due at once"
    assert server.wakeups, "the delivery worker must be woken after the commit"


async def test_register_is_idempotent_and_delete_unbinds(server: Server) -> None:
    await server.register(1001, "dev-a")
    await server.register(1001, "dev-a")
    async with server.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Target)) == 1
    async with server.http.delete(f"{server.api_url}/register/{BOX}/dev-a") as resp:
        assert resp.status == 200
        assert (await resp.json())["removed"] is True
    async with server.http.post(f"{server.api_url}/send", json=_send_body(["dev-a"])) as resp:
        assert await resp.json() == {"failureIds": ["dev-a"], "successIds": []}
    assert await server.outbox() == []


async def test_register_refuses_a_token_we_never_issued(server: Server) -> None:
    body = {"box_id": BOX, "device_type": "ios", "token": "forged", "device_id": "x"}
    async with server.http.post(f"{server.api_url}/register", json=body) as resp:
        assert resp.status == 403
        assert (await resp.json())["error"] == "unknown registration token"


async def test_endpoint_refuses_a_second_box(server: Server) -> None:
    await server.register(1001, "dev-a")
    async with server.sessions.begin() as session:
        token = await issue_registration_token(session, 1001, now=utcnow())
    body = {"box_id": "other-box", "token": token, "device_id": "dev-z"}
    async with server.http.post(f"{server.api_url}/register", json=body) as resp:
        assert resp.status == 403
    other = _send_body(["dev-a"]) | {"box_id": "other-box"}
    async with server.http.post(f"{server.api_url}/send", json=other) as resp:
        assert await resp.json() == {"failureIds": ["dev-a"], "successIds": []}


async def test_paths_outside_the_secret_are_404_and_deliver_nothing(server: Server) -> None:
    await server.register(1001, "dev-a")
    for path in ("/send", "/wrong-secret/send", f"/{server.secret}x/send", "/register"):
        async with server.http.post(server.base + path, json=_send_body(["dev-a"])) as resp:
            assert resp.status == 404, path
            assert (await resp.json())["error"] == "not found"
    assert await server.outbox() == []


async def test_a_gone_chat_is_a_failure(server: Server) -> None:
    await server.register(1001, "dev-a")
    async with server.sessions.begin() as session:
        await mark_chat_gone(session, 1001, "Forbidden: bot was blocked by the user", now=utcnow())
    async with server.http.post(f"{server.api_url}/send", json=_send_body(["dev-a"])) as resp:
        assert await resp.json() == {"failureIds": ["dev-a"], "successIds": []}


@pytest.mark.parametrize(
    ("method", "path", "data", "status", "error"),
    [
        ("POST", "/send", b"{not json", 400, "malformed JSON"),
        ("POST", "/send", b"[1, 2]", 400, "expected a JSON object"),
        ("POST", "/send", b"\xff\xfe", 400, "malformed JSON"),
        ("POST", "/send", json.dumps({"devices": "dev-a", "box_id": BOX}).encode(), 400, None),
        ("POST", "/send", json.dumps({"devices": [1], "box_id": BOX}).encode(), 400, None),
        ("POST", "/send", json.dumps({"devices": ["a"], "box_id": 3}).encode(), 400, None),
        ("POST", "/register", json.dumps({"box_id": BOX}).encode(), 400, None),
        ("POST", "/send", b"x" * (65 * 1024), 413, "request body too large"),
        ("GET", "/send", b"", 405, "method not allowed"),
        ("PUT", "/register", b"{}", 405, "method not allowed"),
    ],
)
async def test_bad_input_gets_a_json_error_and_loses_nothing(
    server: Server, method: str, path: str, data: bytes, status: int, error: str | None
) -> None:
    await server.register(1001, "dev-a")
    async with server.http.request(method, server.api_url + path, data=data) as resp:
        assert resp.status == status
        answer = await resp.json()
        assert error is None or answer["error"] == error
        if status == 400 and error is None:
            assert answer["error"] == "invalid request body"
            assert answer["problems"], "the box's operator needs to know which field is wrong"
    async with server.http.post(f"{server.api_url}/send", json=_send_body(["dev-a"])) as resp:
        assert await resp.json() == {"failureIds": [], "successIds": ["dev-a"]}
    assert len(await server.outbox()) == 1


async def test_unknown_fields_are_tolerated(server: Server) -> None:
    await server.register(1001, "dev-a")
    body = _send_body(["dev-a"]) | {"priority": "high", "ttl": 60}
    async with server.http.post(f"{server.api_url}/send", json=body) as resp:
        assert await resp.json() == {"failureIds": [], "successIds": ["dev-a"]}


async def test_thousands_of_device_ids(server: Server) -> None:
    await server.register(1001, "dev-a")
    devices = [f"unknown-{i:05d}" for i in range(3000)] + ["dev-a"]
    async with server.http.post(f"{server.api_url}/send", json=_send_body(devices)) as resp:
        assert resp.status == 200
        answer = await resp.json()
    assert answer["successIds"] == ["dev-a"]
    assert len(answer["failureIds"]) == 3000
    assert len(await server.outbox()) == 1
    async with server.http.get(f"{server.base}/healthz") as resp:
        assert await resp.json() == {"status": "ok"}


async def test_a_public_url_path_works_kept_or_stripped_by_the_proxy(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        secret = (await ensure_endpoint(session)).secret
    app = create_app(
        registry=SqlTargetRegistry(sessions),
        sink=OutboxSink(sessions, lambda chats: None),
        path_prefix="/freebox/",
    )
    async with TestServer(app, host="127.0.0.1") as server, ClientSession() as http:
        base = str(server.make_url("")).rstrip("/")
        for prefix in ("/freebox", ""):
            async with http.get(f"{base}{prefix}/healthz") as resp:
                assert resp.status == 200
            body = _send_body(["nobody"])
            async with http.post(f"{base}{prefix}/{secret}/send", json=body) as resp:
                assert resp.status == 200, prefix
        async with http.post(f"{base}/other/{secret}/send", json=_send_body([])) as resp:
            assert resp.status == 404


def _nested(levels: int) -> bytes:
    """A `/send` body whose payload holds `levels` nested lists."""
    body = json.dumps(_send_body(["dev-a"], extra="HOLE")).encode()
    return body.replace(b'"HOLE"', b"[" * levels + b"]" * levels)


@pytest.mark.parametrize(
    ("data", "headers", "error", "limit"),
    [
        (_nested(990), {}, "body nested deeper than 32 levels", {"max_depth": 32}),
        (_nested(40), {}, "body nested deeper than 32 levels", {"max_depth": 32}),
        (
            json.dumps(_send_body(["dev-a"])).replace('"data": 7', '"data": ' + "9" * 4301),
            {},
            "integer out of range",
            {"max_integer": 2**63 - 1},
        ),
        (
            json.dumps(_send_body(["dev-a"])).replace('"data": 7', '"data": 1e999'),
            {},
            "number out of range",
            None,
        ),
        (b"not gzip at all", {"Content-Encoding": "gzip"}, "unreadable request body", None),
        (b"\x78\x9cbroken", {"Content-Encoding": "deflate"}, "unreadable request body", None),
        (
            json.dumps(_send_body(["dev-a"])).replace('"data": 7', '"data": NaN'),
            {},
            "NaN is not a JSON number",
            None,
        ),
        (
            json.dumps(_send_body(["dev-a"])).replace("ubuntu.iso", "\\ud800.iso"),
            {},
            "text with a NUL character or a lone surrogate",
            None,
        ),
        (
            json.dumps(_send_body(["dev-a"])).replace("task_done", "task\\u0000done"),
            {},
            "text with a NUL character or a lone surrogate",
            None,
        ),
    ],
    ids=[
        "990-levels",
        "40-levels",
        "4301-digits",
        "1e999",
        "gzip",
        "deflate",
        "NaN",
        "surrogate",
        "NUL",
    ],
)
async def test_a_body_the_outbox_could_not_carry_is_refused_before_any_ack(
    server: Server,
    data: bytes | str,
    headers: dict[str, str],
    error: str,
    limit: dict[str, int] | None,
) -> None:
    """A 400 naming the limit, nothing stored: the worker never meets a row it cannot load."""
    await server.register(1001, "dev-a")
    async with server.http.post(
        f"{server.api_url}/send", data=data, headers={"Content-Type": "application/json", **headers}
    ) as resp:
        assert resp.status == 400
        answer = await resp.json()
    assert answer["error"] == error
    assert limit is None or limit.items() <= answer.items(), "the box's operator reads the limit"
    assert await server.outbox() == []
    async with (
        ClientSession() as fresh,
        fresh.post(f"{server.api_url}/send", json=_send_body(["dev-a"])) as resp,
    ):
        assert await resp.json() == {"failureIds": [], "successIds": ["dev-a"]}


async def test_the_box_deepest_documented_body_is_accepted(server: Server) -> None:
    """A missed call: the payload's `data` is a whole CallEntry, well within the depth limit."""
    await server.register(1001, "dev-a")
    call = {"id": 96, "type": "missed", "number": "0611223344", "name": "Maman", "duration": 0}
    body = _send_body(["dev-a"], type="phone", event="missed_call", data=call)
    async with server.http.post(f"{server.api_url}/send", json=body) as resp:
        assert await resp.json() == {"failureIds": [], "successIds": ["dev-a"]}
    [row] = await server.outbox()
    assert row.payload["data"] == call
