"""The tables. Alembic migrations in `migrations/` create them; tests never `create_all`."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The box's subscription names (API document, notification targets).
ALL_SUBSCRIPTIONS = ("phone", "downloader", "security", "box_state", "lan_host", "password_change")


def utcnow() -> datetime:
    """Aware UTC now: every timestamp we store is UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite forgets the zone, PostgreSQL keeps it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use aware UTC datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Chat(Base):
    """A Telegram chat (private or group) the bot talks to."""

    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16), default="private")
    title: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(8), default="fr")
    # Chosen with /language, not a default written by another command: in a private chat
    # only a chosen language outweighs the person's Telegram language.
    language_chosen: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    gone_reason: Mapped[str | None] = mapped_column(String(255))
    gone_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    wants_notifications: Mapped[bool] = mapped_column(default=False)
    subscriptions: Mapped[list[str]] = mapped_column(default=lambda: list(ALL_SUBSCRIPTIONS))


class NotifEndpoint(Base):
    """A per-box secret path segment under NOTIF_PUBLIC_URL; bound to the box on first use."""

    __tablename__ = "notif_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret: Mapped[str] = mapped_column(String(64), unique=True)
    box_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegistrationToken(Base):
    """A token we issued for one chat; the box hands it back in `/register`.

    The first device id registered with it is kept: the box may register that device
    again, no other device may use the token. A token no device used expires.
    """

    __tablename__ = "registration_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    device_id: Mapped[str | None] = mapped_column(String(128))


class Target(Base):
    """A notification target the box registered: its device id delivers to one chat."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("endpoint_id", "box_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("notif_endpoints.id", ondelete="CASCADE"))
    box_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    device_type: Mapped[str] = mapped_column(String(32))
    device_name: Mapped[str] = mapped_column(String(255))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What /doctor shows of the push path: when the box last called /register for this
    # device, and when it last pushed to it (written at most once a minute per device).
    last_register_at: Mapped[datetime | None] = mapped_column(default=None)
    last_push_at: Mapped[datetime | None] = mapped_column(default=None)


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    ABANDONED = "abandoned"


class OutboxMessage(Base):
    """A notification acknowledged to the box and owed to one chat (at-least-once)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    box_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]]
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(
            OutboxStatus,
            native_enum=False,
            length=16,
            validate_strings=True,
            values_callable=lambda statuses: [s.value for s in statuses],
        ),
        default=OutboxStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)


class Role(enum.StrEnum):
    """What a person may do; each role includes the ones below it."""

    GUEST = "guest"
    MEMBER = "member"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return {Role.GUEST: 0, Role.MEMBER: 1, Role.OWNER: 2}[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


def _role_enum() -> Enum:
    return Enum(
        Role,
        native_enum=False,
        length=16,
        validate_strings=True,
        values_callable=lambda roles: [r.value for r in roles],
    )


class User(Base):
    """A person the owners let in (owners themselves come from BOT_OWNER_IDS)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role: Mapped[Role] = mapped_column(_role_enum())
    name: Mapped[str] = mapped_column(String(255), default="")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    invited_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invite(Base):
    """A one-time deep link code granting a role until it expires."""

    __tablename__ = "invites"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[Role] = mapped_column(_role_enum())
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None]


class ButtonAction(Base):
    """What an inline button does, stored server-side so it acts once and can expire."""

    __tablename__ = "button_actions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]]
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    group_key: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class DownloadFollow(Base):
    """A message kept up to date with a download's progress until it ends (survives restarts)."""

    __tablename__ = "download_follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    task_id: Mapped[int]
    language: Mapped[str] = mapped_column(String(8), default="fr")
    last_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArmingCard(Base):
    """An /alarm card that said "arming", redrawn once the box has armed (survives restarts)."""

    __tablename__ = "arming_cards"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(8))
    alarm: Mapped[dict[str, Any]]
    note: Mapped[str | None] = mapped_column(Text)
    since: Mapped[datetime]


class PinFailures(Base):
    """Wrong alarm PINs per person, for the lockout after repeated failures."""

    __tablename__ = "pin_failures"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PresenceWatch(Base):
    """A chat watching one LAN device come home and leave (announced after a debounce)."""

    __tablename__ = "presence_watches"
    __table_args__ = (UniqueConstraint("chat_id", "host_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    host_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[int] = mapped_column(BigInteger)
    # "home" or "away": what the chat was last told (None until the first announcement).
    announced: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Schedule(Base):
    """A recurring job (arm or disarm the alarm, the daily digest) defined by a chat.

    The definition is the row: `next_run_at` is computed from the weekdays and the local
    time in TIMEZONE, so schedules survive restarts and a run missed while the bot was
    down is handled on start, not lost silently.
    """

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    hour: Mapped[int]
    minute: Mapped[int]
    # Weekdays as APScheduler's cron day_of_week expects them: "mon,tue,…" or "*".
    weekdays: Mapped[str] = mapped_column(String(64), default="*")
    created_by: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8), default="fr")
    next_run_at: Mapped[datetime] = mapped_column(index=True)
    last_run_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuestKeyExpiry(Base):
    """A guest Wi-Fi key made from a chat: that chat is told 15 minutes before it expires."""

    __tablename__ = "guest_key_expiries"
    __table_args__ = (UniqueConstraint("key_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    key_id: Mapped[int]
    description: Mapped[str] = mapped_column(String(255), default="")
    expires_at: Mapped[datetime]
    announce_at: Mapped[datetime] = mapped_column(index=True)
    announced_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BotState(Base):
    """Small facts the bot must remember across restarts (e.g. whether the box was down)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
