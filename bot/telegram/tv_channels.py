"""`/tv France 2`, `/tv arte`, `/tv 2`: which channel of the box's bouquet is meant.

People say a channel's name, in any case, with or without accents, spaces or hyphens
("france2", "France-2"). A number is checked against the bouquet when the box lists it,
so `/tv 999` says there is no such channel instead of leaving the Player on a black screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from freeboxos import TvChannel

MAX_CANDIDATES = 6  # a reply listing more than this is no help
MAX_CHANNEL_DIGITS = 6  # channel numbers have a few digits; int() refuses over 4,300


@dataclass(frozen=True)
class ChannelQuery:
    """What `/tv` was given: a number, or words naming a channel."""

    number: int | None
    words: str


def read_query(args: Sequence[str]) -> ChannelQuery | None:
    """The channel `/tv`'s arguments ask for (None: nothing was given)."""
    words = " ".join(args).strip()
    if not words:
        return None
    if words.isascii() and words.isdigit():
        return ChannelQuery(int(words) if len(words) <= MAX_CHANNEL_DIGITS else 0, words)
    return ChannelQuery(None, words)


def _key(text: str) -> str:
    """A name as people type it: no case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def matching_channels(channels: Sequence[TvChannel], words: str) -> list[TvChannel]:
    """The channels `words` names: the exact name if one has it, else those it starts."""
    key = _key(words)
    if not key:
        return []
    exact = [c for c in channels if _key(c.name) == key]
    if exact:
        return exact
    return [c for c in channels if _key(c.name).startswith(key)]
