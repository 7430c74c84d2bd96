"""The migration that leaves owners to BOT_OWNER_IDS, run by Alembic on a real database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.migrate import alembic_config
from bot.storage.models import Invite, Role, User, utcnow

if TYPE_CHECKING:  # imported for the annotation only: pytest would collect a Test* class
    from tests.conftest import TestDatabase

BEFORE = "ee9930812525"
OWNERS_ONLY_FROM_SETTINGS = "b7c1d2e3f4a5"


def _upgrade_to(revision: str) -> Callable[[Connection], None]:
    def upgrade(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    return upgrade


async def _migrate(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade_to(revision))


async def test_owner_rows_become_members_and_unused_owner_invitations_go(
    database: TestDatabase,
) -> None:
    engine = create_engine(database.url, connect_args=database.connect_args)
    try:
        await _migrate(engine, BEFORE)
        sessions = create_sessionmaker(engine)
        later = utcnow() + timedelta(hours=24)
        async with sessions.begin() as session:
            session.add_all(
                [
                    User(id=1, role=Role.OWNER, name="promu par /invite, owner", invited_by=9),
                    User(id=2, role=Role.MEMBER, name="Marie"),
                    User(id=3, role=Role.GUEST, name="Gaston"),
                    Invite(code="unused-owner", role=Role.OWNER, created_by=3, expires_at=later),
                    Invite(
                        code="used-owner",
                        role=Role.OWNER,
                        created_by=3,
                        expires_at=later,
                        used_by=1,
                        used_at=utcnow(),
                    ),
                    Invite(code="unused-guest", role=Role.GUEST, created_by=9, expires_at=later),
                ]
            )
        await _migrate(engine, OWNERS_ONLY_FROM_SETTINGS)
        async with sessions() as session:
            roles = {u.id: u.role for u in await session.scalars(select(User))}
            invites = {i.code: i.role for i in await session.scalars(select(Invite))}
        assert roles == {1: Role.MEMBER, 2: Role.MEMBER, 3: Role.GUEST}
        assert invites == {"used-owner": Role.OWNER, "unused-guest": Role.GUEST}, (
            "an unused owner invitation survived; a used one is the record of who came in"
        )
    finally:
        await engine.dispose()
