"""a chosen language, and the arming cards followed across restarts

`chats.language_chosen` tells a language chosen with /language from one another command
wrote by default: in a private chat only a chosen one outweighs the person's Telegram
language. Existing rows were never known to be chosen.

`arming_cards` keeps each /alarm card that said "arming" so that it still becomes "armed"
after a restart.

Revision ID: a9b8c7d6e5f4
Revises: f2a3b4c5d6e7
Create Date: 2026-12-04 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9b8c7d6e5f4"
down_revision: str | None = "f2a3b4c5d6e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Not in a batch: on SQLite a batch with this default copies `chats` into a new table, and
# dropping the old one deletes every row that references a chat (ON DELETE CASCADE).
# SQLite adds and drops a column in place (DROP COLUMN since 3.35).


def upgrade() -> None:
    op.add_column(
        "chats",
        sa.Column("language_chosen", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "arming_cards",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("alarm", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name=op.f("pk_arming_cards")),
    )


def downgrade() -> None:
    op.drop_table("arming_cards")
    op.drop_column("chats", "language_chosen")
