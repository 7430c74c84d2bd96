"""targets remember the last /register and the last push

/doctor shows, per chat, when the box last called `/register` for its target and when it
last pushed to it: a box that stopped pushing is told apart from a quiet household.
Existing targets take their registration time as the last /register; no push is known.

Revision ID: f2a3b4c5d6e7
Revises: c8d2e3f4a5b6
Create Date: 2026-12-04 17:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f2a3b4c5d6e7"
down_revision: str | None = "c8d2e3f4a5b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_targets = sa.table(
    "targets",
    sa.column("registered_at", sa.DateTime(timezone=True)),
    sa.column("last_register_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        for name in ("last_register_at", "last_push_at"):
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    op.execute(_targets.update().values(last_register_at=_targets.c.registered_at))


def downgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_column("last_push_at")
        batch_op.drop_column("last_register_at")
