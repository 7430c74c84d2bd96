"""What /doctor reads of the push path: each target's last `/register` and last push,
written by the notification server over real HTTP (SQLite and PostgreSQL), the push
stamp at most once a minute; and the migration giving old targets their last /register."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.chats import upsert_chat
from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.models import Target
from bot.storage.outbox import PUSH_STAMP_EVERY, OutboxSink, PushStamps
from bot.storage.registry import SqlTargetRegistry, ensure_endpoint, issue_registration_token
from notifserver import create_app
from tests.conftest import TestDatabase as Database
from tests.harness import ManualClock
from tests.old_schema import CHATS, ENDPOINTS, TARGETS, migrate

BOX = "box-0001"
CHAT = 1001
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@dataclass
class Server:
    http: ClientSession
    api_url: str
    sessions: async_sessionmaker[AsyncSession]
    clock: ManualClock

    async def post(self, path: str, body: Mapping[str, object]) -> None:
        async with self.http.post(f"{self.api_url}/{path}", json=body) as resp:
            assert resp.status == 200, await resp.text()

    async def stamps(self) -> tuple[datetime | None, datetime | None]:
        async with self.sessions() as session:
            row = (
                await session.execute(select(Target.last_register_at, Target.last_push_at))
            ).one()
            return row[0], row[1]


@pytest.fixture
async def server(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Server]:
    async with sessions.begin() as session:
        secret = (await ensure_endpoint(session)).secret
    clock = ManualClock(T0)
    app = create_app(
        registry=SqlTargetRegistry(sessions, clock=clock),
        sink=OutboxSink(sessions, lambda chats: None),
    )
    async with TestServer(app, host="127.0.0.1") as test_server, ClientSession() as http:
        base = str(test_server.make_url("")).rstrip("/")
        yield Server(http, f"{base}/{secret}", sessions, clock)


async def test_each_register_and_a_push_are_stamped(server: Server) -> None:
    async with server.sessions.begin() as session:
        await upsert_chat(session, CHAT)
        token = await issue_registration_token(session, CHAT, now=server.clock())
    register = {"box_id": BOX, "device_type": "android", "token": token, "device_id": "dev-1"}
    await server.post("register", register)
    assert await server.stamps() == (T0, None), "registered, nothing pushed yet"

    server.clock.advance(hours=3)
    await server.post("register", register)  # the box registers the same device again
    assert (await server.stamps())[0] == T0 + timedelta(hours=3)

    await server.post("send", {"devices": ["dev-1"], "box_id": BOX, "payload": {}})
    assert (await server.stamps())[1] is not None, "the push is stamped"


def test_a_device_is_stamped_at_most_once_a_minute() -> None:
    stamps, device = PushStamps(), (1, BOX, "dev-1")
    assert stamps.due([device], T0) == [{"endpoint_id": 1, "box_id": BOX, "device_id": "dev-1"}]
    assert stamps.due([device], T0 + PUSH_STAMP_EVERY - timedelta(seconds=1)) == []
    assert len(stamps.due([device, (1, BOX, "dev-2")], T0 + PUSH_STAMP_EVERY)) == 2


REVISION = "f2a3b4c5d6e7"


def _old_target(connection: Connection) -> None:
    connection.execute(
        CHATS.insert(),
        [{"id": CHAT, "kind": "private", "language": "fr", "active": True, "created_at": T0}],
    )
    connection.execute(
        ENDPOINTS.insert(), [{"id": 1, "secret": "s", "box_id": BOX, "created_at": T0}]
    )
    connection.execute(
        TARGETS.insert(),
        [
            {
                "endpoint_id": 1,
                "box_id": BOX,
                "device_id": "d",
                "chat_id": CHAT,
                "device_type": "android",
                "device_name": "T",
                "registered_at": T0,
            }
        ],
    )


async def test_old_targets_take_their_registration_as_the_last_register(
    database: Database,
) -> None:
    engine = create_engine(database.url, connect_args=database.connect_args)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(migrate, "c8d2e3f4a5b6")
            await connection.run_sync(_old_target)
            await connection.run_sync(migrate, REVISION)
        async with create_sessionmaker(engine)() as session:
            row = (
                await session.execute(select(Target.last_register_at, Target.last_push_at))
            ).one()
        assert (row[0], row[1]) == (T0, None)
    finally:
        await engine.dispose()
