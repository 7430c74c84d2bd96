"""Run Alembic migrations to head inside the running event loop (cookbook's shared connection)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config() -> Config:
    """Alembic configuration pointing at the `migrations` package, wherever it is installed."""
    config = Config()
    config.set_main_option("script_location", str(files("migrations")))
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Apply every pending migration; safe to call at each start."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
