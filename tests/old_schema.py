"""The tables as older revisions left them, for tests that migrate a database holding old rows.

Described with `table()`, not the models: the models are today's schema, and a migration test
writes rows the way an older bot did before upgrading.
"""

from __future__ import annotations

from alembic import command
from sqlalchemy import BigInteger, Connection, DateTime, String, column, table

from bot.storage.migrate import alembic_config

CHATS = table(
    "chats",
    column("id", BigInteger),
    column("kind", String),
    column("language", String),
    column("active"),
    column("created_at", DateTime(timezone=True)),
)
ENDPOINTS = table(
    "notif_endpoints",
    column("id"),
    column("secret", String),
    column("box_id", String),
    column("created_at", DateTime(timezone=True)),
)
TARGETS = table(
    "targets",
    column("endpoint_id"),
    column("box_id", String),
    column("device_id", String),
    column("chat_id", BigInteger),
    column("device_type", String),
    column("device_name", String),
    column("registered_at", DateTime(timezone=True)),
)


def migrate(connection: Connection, revision: str) -> None:
    """Upgrade the database `connection` is on to `revision` (not necessarily head)."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
