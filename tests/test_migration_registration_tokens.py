"""The migration that binds registration tokens to one device, run on a database holding
rows written before it (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import BigInteger, Connection, DateTime, String, column, select, table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.migrate import alembic_config
from bot.storage.models import RegistrationToken
from bot.storage.registry import SqlTargetRegistry
from notifserver import Endpoint, RegisterOutcome, Registration
from tests.conftest import TestDatabase as Database
from tests.old_schema import CHATS, ENDPOINTS, TARGETS, migrate

REVISION = "c8d2e3f4a5b6"
BOX = "box-0001"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

TOKENS = table(
    "registration_tokens",
    column("token", String),
    column("chat_id", BigInteger),
    column("created_at", DateTime(timezone=True)),
)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _old_rows(connection: Connection) -> None:
    """What a bot before the migration left: chat 1 paired, re-paired, then repaired twice
    (the second repair's target not registered yet); chat 2 asked days ago and never registered."""
    connection.execute(
        CHATS.insert(),
        [
            {"id": chat, "kind": "private", "language": "fr", "active": True, "created_at": T0}
            for chat in (1, 2)
        ],
    )
    connection.execute(
        ENDPOINTS.insert(), [{"id": 1, "secret": "s", "box_id": BOX, "created_at": T0}]
    )
    connection.execute(
        TOKENS.insert(),
        [
            {"token": "t-pair", "chat_id": 1, "created_at": _at(0)},
            {"token": "t-repair", "chat_id": 1, "created_at": _at(60)},
            {"token": "t-pending", "chat_id": 1, "created_at": _at(120)},
            {"token": "t-other", "chat_id": 2, "created_at": _at(-3 * 24 * 60)},
        ],
    )
    target = {"endpoint_id": 1, "box_id": BOX, "device_type": "android", "device_name": "T"}
    connection.execute(
        TARGETS.insert(),
        [
            {**target, "device_id": "dev-1", "chat_id": 1, "registered_at": _at(0.1)},
            {**target, "device_id": "dev-2", "chat_id": 1, "registered_at": _at(60.1)},
        ],
    )


@pytest.fixture
async def old_database(database: Database) -> AsyncIterator[AsyncEngine]:
    """The database at the revision before this migration, holding rows of that time."""
    engine = create_engine(database.url, connect_args=database.connect_args)
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(REVISION).down_revision
    assert isinstance(previous, str)
    async with engine.begin() as connection:
        await connection.run_sync(migrate, previous)
        await connection.run_sync(_old_rows)
    yield engine
    await engine.dispose()


async def _bound_devices(sessions: async_sessionmaker[AsyncSession]) -> dict[str, str | None]:
    async with sessions() as session:
        rows = await session.execute(select(RegistrationToken.token, RegistrationToken.device_id))
        return {token: device_id for token, device_id in rows}


async def test_tokens_targets_used_are_bound_to_their_devices(old_database: AsyncEngine) -> None:
    async with old_database.begin() as connection:
        await connection.run_sync(migrate, REVISION)
    sessions = create_sessionmaker(old_database)
    assert await _bound_devices(sessions) == {
        "t-pair": "dev-1",
        "t-repair": "dev-2",
        "t-pending": None,
        "t-other": None,
    }
    async with old_database.begin() as connection:  # the registry reads today's columns
        await connection.run_sync(migrate, "head")
    registry = SqlTargetRegistry(sessions, clock=lambda: _at(130))
    endpoint = Endpoint(id=1, box_id=BOX)

    async def register(token: str, device_id: str) -> RegisterOutcome:
        registration = Registration(box_id=BOX, token=token, device_id=device_id)
        return await registry.register(endpoint, registration)

    assert await register("t-pair", "dev-1") is RegisterOutcome.ACCEPTED, "the box, again"
    assert await register("t-pair", "dev-9") is RegisterOutcome.TOKEN_OF_ANOTHER_DEVICE
    assert await register("t-pending", "dev-3") is RegisterOutcome.ACCEPTED, "issued 10 min ago"
    assert await register("t-other", "dev-9") is RegisterOutcome.EXPIRED_TOKEN
