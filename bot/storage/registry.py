"""The notification server's registry, in our tables: secrets, issued tokens, targets."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.storage.models import BotState, NotifEndpoint, RegistrationToken, Target, utcnow
from notifserver import Endpoint, RegisterOutcome, Registration
from notifserver.box_identity import canonical_box_id, same_box

# The box calls `/register` within seconds of the target being created; a chat whose
# target never registered is given a new token by the hourly repair. A day is ample for
# the box, and short for a token read from a backup or a log.
TOKEN_TTL = timedelta(days=1)


def new_secret() -> str:
    """An unguessable URL-safe segment (256 bits)."""
    return secrets.token_urlsafe(32)


async def issue_registration_token(session: AsyncSession, chat_id: int, *, now: datetime) -> str:
    """Issue the token the box will hand back in `/register` for this chat.

    The pairing flow calls this before creating the chat's target on the box; the chat
    row must exist. Tokens that expired unused are deleted on the way. The caller commits.
    """
    await session.execute(
        delete(RegistrationToken).where(
            RegistrationToken.device_id.is_(None), RegistrationToken.created_at <= now - TOKEN_TTL
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(RegistrationToken(token=token, chat_id=chat_id, created_at=now))
    await session.flush()
    return token


async def ensure_endpoint(session: AsyncSession, box_id: str | None = None) -> NotifEndpoint:
    """The endpoint for this box (or the one not yet bound to a box), created if missing."""
    query = select(NotifEndpoint).where(
        NotifEndpoint.box_id == box_id if box_id is not None else NotifEndpoint.box_id.is_(None)
    )
    endpoint = (await session.scalars(query.limit(1))).first()
    if endpoint is None and box_id is not None:
        unbound = select(NotifEndpoint).where(NotifEndpoint.box_id.is_(None)).limit(1)
        endpoint = (await session.scalars(unbound)).first()
        if endpoint is not None:
            endpoint.box_id = box_id
    if endpoint is None:
        endpoint = NotifEndpoint(secret=new_secret(), box_id=box_id)
        session.add(endpoint)
    await session.flush()
    return endpoint


ENDPOINT_CHOICES = "notif_endpoint_of_box"
"""The `bot_state` row mapping each box (its `/api_version` uid) to the endpoint it was given."""


async def endpoint_for_box(
    session: AsyncSession, uid: str | None, *, now: datetime
) -> NotifEndpoint:
    """The endpoint whose URL this box is given, chosen once per box and remembered.

    The push `box_id` the endpoint learns at `/register` need not be the uid, so the
    choice is kept apart from it. An endpoint an older bot bound to the uid is kept.
    """
    state = await session.get(BotState, ENDPOINT_CHOICES)
    chosen: dict[str, int] = dict(state.value) if state is not None else {}
    key = canonical_box_id(uid or "")
    if key in chosen and (row := await session.get(NotifEndpoint, chosen[key])) is not None:
        return row
    claimed = set(chosen.values())
    endpoints = list(await session.scalars(select(NotifEndpoint).order_by(NotifEndpoint.id)))
    row = next((e for e in endpoints if uid and e.box_id and same_box(e.box_id, uid)), None)
    row = row or next((e for e in endpoints if e.box_id is None and e.id not in claimed), None)
    if row is None:
        row = NotifEndpoint(secret=new_secret())
        session.add(row)
        await session.flush()
    chosen[key] = row.id
    if state is None:
        session.add(BotState(key=ENDPOINT_CHOICES, value=chosen, updated_at=now))
    else:
        state.value, state.updated_at = chosen, now
    await session.flush()
    return row


class SqlTargetRegistry:
    """`notifserver.TargetRegistry` over the database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock = utcnow,
        on_registered: Callable[[int], None] | None = None,
    ) -> None:
        """`on_registered(chat_id)` runs after each accepted `/register` is committed."""
        self._sessions = sessions
        self._clock = clock
        self._on_registered = on_registered
        self._bound: dict[str, Endpoint] = {}

    async def resolve_endpoint(self, secret: str) -> Endpoint | None:
        # Every request starts here, so bound endpoints are remembered: an endpoint's
        # secret never changes, and its box changes only in `register` (which forgets
        # it here). Unknown and unbound secrets are read every time.
        if (known := self._bound.get(secret)) is not None:
            return known
        async with self._sessions() as session:
            row = await session.scalar(select(NotifEndpoint).where(NotifEndpoint.secret == secret))
        if row is None:
            return None
        endpoint = Endpoint(id=row.id, box_id=row.box_id)
        if endpoint.box_id is not None:
            self._bound[secret] = endpoint
        return endpoint

    async def register(self, endpoint: Endpoint, registration: Registration) -> RegisterOutcome:
        outcome, chat_id = await self._register(endpoint, registration)
        if outcome is RegisterOutcome.ACCEPTED and self._on_registered is not None:
            self._on_registered(chat_id)
        return outcome

    async def _register(
        self, endpoint: Endpoint, registration: Registration
    ) -> tuple[RegisterOutcome, int]:
        async with self._sessions.begin() as session:
            issued = await session.get(RegistrationToken, registration.token)
            if issued is None:
                return RegisterOutcome.UNKNOWN_TOKEN, 0
            if issued.device_id is None and issued.created_at + TOKEN_TTL <= self._clock():
                return RegisterOutcome.EXPIRED_TOKEN, issued.chat_id
            if issued.device_id not in (None, registration.device_id):
                return RegisterOutcome.TOKEN_OF_ANOTHER_DEVICE, issued.chat_id
            row = await session.get_one(NotifEndpoint, endpoint.id)
            box_id = await _box_identity(session, row, registration.box_id)
            if box_id is None:
                return RegisterOutcome.WRONG_BOX, issued.chat_id
            if not await _bind(session, registration):
                return RegisterOutcome.TOKEN_OF_ANOTHER_DEVICE, issued.chat_id
            if row.box_id != box_id:
                row.box_id = box_id
                self._bound = {s: e for s, e in self._bound.items() if e.id != row.id}
            target = await session.scalar(
                select(Target).where(
                    Target.endpoint_id == endpoint.id,
                    Target.box_id == box_id,
                    Target.device_id == registration.device_id,
                )
            )
            now = self._clock()
            if target is None:
                target = Target(
                    registered_at=now,
                    endpoint_id=endpoint.id,
                    box_id=box_id,
                    device_id=registration.device_id,
                    chat_id=issued.chat_id,
                    device_type=registration.device_type,
                    device_name=registration.device_name or "",
                )
                session.add(target)
            else:
                target.chat_id = issued.chat_id
                target.device_type = registration.device_type
                target.device_name = registration.device_name or ""
            target.last_register_at = now
            return RegisterOutcome.ACCEPTED, issued.chat_id

    async def unregister(self, endpoint: Endpoint, box_id: str, device_id: str) -> bool:
        if endpoint.box_id is None or not same_box(endpoint.box_id, box_id):
            return False
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(Target).where(
                    Target.endpoint_id == endpoint.id,
                    Target.box_id == endpoint.box_id,
                    Target.device_id == device_id,
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]


async def _box_identity(session: AsyncSession, row: NotifEndpoint, box_id: str) -> str | None:
    """The endpoint's box id (its first spelling), or the one to learn; None: another box.

    The box's identity is what it sends in its first accepted `/register` (the token
    proves the caller is the box we asked). An endpoint bound before any target was
    registered through it (an older bot bound it to the `/api_version` uid) learns it too.
    """
    if row.box_id is not None and same_box(row.box_id, box_id):
        return row.box_id
    if row.box_id is not None and await session.scalar(
        select(exists().where(Target.endpoint_id == row.id))
    ):
        return None
    if await session.scalar(
        select(exists().where(NotifEndpoint.box_id == box_id, NotifEndpoint.id != row.id))
    ):
        return None
    return box_id


async def _bind(session: AsyncSession, registration: Registration) -> bool:
    """Bind the token to the registering device, unless another device took it first.

    One conditional UPDATE, so two devices racing with the same token cannot both win.
    """
    bound = await session.execute(
        update(RegistrationToken)
        .where(
            RegistrationToken.token == registration.token,
            or_(
                RegistrationToken.device_id.is_(None),
                RegistrationToken.device_id == registration.device_id,
            ),
        )
        .values(device_id=registration.device_id)
        .execution_options(synchronize_session=False)
    )
    return bool(bound.rowcount)  # type: ignore[attr-defined]
