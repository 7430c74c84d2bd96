"""The app's own periodic work, beside the features': the outbox sweep, pruning old rows,
and the box's notification targets; and what follows a chat that ends or moves."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.box.lost_database import LostDatabase
from bot.box.registration import NotConfiguredError, TargetRegistrar
from bot.clock import Clock
from bot.delivery.worker import OutboxWorker
from bot.periodic import Periodic
from bot.storage.chats import mark_chat_gone, move_chat
from bot.storage.models import ButtonAction, OutboxMessage, OutboxStatus
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

SENT_RETENTION = timedelta(days=30)
SWEEP_EVERY = timedelta(seconds=30)
PRUNE_EVERY = timedelta(days=1)
REGISTRATION_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Upkeep:
    """Housekeeping the periodic loop runs at its slow intervals (tests call it directly)."""

    sessions: async_sessionmaker[AsyncSession]
    link: BoxLink
    registrar: TargetRegistrar
    lost_database: LostDatabase
    worker: OutboxWorker
    public_url: str | None
    clock: Clock

    @property
    def ticks(self) -> tuple[Periodic, ...]:
        return (
            Periodic(self.sweep_outbox, every=SWEEP_EVERY),
            Periodic(self.prune, every=PRUNE_EVERY),
            Periodic(self.check_registration, every=REGISTRATION_EVERY),
        )

    async def sweep_outbox(self) -> None:
        """Have the worker look at every chat's queue, whatever it was told."""
        self.worker.wake()

    async def prune(self) -> None:
        """Forget messages delivered long ago and buttons that expired."""
        now = self.clock()
        async with self.sessions.begin() as session:
            await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.sent_at < now - SENT_RETENTION,
                )
            )
            await session.execute(delete(ButtonAction).where(ButtonAction.expires_at < now))

    async def check_registration(self) -> None:
        """Re-create the targets the box lost, or that point at an old NOTIF_PUBLIC_URL."""
        if not self.public_url or not await self.link.is_paired():
            return
        await self.lost_database.check()
        try:
            await self.registrar.repair()
        except FreeboxError as exc:
            log.warning("could not check the box's notification targets: %s", exc)


@dataclass(frozen=True)
class ChatEnds:
    """What the outbox worker and membership updates do when a chat ends or moves."""

    sessions: async_sessionmaker[AsyncSession]
    registrar: TargetRegistrar
    clock: Clock

    async def gone(self, chat_id: int, reason: str) -> None:
        """The chat blocked or removed the bot: stop sending there and drop its box target."""
        async with self.sessions.begin() as session:
            await mark_chat_gone(session, chat_id, reason, now=self.clock())
        try:
            await self.registrar.unregister_chat(chat_id)
        except (FreeboxError, NotConfiguredError) as exc:
            log.info(
                "chat %s is gone; its box target stays until the box answers: %s", chat_id, exc
            )

    async def moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its targets, queue and schedules follow it."""
        async with self.sessions.begin() as session:
            await move_chat(session, old_id, new_id, now=self.clock())
