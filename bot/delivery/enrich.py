"""Details the box can add to a message (a task's name, a host's name, a caller's name).

Rendering asks an `Enricher`; until the box is paired (or when it cannot be reached) the
answers are None and messages fall back to ids and numbers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Protocol

log = logging.getLogger(__name__)

ENRICH_TIMEOUT_SECONDS = 3.0


class Enricher(Protocol):
    """Looks things up on the box; each method may return None or raise."""

    async def download_name(self, task_id: int) -> str | None: ...

    async def host_name(self, host_id: str, interface: str | None) -> str | None: ...

    async def contact_name(self, number: str) -> str | None: ...


class NoEnrichment:
    """The enricher used before pairing: knows nothing, costs nothing."""

    async def download_name(self, task_id: int) -> str | None:
        return None

    async def host_name(self, host_id: str, interface: str | None) -> str | None:
        return None

    async def contact_name(self, number: str) -> str | None:
        return None


async def best_effort(
    lookup: Awaitable[str | None], seconds: float = ENRICH_TIMEOUT_SECONDS
) -> str | None:
    """The lookup's answer, or None when the box is slow, down or says no: never block delivery."""
    try:
        async with asyncio.timeout(seconds):
            answer = await lookup
    except Exception as exc:
        log.info("could not enrich a notification from the box: %s", type(exc).__name__)
        return None
    return answer.strip() if isinstance(answer, str) and answer.strip() else None
