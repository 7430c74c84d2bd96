"""One reading of the box against the marks: what the watcher runs on its ticks.

It is a plain function of the client, the sources and the marks so that a single
reading can also be run at start, to catch up on what happened while the bot was
stopped (the marks are durable).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.box.watching.events import WatchedEvent
from bot.box.watching.sources import Mark, Source
from freeboxos import FreeboxClient, FreeboxConnectionError, FreeboxError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """The events found, oldest first per source, and the marks to keep after them."""

    events: list[WatchedEvent]
    marks: dict[str, Mark]


async def read_changes(
    client: FreeboxClient, sources: Iterable[Source], marks: Mapping[str, Mark]
) -> Reading:
    """Read each source against its mark; a source the box refuses (a permission not
    granted) keeps its mark and spares the others.

    Raises:
        FreeboxConnectionError: the box does not answer (nothing is read, marks stay).
    """
    events: list[WatchedEvent] = []
    found: dict[str, Mark] = {}
    for source in sources:
        mark = marks.get(source.name)
        try:
            news, found[source.name] = await source.look(client, mark)
        except FreeboxConnectionError:
            raise
        except FreeboxError as exc:
            log.debug("watching the box: %s not read: %s", source.name, exc)
            if mark is not None:
                found[source.name] = mark
            continue
        events += news
    return Reading(events, found)
