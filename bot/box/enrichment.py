"""Details from the box for notifications: a download's name and error, a LAN host's name,
address and vendor; and the names chats gave the devices they watch."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.delivery.enrich import DownloadFacts, HostFacts
from bot.storage.models import PresenceWatch


class BoxEnricher:
    """`bot.delivery.enrich.Enricher` backed by the FreeboxOS client (errors propagate to
    `best_effort`, which turns them into "no detail")."""

    def __init__(
        self, link: BoxLink, sessions: async_sessionmaker[AsyncSession] | None = None
    ) -> None:
        self._link = link
        self._sessions = sessions

    async def download(self, task_id: int) -> DownloadFacts | None:
        if not await self._link.is_paired():
            return None
        task = await (await self._link.client()).get_download(task_id)
        return DownloadFacts(name=task.name, error=task.error)

    async def host(self, host_id: str, interface: str | None) -> HostFacts | None:
        if not await self._link.is_paired():
            return None
        client = await self._link.client()
        host = await client.get_lan_host(host_id, interface=interface or "pub")
        # display_name ends with the MAC or the id: that is no name, the renderer says "a device".
        name = "" if host.display_name in (host.mac, host.id) else host.display_name
        return HostFacts(name=name, ip=host.ipv4, vendor=host.vendor_name)

    async def remembered_host_name(self, host_id: str) -> str | None:
        if self._sessions is None:
            return None
        async with self._sessions() as session:
            names = await session.scalars(
                select(PresenceWatch.name).where(PresenceWatch.host_id == host_id).limit(1)
            )
            return names.first()

    async def contact_name(self, number: str) -> str | None:
        # The call entry already carries the contact name the box knows; nothing to add.
        return None
