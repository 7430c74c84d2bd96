"""one-time buttons

Revision ID: 4365cedb52cc
Revises: fa441bb2377b
Create Date: 2026-11-26 17:43:38.163129
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4365cedb52cc"
down_revision: str | None = "fa441bb2377b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "button_actions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("group_key", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_button_actions")),
    )
    with op.batch_alter_table("button_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_button_actions_group_key"), ["group_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("button_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_button_actions_group_key"))

    op.drop_table("button_actions")
