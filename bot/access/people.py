"""People and invitations, in the database.

Owners come from BOT_OWNER_IDS only: an invitation makes a member or a guest, and a stored
row that says owner (written before this rule) counts as a member.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Invite, Role, User

DEFAULT_INVITE_TTL = timedelta(hours=24)
INVITABLE_ROLES = (Role.MEMBER, Role.GUEST)


class OwnerInviteError(ValueError):
    """Owners come from BOT_OWNER_IDS; no invitation makes one."""


def _stored_role(role: Role) -> Role:
    return Role.MEMBER if role is Role.OWNER else role


async def role_of(session: AsyncSession, user_id: int, owners: Collection[int]) -> Role | None:
    """The person's role, or None for a stranger."""
    if user_id in owners:
        return Role.OWNER
    user = await session.get(User, user_id)
    return None if user is None else _stored_role(user.role)


async def create_invite(
    session: AsyncSession,
    role: Role,
    created_by: int,
    ttl: timedelta = DEFAULT_INVITE_TTL,
    *,
    now: datetime,
) -> Invite:
    """A one-time code for a deep link; the caller commits."""
    if role not in INVITABLE_ROLES:
        raise OwnerInviteError(role)
    invite = Invite(
        code=secrets.token_urlsafe(16),
        role=role,
        created_by=created_by,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    await session.flush()
    return invite


async def redeem_invite(
    session: AsyncSession, code: str, user_id: int, name: str, language: str, *, now: datetime
) -> Role | None:
    """Use the code once, before it expires; returns the role granted, or None.

    An owner invitation (only an old database or a tampered one holds any) grants nothing.
    """
    claimed = await session.execute(
        update(Invite)
        .where(
            Invite.code == code,
            Invite.used_at.is_(None),
            Invite.expires_at > now,
            Invite.role.in_(INVITABLE_ROLES),
        )
        .values(used_at=now, used_by=user_id)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    invite = await session.get_one(Invite, code)
    granted = _stored_role(invite.role)
    user = await session.get(User, user_id)
    if user is None:
        session.add(
            User(
                id=user_id,
                role=granted,
                name=name,
                language=language,
                invited_by=invite.created_by,
            )
        )
    elif granted.allows(user.role):
        user.role = granted
    await session.flush()
    return granted if user is None else _stored_role(user.role)


async def list_people(session: AsyncSession) -> list[User]:
    return list(await session.scalars(select(User).order_by(User.role, User.name)))


async def remove_person(session: AsyncSession, user_id: int) -> bool:
    user = await session.get(User, user_id)
    if user is None:
        return False
    await session.delete(user)
    return True
