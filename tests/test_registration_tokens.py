"""A registration token binds the first device the box registers with it and expires unused;
over real loopback HTTP to the notification server, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.chats import upsert_chat
from bot.storage.models import Target
from bot.storage.outbox import OutboxSink
from bot.storage.registry import (
    TOKEN_TTL,
    SqlTargetRegistry,
    ensure_endpoint,
    issue_registration_token,
)
from notifserver import create_app
from tests.harness import ManualClock

BOX = "box-0001"
FAMILY, INTRUDER_CHAT = 1001, 1002


@dataclass
class Server:
    http: ClientSession
    api_url: str
    sessions: async_sessionmaker[AsyncSession]
    clock: ManualClock

    async def issue(self, chat_id: int = FAMILY) -> str:
        """The token pairing hands the box for `chat_id`, issued at the clock's now."""
        async with self.sessions.begin() as session:
            await upsert_chat(session, chat_id)
            return await issue_registration_token(session, chat_id, now=self.clock())

    async def register(self, token: str, device_id: str) -> tuple[int, dict[str, object]]:
        """The box's `POST /register` with `token` for `device_id`: status and JSON answer."""
        body = {"box_id": BOX, "device_type": "android", "token": token, "device_id": device_id}
        async with self.http.post(f"{self.api_url}/register", json=body) as resp:
            return resp.status, await resp.json()

    async def targets(self) -> dict[str, int]:
        """Device id -> chat id of every target."""
        async with self.sessions() as session:
            rows = await session.execute(select(Target.device_id, Target.chat_id))
            return {device_id: chat_id for device_id, chat_id in rows}

    async def send(self, device_id: str) -> dict[str, object]:
        body = {"devices": [device_id], "box_id": BOX, "title": "t", "body": "b", "payload": {}}
        async with self.http.post(f"{self.api_url}/send", json=body) as resp:
            answer: dict[str, object] = await resp.json()
            return answer


@pytest.fixture
async def server(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Server]:
    async with sessions.begin() as session:
        secret = (await ensure_endpoint(session)).secret
    clock = ManualClock()
    app = create_app(
        registry=SqlTargetRegistry(sessions, clock=clock),
        sink=OutboxSink(sessions, lambda chats: None),
    )
    async with TestServer(app, host="127.0.0.1") as test_server, ClientSession() as http:
        base = str(test_server.make_url("")).rstrip("/")
        yield Server(http, f"{base}/{secret}", sessions, clock)


async def test_a_replayed_token_with_another_device_is_refused(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    token = await server.issue()
    assert await server.register(token, "dev-box") == (200, {"success": True})
    with caplog.at_level(logging.WARNING, logger="notifserver"):
        status, answer = await server.register(token, "dev-thief")
    assert (status, answer["error"]) == (403, "registration token already used by another device")
    assert await server.targets() == {"dev-box": FAMILY}, "the thief got no target"
    assert await server.send("dev-thief") == {"failureIds": ["dev-thief"], "successIds": []}
    [warning] = [r for r in caplog.records if "dev-thief" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    assert token not in caplog.text, "the token is a secret: never logged"


async def test_the_first_device_holds_the_token(server: Server) -> None:
    """Whoever registers first holds the token (the hourly repair later drops a target the
    box does not have and asks the box for a new one)."""
    token = await server.issue()
    assert (await server.register(token, "dev-thief"))[0] == 200
    status, _answer = await server.register(token, "dev-box")
    assert status == 403
    assert await server.targets() == {"dev-thief": FAMILY}


async def test_the_same_device_registers_again_even_long_after(server: Server) -> None:
    token = await server.issue()
    assert (await server.register(token, "dev-box"))[0] == 200
    server.clock.advance(days=90)
    assert await server.register(token, "dev-box") == (200, {"success": True})
    assert await server.targets() == {"dev-box": FAMILY}
    assert await server.send("dev-box") == {"failureIds": [], "successIds": ["dev-box"]}


async def test_a_token_never_used_expires(server: Server) -> None:
    fresh, stale = await server.issue(), await server.issue()
    server.clock.advance(seconds=(TOKEN_TTL.total_seconds() - 1))
    assert (await server.register(fresh, "dev-a"))[0] == 200, "still valid just before its end"
    server.clock.advance(seconds=1)
    status, answer = await server.register(stale, "dev-b")
    assert (status, answer["error"]) == (403, "registration token expired")
    assert await server.targets() == {"dev-a": FAMILY}


async def test_a_token_issued_later_is_not_swept_with_the_expired_ones(server: Server) -> None:
    stale = await server.issue()
    server.clock.advance(days=2)
    fresh = await server.issue(INTRUDER_CHAT)  # issuing sweeps the tokens that expired unused
    assert (await server.register(stale, "dev-a"))[0] == 403
    assert (await server.register(fresh, "dev-b"))[0] == 200
    assert await server.targets() == {"dev-b": INTRUDER_CHAT}
