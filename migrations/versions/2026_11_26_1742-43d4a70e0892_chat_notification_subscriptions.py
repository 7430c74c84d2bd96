"""chat notification subscriptions

Revision ID: 43d4a70e0892
Revises: cfe5fb710cc6
Create Date: 2026-11-26 17:42:30.080850
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Existing chats keep every kind of notification, as new ones do.
ALL_SUBSCRIPTIONS = (
    '["phone", "downloader", "security", "box_state", "lan_host", "password_change"]'
)


revision: str = "43d4a70e0892"
down_revision: str | None = "cfe5fb710cc6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "wants_notifications", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("subscriptions", sa.JSON(), nullable=False, server_default=ALL_SUBSCRIPTIONS)
        )


def downgrade() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_column("subscriptions")
        batch_op.drop_column("wants_notifications")
