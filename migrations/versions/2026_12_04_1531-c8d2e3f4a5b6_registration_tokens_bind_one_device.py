"""registration tokens bind one device

Revision ID: c8d2e3f4a5b6
Revises: b7c1d2e3f4a5
Create Date: 2026-12-04 15:31:00.000000

A token now binds the first device id the box registers with it. Existing tokens that a
target already used are bound to that target's device, so the box registering it again
keeps working. Which token a target used was not recorded: within a chat, each target
(oldest first) takes the newest token issued before it registered and not yet taken.
Tokens left unbound expire as unused ones do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c8d2e3f4a5b6"
down_revision: str | None = "b7c1d2e3f4a5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENS = sa.table(
    "registration_tokens",
    sa.column("token", sa.String()),
    sa.column("chat_id", sa.BigInteger()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("device_id", sa.String()),
)
TARGETS = sa.table(
    "targets",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("device_id", sa.String()),
    sa.column("registered_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("registration_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_id", sa.String(length=128), nullable=True))
    connection = op.get_bind()
    for token, device_id in _used_tokens(connection).items():
        connection.execute(
            TOKENS.update().where(TOKENS.c.token == token).values(device_id=device_id)
        )


def downgrade() -> None:
    with op.batch_alter_table("registration_tokens", schema=None) as batch_op:
        batch_op.drop_column("device_id")


def _used_tokens(connection: sa.Connection) -> dict[str, str]:
    """Each token a target used, with that target's device id (best match by time)."""
    unused: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    query = sa.select(TOKENS.c.chat_id, TOKENS.c.created_at, TOKENS.c.token)
    for chat_id, created_at, token in connection.execute(query.order_by(TOKENS.c.created_at)):
        unused[chat_id].append((created_at, token))
    used: dict[str, str] = {}
    targets = sa.select(TARGETS.c.chat_id, TARGETS.c.registered_at, TARGETS.c.device_id)
    for chat_id, registered_at, device_id in connection.execute(
        targets.order_by(TARGETS.c.registered_at)
    ):
        issued_before = [t for t in unused[chat_id] if t[0] <= registered_at]
        if issued_before:
            newest = issued_before[-1]
            unused[chat_id].remove(newest)
            used[newest[1]] = device_id
    return used
