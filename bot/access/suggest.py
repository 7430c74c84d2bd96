"""What someone probably meant by a command the bot does not have (`/alarme`, `/dowloads`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# How alike a typed name and a command must be (difflib's ratio) to be offered as a guess:
# high enough that another bot's `/roll` is not taken for `/role`-like commands.
CLOSE_ENOUGH = 0.75


def closest_command(typed: str, commands: Iterable[str]) -> str | None:
    """The command `typed` most likely misspells, or None when none is close."""
    matches = difflib.get_close_matches(typed, list(commands), n=1, cutoff=CLOSE_ENOUGH)
    return matches[0] if matches else None
