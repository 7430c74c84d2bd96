"""owners only from BOT_OWNER_IDS

Owners are never stored rows: BOT_OWNER_IDS names them. A `users` row saying owner could
only come from an owner invitation, which a guest could obtain by sending `/invite, owner`
(the gate read `invite,` while the handler ran `/invite`). Such rows become members.

Unused owner invitations are deleted rather than turned into member ones: one made through
that hole would still hand whoever holds it more than a guest has; an owner who meant it
makes a new one. Used ones stay, as the record of who came in through them.

Revision ID: b7c1d2e3f4a5
Revises: ee9930812525
Create Date: 2026-12-04 15:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7c1d2e3f4a5"
down_revision: str | None = "ee9930812525"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The role columns are a non-native Enum: the values are stored as plain strings.
_users = sa.table("users", sa.column("role", sa.String(16)))
_invites = sa.table(
    "invites", sa.column("role", sa.String(16)), sa.column("used_at", sa.DateTime(timezone=True))
)


def upgrade() -> None:
    op.execute(_users.update().where(_users.c.role == "owner").values(role="member"))
    op.execute(_invites.delete().where(_invites.c.role == "owner", _invites.c.used_at.is_(None)))


def downgrade() -> None:
    """Nothing to restore: which rows said owner is not kept, and none should."""
