"""Pending invitations and role changes, in the database (what /users lets owners undo)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access.people import INVITABLE_ROLES
from bot.storage.models import Invite, Role, User


async def pending_invites(session: AsyncSession, now: datetime) -> list[Invite]:
    """Invitations nobody used yet and still valid, oldest first."""
    query = (
        select(Invite)
        .where(Invite.used_at.is_(None), Invite.expires_at > now)
        .order_by(Invite.created_at)
    )
    return list(await session.scalars(query))


async def revoke_invite(session: AsyncSession, code: str, now: datetime) -> bool:
    """Make a pending invitation expire now; False when it was used or had expired.

    The row stays (who invited whom is worth keeping); its link no longer works.
    """
    revoked = await session.execute(
        update(Invite)
        .where(Invite.code == code, Invite.used_at.is_(None), Invite.expires_at > now)
        .values(expires_at=now)
    )
    return bool(revoked.rowcount)  # type: ignore[attr-defined]


async def change_role(session: AsyncSession, user_id: int, role: Role) -> bool:
    """Make an invited person a member or a guest; False when they are gone.

    Owners come from BOT_OWNER_IDS only: no role change makes one.
    """
    if role not in INVITABLE_ROLES:
        raise ValueError(role)
    person = await session.get(User, user_id)
    if person is None:
        return False
    person.role = role
    return True
