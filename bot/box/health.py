"""Whether the box answers: owners hear once when it goes away and once when it is back.

The check is a cheap authenticated call every minute, which also keeps the box session
warm (the client logs in again when the box forgot it). A box is declared down only
after failing for DOWN_AFTER, so a reboot or a Wi-Fi blip is not news; the state is a
`bot_state` row, so a restart neither repeats "down" nor forgets to say "back".

A box that answers but refuses the bot's login (its app token revoked, or too many
auth errors from our IP) is not "up and fine": owners are told once what to do, and
once when the box accepts the bot again. The client spaces out those logins itself.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.clock import Clock
from bot.storage.models import BotState
from bot.storage.notices import Notices, add_notice
from freeboxos import FreeboxConnectionError, FreeboxError
from freeboxos.errors import AccessRevokedError, RateLimitedError

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(minutes=1)
DOWN_AFTER = timedelta(minutes=2)
STATE_KEY = "box_health"


class Probe(enum.StrEnum):
    """What one health check found."""

    UP = "up"
    DOWN = "down"
    REVOKED = "revoked"
    """The box no longer knows the app token: only a new /pair helps."""
    RATELIMITED = "ratelimited"
    """The box refuses logins from our IP for a while."""


_ACCESS_NOTICES = {Probe.REVOKED: "access-revoked", Probe.RATELIMITED: "access-ratelimited"}


class BoxHealth:
    """Checks the box on the ticks and tells the owners about outages, once each way."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        notices: Notices,
        owners: Iterable[int],
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._link = link
        self._notices = notices
        self._owners = sorted(set(owners))
        self._clock = clock
        self._zone = zone
        self._last_check: datetime | None = None

    async def check(self) -> None:
        """At most once per CHECK_EVERY: probe the box and announce a change of state."""
        now = self._clock()
        if self._last_check is not None and now - self._last_check < CHECK_EVERY:
            return
        self._last_check = now
        if not self._owners or not await self._link.is_paired():
            return
        probe = await self._probe()
        queued = await self._record(probe is not Probe.DOWN, now)
        if probe is not Probe.DOWN:
            queued = await self._record_access(probe, now) or queued
        if queued:
            self._notices.wake()

    async def _probe(self) -> Probe:
        try:
            client = await self._link.client()
            await client.get_system_info()
        except FreeboxConnectionError as exc:
            log.info("the box does not answer: %s", exc)
            return Probe.DOWN
        except AccessRevokedError as exc:
            log.warning("the box refuses the bot's app token: %s", exc)
            return Probe.REVOKED
        except RateLimitedError as exc:
            log.warning("the box rate-limits the bot's logins: %s", exc)
            return Probe.RATELIMITED
        except FreeboxError as exc:
            # It answered (with a refusal): it is up; other features report the refusal.
            log.debug("the box answered the health check with an error: %s", exc)
        return Probe.UP

    async def _record_access(self, probe: Probe, now: datetime) -> bool:
        """Tell owners once when the box starts refusing the bot, once when it accepts it
        again; True if a notice was queued."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            assert row is not None  # written by _record just before
            told = row.value.get("access")
            current = None if probe is Probe.UP else probe.value
            if told == current:
                return False
            row.value = {**row.value, "access": current}
            row.updated_at = now
            message = "access-restored" if current is None else _ACCESS_NOTICES[probe]
            for owner in self._owners:
                await add_notice(session, owner, message, now=now)
            return True

    async def _record(self, reachable: bool, now: datetime) -> bool:
        """Store the new state; queue the owners' notice when it changed. True if queued."""
        async with self._sessions.begin() as session:
            row = await session.get(BotState, STATE_KEY)
            if row is None:
                row = BotState(key=STATE_KEY, value={})
                session.add(row)
            down = bool(row.value.get("down"))
            failing_since = _parse(row.value.get("failing_since"))
            message: str | None = None
            args: dict[str, str | int] = {}
            if reachable:
                if down and failing_since is not None:
                    message = "health-box-back"
                    args = {"minutes": _minutes(now - failing_since)}
                failing_since, down = None, False
            else:
                failing_since = failing_since or now
                if not down and now - failing_since >= DOWN_AFTER:
                    message, down = "health-box-down", True
                    args = {"since": failing_since.astimezone(self._zone).strftime("%H:%M")}
            row.value = {
                **row.value,
                "down": down,
                "failing_since": failing_since.isoformat() if failing_since else None,
            }
            row.updated_at = now
            if message is None:
                return False
            for owner in self._owners:
                await add_notice(session, owner, message, now=now, **args)
            return True


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _minutes(elapsed: timedelta) -> int:
    return max(1, round(elapsed.total_seconds() / 60))
