"""The lists the watcher reads: the call log, the downloads and the LAN hosts.

Each source compares what the box shows now with its mark (a small JSON object kept in
`bot_state`) and returns the events since, and the new mark. Without a mark (the first
reading) it only takes the mark: what existed before is not news.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from bot.box.watching.events import WatchedEvent, download, first_connection, missed_call
from freeboxos import CallEntry, DownloadTask, FreeboxClient, LanHost

Mark = dict[str, Any]
Look = tuple[list[WatchedEvent], Mark]


class Source(Protocol):
    """One thing the watcher reads on the box, and the subscription its events go to."""

    @property
    def name(self) -> str: ...

    @property
    def subscription(self) -> str: ...

    async def look(self, client: FreeboxClient, mark: Mark | None) -> Look:
        """Read the box; the events since `mark` and the new mark."""
        ...


class MissedCalls:
    name = "calls"
    subscription = "phone"

    async def look(self, client: FreeboxClient, mark: Mark | None) -> Look:
        return missed_since(await client.list_calls(), mark)


def missed_since(entries: Iterable[CallEntry], mark: Mark | None) -> Look:
    """Missed calls newer than the mark, oldest first.

    A call is new when its id or its time is past the mark's: ids grow, and the time
    still tells after the log was emptied and the box counted its ids again.
    """
    entries = list(entries)
    last_id = max((e.id for e in entries), default=0)
    last_at = max((_epoch(e) for e in entries), default=0)
    if mark is None:
        return [], {"last_id": last_id, "last_at": last_at}
    seen_id, seen_at = int(mark.get("last_id", 0)), int(mark.get("last_at", 0))
    new = [e for e in entries if e.type == "missed" and (e.id > seen_id or _epoch(e) > seen_at)]
    new.sort(key=lambda e: (_epoch(e), e.id))
    mark = {"last_id": max(seen_id, last_id), "last_at": max(seen_at, last_at)}
    return [missed_call(e) for e in new], mark


def _epoch(entry: CallEntry) -> int:
    return int(entry.datetime.timestamp())


class Downloads:
    name = "downloads"
    subscription = "downloader"

    async def look(self, client: FreeboxClient, mark: Mark | None) -> Look:
        return finished_since(await client.list_downloads(), mark)


_DOWNLOADED = frozenset({"done", "seeding"})  # a torrent seeds once it is downloaded


def finished_since(tasks: Iterable[DownloadTask], mark: Mark | None) -> Look:
    """Downloads that finished, failed or stopped seeding since the mark."""
    tasks = sorted(tasks, key=lambda t: t.id)
    statuses = {str(t.id): t.status for t in tasks}
    if mark is None:
        return [], {"status": statuses}
    before = mark.get("status")
    before = before if isinstance(before, dict) else {}
    events = []
    for task in tasks:
        event = _download_event(before.get(str(task.id)), task.status)
        if event is not None:
            events.append(download(task.id, event))
    return events, {"status": statuses}


def _download_event(before: str | None, now: str) -> str | None:
    """The push the box sends for this change of status (None for a new task in the
    list: a task added and finished between two readings still counts as finished)."""
    if now == before:
        return None
    if now == "error":
        return "task_error"
    if now == "done" and before == "seeding":
        return "task_seeding_done"
    if now in _DOWNLOADED and before not in _DOWNLOADED:
        return "task_done"
    return None


class NewHosts:
    name = "hosts"
    subscription = "lan_host"

    async def look(self, client: FreeboxClient, mark: Mark | None) -> Look:
        hosts: list[tuple[str, LanHost]] = []
        for interface in await client.list_lan_interfaces():
            hosts += [(interface.name, h) for h in await client.list_lan_hosts(interface.name)]
        return first_seen(hosts, mark)


def first_seen(hosts: Iterable[tuple[str, LanHost]], mark: Mark | None) -> Look:
    """Hosts on no interface at the mark (the box's own list: a host it forgot is new
    again, as for its `first_connection` push)."""
    hosts = list(hosts)
    ids = sorted({h.id for _, h in hosts})
    if mark is None:
        return [], {"ids": ids}
    known = set(mark.get("ids") or ())
    events = []
    for interface, host in hosts:
        if host.id not in known:
            known.add(host.id)
            events.append(first_connection(host.id, host.interface or interface))
    return events, {"ids": ids}
