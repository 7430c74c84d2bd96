"""A database lost while the box stays paired: said in the log, cleaned up on the box, told.

When the database is deleted or emptied but DATA_DIR's token file survives, the bot starts
with a new endpoint secret. The box keeps pushing every event to the targets made under the
old secret, gets 404 for each, and nobody would know. The sign at start: an empty schema
(no endpoint, chat or user yet) while the box's app token is there. A first run after
`freebox-bot pair` shows the same sign, so the box settles it: targets whose `api_url` is
under NOTIF_PUBLIC_URL with a secret we do not know are what a lost database left behind.

The check due is a `bot_state` row written at start, so a box that does not answer then is
checked on a later registration check (hourly), even across restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.clock import Clock
from bot.storage.models import BotState, Chat, NotifEndpoint, User
from bot.storage.notices import Notices, add_notice
from freeboxos import FreeboxError, NotFoundError, NotificationTarget

log = logging.getLogger(__name__)

STATE_KEY = "lost_database_check"
NOTICE = "security-database-lost"


async def database_is_empty(session: AsyncSession) -> bool:
    """True before anything was ever stored: no endpoint secret, no chat, no user."""
    for table in (NotifEndpoint, Chat, User):
        if await session.scalar(select(exists().select_from(table))):
            return False
    return True


class LostDatabase:
    """Notes at start that a check is due; runs it once the box answers."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        notices: Notices,
        owners: Iterable[int],
        public_url: str | None,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._link = link
        self._notices = notices
        self._owners = tuple(owners)
        self._public_url = public_url

    async def note_start(self, *, database_was_empty: bool) -> None:
        """Remember a check is due when the schema was empty and the box's token is there."""
        if not database_was_empty or not await self._has_token():
            return
        async with self._sessions.begin() as session:
            if await session.get(BotState, STATE_KEY) is None:
                session.add(BotState(key=STATE_KEY, value={}))
        log.info(
            "the database is new but DATA_DIR holds the box's app token: "
            "looking on the box for targets a lost database left behind"
        )

    async def check(self) -> None:
        """When due: remove the box's targets under a secret we lost, and tell the owners."""
        async with self._sessions() as session:
            if await session.get(BotState, STATE_KEY) is None:
                return
            known = set(await session.scalars(select(NotifEndpoint.secret)))
        try:
            client = await self._link.client()
            orphans = [
                target
                for target in await client.list_notification_targets()
                if self._is_orphan(target, known)
            ]
            for target in orphans:
                with suppress(NotFoundError):
                    await client.delete_notification_target(target.id)
        except FreeboxError as exc:
            log.info("could not look for the targets of a lost database yet: %s", exc)
            return
        await self._done(orphans)

    def _is_orphan(self, target: NotificationTarget, known: set[str]) -> bool:
        if not self._public_url or not target.api_url:
            return False
        prefix = f"{self._public_url}/"
        if not target.api_url.startswith(prefix):
            return False
        secret = target.api_url.removeprefix(prefix).split("/", 1)[0]
        return secret not in known

    async def _done(self, orphans: list[NotificationTarget]) -> None:
        names = ", ".join(target.name or target.id for target in orphans)
        async with self._sessions.begin() as session:
            gone = await session.execute(delete(BotState).where(BotState.key == STATE_KEY))
            if not gone.rowcount:  # type: ignore[attr-defined]
                return  # another check (start, hourly) finished first and told the owners
            # In the same transaction: the check is over exactly when the owners' notice
            # is queued (and it reaches them through the outbox, Telegram up or not).
            now = self._clock()
            for owner in self._owners if orphans else ():
                await add_notice(session, owner, NOTICE, now=now, count=len(orphans), targets=names)
        if not orphans:
            log.info("no target of an older database on the box: a first start after pairing")
            return
        self._notices.wake()
        log.warning(
            "the database was lost (deleted or emptied) while the box stayed paired: "
            "removed %d notification target(s) the box pushed to under the old secret (%s); "
            "owners are told how to restore notifications",
            len(orphans),
            names,
        )

    async def _has_token(self) -> bool:
        try:
            return await self._link.is_paired()
        except FreeboxError:
            return True  # a token file we cannot read is still a token file
