"""The migration that adds `chats.language_chosen`, run on a database holding a paired chat
(SQLite and PostgreSQL): the chat keeps its targets, and no language counts as chosen."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Connection, func, select, text

from bot.storage.database import create_engine
from bot.storage.migrate import alembic_config
from tests.conftest import TestDatabase as Database
from tests.old_schema import CHATS, ENDPOINTS, TARGETS, migrate

REVISION, PREVIOUS = "a9b8c7d6e5f4", "f2a3b4c5d6e7"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _paired_chat(connection: Connection) -> None:
    connection.execute(
        CHATS.insert(),
        [{"id": 1, "kind": "private", "language": "en", "active": True, "created_at": T0}],
    )
    connection.execute(
        ENDPOINTS.insert(), [{"id": 1, "secret": "s", "box_id": "box", "created_at": T0}]
    )
    target = {"endpoint_id": 1, "box_id": "box", "device_type": "android", "device_name": "T"}
    connection.execute(
        TARGETS.insert(), [{**target, "device_id": "dev-1", "chat_id": 1, "registered_at": T0}]
    )


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_a_paired_chat_keeps_its_target_and_chose_no_language(database: Database) -> None:
    engine = create_engine(database.url, connect_args=database.connect_args)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(migrate, PREVIOUS)
            await connection.run_sync(_paired_chat)
        async with engine.begin() as connection:
            await connection.run_sync(migrate, REVISION)
        async with engine.connect() as connection:
            chat = (
                await connection.execute(text("SELECT language, language_chosen FROM chats"))
            ).one()
            assert (chat.language, bool(chat.language_chosen)) == ("en", False)
            assert await connection.scalar(select(func.count()).select_from(TARGETS)) == 1
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade, PREVIOUS)
        async with engine.connect() as connection:
            assert await connection.scalar(select(func.count()).select_from(TARGETS)) == 1
    finally:
        await engine.dispose()
