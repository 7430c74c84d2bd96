"""presence watches, schedules, guest key expiries, bot state

Revision ID: ee9930812525
Revises: eb3487847495
Create Date: 2026-11-26 19:39:20.171365
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ee9930812525"
down_revision: str | None = "eb3487847495"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bot_state")),
    )
    op.create_table(
        "guest_key_expiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("announce_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["chats.id"],
            name=op.f("fk_guest_key_expiries_chat_id_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_key_expiries")),
        sa.UniqueConstraint("key_id", name=op.f("uq_guest_key_expiries_key_id")),
    )
    with op.batch_alter_table("guest_key_expiries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guest_key_expiries_announce_at"), ["announce_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guest_key_expiries_chat_id"), ["chat_id"], unique=False
        )

    op.create_table(
        "presence_watches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("host_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("announced", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["chats.id"],
            name=op.f("fk_presence_watches_chat_id_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence_watches")),
        sa.UniqueConstraint("chat_id", "host_id", name=op.f("uq_presence_watches_chat_id_host_id")),
    )
    with op.batch_alter_table("presence_watches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_presence_watches_chat_id"), ["chat_id"], unique=False)

    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_schedules_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedules_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_schedules_next_run_at"), ["next_run_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedules_next_run_at"))
        batch_op.drop_index(batch_op.f("ix_schedules_chat_id"))

    op.drop_table("schedules")
    with op.batch_alter_table("presence_watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_presence_watches_chat_id"))

    op.drop_table("presence_watches")
    with op.batch_alter_table("guest_key_expiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guest_key_expiries_chat_id"))
        batch_op.drop_index(batch_op.f("ix_guest_key_expiries_announce_at"))

    op.drop_table("guest_key_expiries")
    op.drop_table("bot_state")
