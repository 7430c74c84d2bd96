"""Names from the box for notifications: a download's name, a LAN host's name."""

from __future__ import annotations

from bot.box.link import BoxLink


class BoxEnricher:
    """`bot.delivery.enrich.Enricher` backed by the FreeboxOS client (errors propagate to
    `best_effort`, which turns them into "no detail")."""

    def __init__(self, link: BoxLink) -> None:
        self._link = link

    async def download_name(self, task_id: int) -> str | None:
        if not await self._link.is_paired():
            return None
        return (await (await self._link.client()).get_download(task_id)).name

    async def host_name(self, host_id: str, interface: str | None) -> str | None:
        if not await self._link.is_paired():
            return None
        client = await self._link.client()
        host = await client.get_lan_host(host_id, interface=interface or "pub")
        return host.display_name

    async def contact_name(self, number: str) -> str | None:
        # The call entry already carries the contact name the box knows; nothing to add.
        return None
