"""LAN presence: "<name> is home" / "<name> left" for the devices chats watch.

The box tells who joins and leaves only on its event websocket (`lan_host_l3addr_
reachable` / `_unreachable`, for hosts of every LAN interface), so the socket is kept
open while the bot is paired and a chat watches something (the box session itself is
kept warm by `bot.box.health`). `EventStream` reconnects with backoff and registers
again; after every (re)connection the watched hosts are compared with the box's host
list, since events sent while the socket was down are lost.

A phone's Wi-Fi naps and flaps: arriving is announced at once (when the chat last heard
"left", or nothing), leaving only once the device stayed unreachable LEAVE_AFTER, so an
unreachable-reachable flap says nothing. Hosts are looked up on every interface the box
lists: a visitor's phone on the guest Wi-Fi is on `wifiguest`, not on the main `pub`.
What each chat last heard is the watch row's `announced`, so a restart does not repeat
it. Departures still waiting are kept in memory; after a restart the reconciliation
finds them again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.clock import Clock
from bot.storage.models import PresenceWatch
from bot.storage.notices import Notices, add_notice
from freeboxos import (
    LAN_HOST_REACHABLE,
    LAN_HOST_UNREACHABLE,
    BoxEvent,
    EventStream,
    FreeboxClient,
    FreeboxError,
    LanHost,
    event_url,
)

log = logging.getLogger(__name__)

LEAVE_AFTER = timedelta(minutes=3)
HOME, AWAY = "home", "away"
MESSAGES = {HOME: "presence-home", AWAY: "presence-away"}


class PresenceWatcher:
    """Turns the box's LAN events into debounced presence notices for watching chats."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        notices: Notices,
        clock: Clock,
        leave_after: timedelta = LEAVE_AFTER,
        reconnect_after: float = 1.0,
    ) -> None:
        self._sessions = sessions
        self._link = link
        self._notices = notices
        self._clock = clock
        self._leave_after = leave_after
        self._reconnect_after = reconnect_after
        self._stream: EventStream | None = None
        self._dispatch: asyncio.Task[None] | None = None
        self._reconciled = 0
        self._leaving: dict[str, datetime] = {}  # host id -> unreachable since
        self._lock = asyncio.Lock()

    @property
    def stream(self) -> EventStream | None:
        return self._stream

    @property
    def pending_departures(self) -> frozenset[str]:
        """Hosts unreachable for less than LEAVE_AFTER (not announced yet)."""
        return frozenset(self._leaving)

    async def tick(self) -> None:
        """Open the socket once paired and watched, reconcile after each connection, settle
        departures."""
        if self._stream is None:
            if not await self._link.is_paired() or not await self._watched():
                return
            self._open()
        assert self._stream is not None
        if self._stream.connections != self._reconciled:
            connections = self._stream.connections
            if await self._reconcile():
                self._reconciled = connections
        await self._settle()

    async def close(self) -> None:
        if self._stream is not None:
            await self._stream.close()
        if self._dispatch is not None:
            await asyncio.gather(self._dispatch, return_exceptions=True)

    async def initial_state(self, host_id: str) -> str | None:
        """What a new watch starts from: HOME or AWAY as the box sees it now (None: unknown)."""
        try:
            client = await self._link.client()
            hosts = await hosts_on_every_interface(client)
            host = next((h for h in hosts if h.id == host_id), None)
        except FreeboxError as exc:
            log.info("could not read the host's state for a new watch: %s", exc)
            return None
        return None if host is None else HOME if host.reachable else AWAY

    def _open(self) -> None:
        link = self._link

        async def url() -> str:
            return event_url((await link.box()).api_root)

        async def token() -> str:
            return await (await link.client()).session_token()

        async def renew() -> str:
            return await (await link.client()).session_token(renew=True)

        self._stream = EventStream(
            url,
            token,
            [LAN_HOST_REACHABLE, LAN_HOST_UNREACHABLE],
            backoff_initial=self._reconnect_after,
            on_auth_rejected=renew,
        )
        self._dispatch = asyncio.create_task(
            self._stream.dispatch(self._on_event), name="lan-presence"
        )

    async def _on_event(self, event: BoxEvent) -> None:
        host_id = event.result.get("id")
        if not isinstance(host_id, str) or event.name not in (
            LAN_HOST_REACHABLE,
            LAN_HOST_UNREACHABLE,
        ):
            return
        # One address going away (IPv6 while IPv4 stays) is not the host leaving: the
        # host object the event carries says whether it is reachable at all.
        reachable = event.result.get("reachable")
        if not isinstance(reachable, bool):
            reachable = event.name == LAN_HOST_REACHABLE
        await self._seen(host_id, reachable=reachable)

    async def _seen(self, host_id: str, *, reachable: bool) -> None:
        async with self._lock:
            if reachable:
                self._leaving.pop(host_id, None)
                await self._announce([host_id], HOME)
            else:
                self._leaving.setdefault(host_id, self._clock())

    async def _settle(self) -> None:
        """Announce the departures that lasted LEAVE_AFTER."""
        async with self._lock:
            now = self._clock()
            gone = [h for h, since in self._leaving.items() if now - since >= self._leave_after]
            for host_id in gone:
                del self._leaving[host_id]
            if gone:
                await self._announce(gone, AWAY)

    async def _watched(self) -> set[str]:
        async with self._sessions() as session:
            return set(await session.scalars(select(PresenceWatch.host_id).distinct()))

    async def _reconcile(self) -> bool:
        """Compare the watched hosts with the box's list; False when the box did not answer."""
        watched = await self._watched()
        if not watched:
            return True
        try:
            client = await self._link.client()
            every = await hosts_on_every_interface(client)
            hosts = {h.id: h for h in every if h.id in watched}
        except FreeboxError as exc:
            log.info("could not compare watched devices with the box: %s", exc)
            return False
        for host_id in watched:
            host = hosts.get(host_id)
            await self._seen(host_id, reachable=host is not None and host.reachable)
        return True

    async def _announce(self, host_ids: Iterable[str], state: str) -> None:
        """Tell each chat watching these hosts, unless that is what it last heard."""
        async with self._sessions.begin() as session:
            watches = await session.scalars(
                select(PresenceWatch).where(PresenceWatch.host_id.in_(list(host_ids)))
            )
            queued = False
            for watch in watches:
                if watch.announced == state:
                    continue
                watch.announced = state
                queued |= await add_notice(
                    session, watch.chat_id, MESSAGES[state], now=self._clock(), name=watch.name
                )
        if queued:
            self._notices.wake()


async def hosts_on_every_interface(client: FreeboxClient) -> list[LanHost]:
    """The hosts of every LAN interface (`pub`, `wifiguest`...), each once."""
    found: dict[str, LanHost] = {}
    for interface in await client.list_lan_interfaces():
        for host in await client.list_lan_hosts(interface.name):
            found.setdefault(host.id, host)
    return list(found.values())
