"""The /alarm cards that said "arming", followed until the box says what it led to.

A box counts down for minutes before it arms; the card is redrawn on the tick once it has.
The follow is a row (`arming_cards`), not memory: a restart in the middle still turns the
card into "armed". A card is followed for ARMING_FOLLOWED_FOR at most.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.alarm import AlarmEndpoints
from bot.storage.models import ArmingCard

ARMING_FOLLOWED_FOR = timedelta(minutes=10)
"""How long a card saying "arming" is re-read on the tick until the box says armed."""


@dataclass(frozen=True)
class FollowedCard:
    """A card to redraw: where it is, its language, its alarm and the line above its state."""

    chat_id: int
    message_id: int
    language: str
    alarm: AlarmEndpoints
    note: str | None


class ArmingCards:
    """The followed cards, one row each (keyed by chat and message)."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    async def follow(self, card: FollowedCard) -> None:
        """Follow `card` from now on (a card followed again starts its time afresh)."""
        async with self._sessions.begin() as session:
            row = await session.get(ArmingCard, (card.chat_id, card.message_id))
            if row is None:
                row = ArmingCard(chat_id=card.chat_id, message_id=card.message_id)
                session.add(row)
            row.language, row.alarm, row.note = card.language, card.alarm.to_data(), card.note
            row.since = self._clock()

    async def unfollow(self, chat_id: int, message_id: int | None) -> None:
        """The card shows something else now (a confirmation, the PIN wait, a new state)."""
        if message_id is None:
            return
        async with self._sessions.begin() as session:
            await session.execute(
                delete(ArmingCard).where(
                    ArmingCard.chat_id == chat_id, ArmingCard.message_id == message_id
                )
            )

    async def is_followed(self, chat_id: int, message_id: int) -> bool:
        async with self._sessions() as session:
            return await session.get(ArmingCard, (chat_id, message_id)) is not None

    async def followed(self) -> list[FollowedCard]:
        """The cards still followed, oldest first; those followed too long are dropped
        (a quiet tick reads and writes nothing more)."""
        expired = self._clock() - ARMING_FOLLOWED_FOR
        async with self._sessions() as session:
            rows = list(await session.scalars(select(ArmingCard).order_by(ArmingCard.since)))
            if any(row.since < expired for row in rows):
                await session.execute(delete(ArmingCard).where(ArmingCard.since < expired))
                await session.commit()
        return [
            FollowedCard(
                row.chat_id,
                row.message_id,
                row.language,
                AlarmEndpoints.from_data(row.alarm),
                row.note,
            )
            for row in rows
            if row.since >= expired
        ]
