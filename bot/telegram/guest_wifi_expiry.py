"""Guest Wi-Fi keys made from a chat: that chat hears about it 15 minutes before they expire.

Each key created with /guest is a `GuestKeyExpiry` row, so the warning survives a restart;
`announce_due()` runs on the app's ticks, queues the warning through the outbox and marks
the row announced (in one transaction: a restart does not repeat it). Rows are deleted
when the key is revoked from /guest list, when the box no longer has the key, or once
the key has expired.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Collection
from datetime import datetime, timedelta

import telegram
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.constants import ChatType

from bot.storage.models import GuestKeyExpiry
from bot.storage.notices import add_notice
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

ANNOUNCE_BEFORE = timedelta(minutes=15)
ANNOUNCEMENT = "guest-wifi-expiry-soon"


class GuestKeyExpiries:
    """Remembers the keys made from chats and tells each chat shortly before its key ends."""

    def __init__(self, services: BotServices) -> None:
        self._services = services
        # The periodic loop's tick and a test's may overlap: the second waits, then finds
        # the rows already announced.
        self._lock = asyncio.Lock()

    async def remember(
        self,
        chat: telegram.Chat,
        language: str,
        key_id: int,
        description: str,
        remaining: int,
    ) -> None:
        """Store when to warn `chat` about the key the box just created.

        Keys without a time limit (`remaining` 0) and keys lasting ANNOUNCE_BEFORE or less
        are not stored: the caption already says when they end, and a warning right after
        the QR code would be noise.
        """
        if remaining <= ANNOUNCE_BEFORE.total_seconds():
            return
        expires_at = self._services.clock() + timedelta(seconds=remaining)
        async with self._services.sessions.begin() as session:
            await remember_chat(session, chat, language if chat.type == ChatType.PRIVATE else None)
            # A key id the box reuses replaces the row of the key it had before.
            await session.execute(delete(GuestKeyExpiry).where(GuestKeyExpiry.key_id == key_id))
            session.add(
                GuestKeyExpiry(
                    chat_id=chat.id,
                    key_id=key_id,
                    description=description[:255],
                    expires_at=expires_at,
                    announce_at=expires_at - ANNOUNCE_BEFORE,
                )
            )

    async def forget(self, key_id: int) -> None:
        """The key was revoked: nothing to announce any more."""
        async with self._services.sessions.begin() as session:
            await session.execute(delete(GuestKeyExpiry).where(GuestKeyExpiry.key_id == key_id))

    async def announce_due(self) -> None:
        """The tick: warn about the keys ending soon, and drop the rows of expired keys.

        Before warning, the box is asked which keys it still has, once for all due rows:
        a key deleted in Freebox OS is dropped silently. When the box cannot say (down,
        refusing), the warning is sent anyway: a warning about a key already gone costs
        a glance, a missing one leaves guests cut off without notice.
        """
        async with self._lock:
            now = self._services.clock()
            async with self._services.sessions() as session:
                due = list(
                    await session.scalars(
                        select(GuestKeyExpiry).where(GuestKeyExpiry.announce_at <= now)
                    )
                )
            if not due:
                return
            pending = [row for row in due if row.expires_at > now and row.announced_at is None]
            on_box = await self._keys_on_box() if pending else None
            dropped = [row.id for row in due if row.expires_at <= now]
            if on_box is not None:
                dropped += [row.id for row in pending if row.key_id not in on_box]
            queued = False
            async with self._services.sessions.begin() as session:
                if dropped:
                    await session.execute(
                        delete(GuestKeyExpiry).where(GuestKeyExpiry.id.in_(dropped))
                    )
                for row in pending:
                    if row.id not in dropped:
                        queued |= await self._announce(session, row, now)
            if queued:
                self._services.notices.wake()

    async def _announce(self, session: AsyncSession, row: GuestKeyExpiry, now: datetime) -> bool:
        """Queue the warning and mark the row announced, in the caller's transaction."""
        await session.execute(
            update(GuestKeyExpiry).where(GuestKeyExpiry.id == row.id).values(announced_at=now)
        )
        ends = row.expires_at.astimezone(self._services.zone)
        return await add_notice(
            session,
            row.chat_id,
            ANNOUNCEMENT,
            now=now,
            description=row.description,
            minutes=max(1, math.ceil((row.expires_at - now).total_seconds() / 60)),
            time=f"{ends:%H:%M}",
        )

    async def _keys_on_box(self) -> Collection[int] | None:
        """The ids of the box's guest keys; None when the box cannot say."""
        try:
            keys = await (await self._services.link.client()).list_wifi_custom_keys()
        except FreeboxError as exc:
            log.info("guest key expiry: could not list the box's keys, warning anyway: %s", exc)
            return None
        return {key.id for key in keys}
