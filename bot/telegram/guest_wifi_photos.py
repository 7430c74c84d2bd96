"""The QR photos the bot sent for each guest key, so a revoked key's photo can say so.

Kept in one `bot_state` row (no migration): key id -> [chat id, message id, language] of
each photo. A key that simply expires is dropped with the oldest entries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import TelegramError

from bot.i18n import translate
from bot.storage.models import BotState

log = logging.getLogger(__name__)

STATE_KEY = "guest_qr_photos"
MAX_KEYS = 100  # keys remembered; older ones have long expired


@dataclass(frozen=True)
class QrPhoto:
    chat_id: int
    message_id: int
    language: str


class GuestQrPhotos:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def remember(self, key_id: int, photo: QrPhoto) -> None:
        """Remember where the QR code of key `key_id` was sent."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            photos = dict(row.value) if row is not None else {}
            entry = [photo.chat_id, photo.message_id, photo.language]
            photos[str(key_id)] = [*photos.get(str(key_id), []), entry]
            kept = dict(list(photos.items())[-MAX_KEYS:])
            if row is None:
                session.add(BotState(key=STATE_KEY, value=kept))
            else:
                row.value = kept

    async def mark_revoked(self, bot: Bot, key_id: int) -> None:
        """Edit the caption of each photo of the key: its password and QR code no longer work."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            if row is None or str(key_id) not in row.value:
                return
            photos = dict(row.value)
            entries = photos.pop(str(key_id))
            row.value = photos
        for chat_id, message_id, language in entries:
            caption = translate(str(language), "truth-guest-photo-revoked")
            try:
                await bot.edit_message_caption(
                    chat_id=int(chat_id),
                    message_id=int(message_id),
                    caption=caption,
                )
            except TelegramError as exc:  # the photo was deleted, or the chat left
                log.info("could not mark a revoked guest key's photo: %s", exc)
