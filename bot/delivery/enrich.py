"""Details the box can add to a message (a task's name and error, a host's name and address).

Rendering asks an `Enricher`; until the box is paired (or when it cannot be reached) the
answers are None and messages fall back to what the push itself and our own rows know.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Protocol, TypeVar

log = logging.getLogger(__name__)

ENRICH_TIMEOUT_SECONDS = 3.0
_T = TypeVar("_T")


@dataclass(frozen=True)
class DownloadFacts:
    """What the box says of a download task: its name and error code ("none" when none)."""

    name: str = ""
    error: str = "none"


@dataclass(frozen=True)
class HostFacts:
    """What the box says of a device on the network."""

    name: str = ""
    ip: str | None = None
    vendor: str = ""


class Enricher(Protocol):
    """Looks things up on the box (or in our rows); each method may return None or raise."""

    async def download(self, task_id: int) -> DownloadFacts | None: ...

    async def host(self, host_id: str, interface: str | None) -> HostFacts | None: ...

    async def remembered_host_name(self, host_id: str) -> str | None:
        """The name a chat gave the device when watching it (no call to the box)."""
        ...

    async def contact_name(self, number: str) -> str | None: ...


class NoEnrichment:
    """The enricher used before pairing: knows nothing, costs nothing."""

    async def download(self, task_id: int) -> DownloadFacts | None:
        return None

    async def host(self, host_id: str, interface: str | None) -> HostFacts | None:
        return None

    async def remembered_host_name(self, host_id: str) -> str | None:
        return None

    async def contact_name(self, number: str) -> str | None:
        return None


async def best_effort(
    lookup: Awaitable[_T | None], seconds: float = ENRICH_TIMEOUT_SECONDS
) -> _T | None:
    """The lookup's answer, or None when the box is slow, down or says no: never block delivery."""
    try:
        async with asyncio.timeout(seconds):
            answer = await lookup
    except Exception as exc:
        log.info("could not enrich a notification from the box: %s", type(exc).__name__)
        return None
    if isinstance(answer, str) and not answer.strip():
        return None
    return answer
