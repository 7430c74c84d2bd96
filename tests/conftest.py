"""Shared fixtures: real SQLite files and a real PostgreSQL schema, both migrated by Alembic."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli import set_ptb_options
from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_to_head

# The tests build the app without `freebox-bot`'s entry: they set what it sets, once.
set_ptb_options()

POSTGRES_URL = os.environ.get(
    "FREEBOX_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
_postgres_skipped: list[str] = []


async def _postgres_unavailable_reason() -> str | None:
    try:
        import asyncpg  # noqa: F401
    except ImportError:
        return "asyncpg is not installed"
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
    except Exception as exc:
        return f"no PostgreSQL server answers at {POSTGRES_URL} ({type(exc).__name__})"
    finally:
        await engine.dispose()
    return None


@dataclass(frozen=True)
class TestDatabase:
    url: str
    connect_args: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """A fresh, empty database: an SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield TestDatabase(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        return
    reason = await _postgres_unavailable_reason()
    if reason is not None:
        _postgres_skipped.append(reason)
        pytest.skip(f"PostgreSQL path skipped: {reason}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'create schema "{schema}"'))
    try:
        yield TestDatabase(POSTGRES_URL, {"server_settings": {"search_path": schema}})
    finally:
        async with admin.begin() as connection:
            await connection.execute(text(f'drop schema "{schema}" cascade'))
        await admin.dispose()


@pytest.fixture
async def engine(database: TestDatabase) -> AsyncIterator[AsyncEngine]:
    """The database, migrated to head by the real migrations."""
    engine = create_engine(database.url, connect_args=database.connect_args)
    await upgrade_to_head(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None] | None:
    """Say loudly when the PostgreSQL path did not run."""
    if _postgres_skipped:
        terminalreporter.write_sep("!", "NOTICE: PostgreSQL tests were SKIPPED", yellow=True)
        terminalreporter.write_line(_postgres_skipped[0])
    return None


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database of its own, for running the whole bot on PostgreSQL."""
    reason = await _postgres_unavailable_reason()
    if reason is not None:
        _postgres_skipped.append(reason)
        pytest.skip(f"PostgreSQL path skipped: {reason}")
    name = f"fbt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'create database "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'drop database "{name}" with (force)'))
        await admin.dispose()
