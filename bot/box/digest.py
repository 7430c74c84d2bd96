"""What the daily digest reports, read from the box for a time window.

Missed calls come from the call log (type `missed`, by their `datetime`); new devices
are the LAN hosts whose `first_activity` falls in the window, on every interface. The
box keeps no end time for a download (only `created_ts`), so "finished downloads" are
the tasks now done or seeding that were added in the window: a task added earlier and
finished in the window is not reported, and the digest's wording says "added".
A section whose permission is missing is None; an unreachable or unpaired box raises.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from freeboxos import (
    AuthRequiredError,
    CallEntry,
    DownloadTask,
    FreeboxApiError,
    FreeboxClient,
    LanHost,
)

log = logging.getLogger(__name__)

FINISHED_STATUSES = frozenset({"done", "seeding"})
_T = TypeVar("_T")


@dataclass(frozen=True)
class DigestData:
    """The window's events; a section is None when the box refused to tell it."""

    since: datetime
    until: datetime
    downloads: list[DownloadTask] | None
    missed_calls: list[CallEntry] | None
    new_hosts: list[LanHost] | None


async def collect_digest(client: FreeboxClient, since: datetime, until: datetime) -> DigestData:
    """Read the window's finished downloads, missed calls and new devices.

    Raises:
        FreeboxConnectionError: the box could not be reached.
        AuthRequiredError: the bot is not paired (any more).
    """

    def within(moment: datetime | None) -> bool:
        return moment is not None and since <= moment <= until

    async def downloads() -> list[DownloadTask]:
        tasks = await client.list_downloads()
        return [t for t in tasks if t.status in FINISHED_STATUSES and within(t.created_ts)]

    async def missed_calls() -> list[CallEntry]:
        calls = await client.list_calls()
        return sorted(
            (c for c in calls if c.type == "missed" and within(c.datetime)),
            key=lambda c: c.datetime,
        )

    async def new_hosts() -> list[LanHost]:
        found: dict[str, LanHost] = {}
        for interface in await client.list_lan_interfaces():
            if interface.host_count == 0:
                continue
            for host in await client.list_lan_hosts(interface.name):
                if within(host.first_activity):
                    found.setdefault(host.id, host)
        return sorted(found.values(), key=lambda h: h.first_activity or until)

    return DigestData(
        since=since,
        until=until,
        downloads=await _section("downloads", downloads),
        missed_calls=await _section("calls", missed_calls),
        new_hosts=await _section("lan", new_hosts),
    )


async def _section(name: str, read: Callable[[], Awaitable[_T]]) -> _T | None:
    """A section, or None when the box refused it (a permission missing)."""
    try:
        return await read()
    except AuthRequiredError:
        raise
    except FreeboxApiError as exc:
        log.info("digest: the box refused the %s section: %s", name, exc)
        return None
