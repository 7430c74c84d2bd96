"""Day and time words, in French and English, to APScheduler cron fields.

Weekdays are stored as cron's day_of_week: "mon,tue,…" (in week order) or "*".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = "*"
ALL_DAYS = frozenset(range(7))
WORKING_DAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})

_NAMES = (
    ("mon", "monday", "lun", "lundi"),
    ("tue", "tues", "tuesday", "mar", "mardi"),
    ("wed", "wednesday", "mer", "mercredi"),
    ("thu", "thur", "thurs", "thursday", "jeu", "jeudi"),
    ("fri", "friday", "ven", "vendredi"),
    ("sat", "saturday", "sam", "samedi"),
    ("sun", "sunday", "dim", "dimanche"),
)
_DAY_WORDS = {word: day for day, words in enumerate(_NAMES) for word in words}
_GROUP_WORDS = {
    "*": ALL_DAYS,
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "every-day": ALL_DAYS,
    "tous-les-jours": ALL_DAYS,
    "quotidien": ALL_DAYS,
    "tlj": ALL_DAYS,
    "weekdays": WORKING_DAYS,
    "semaine": WORKING_DAYS,
    "weekend": WEEKEND,
    "week-end": WEEKEND,
}
# 22:30, 7:05, 22h30, 22h (a bare "22" is refused: minutes or an "h" say it is a time).
_TIME = re.compile(r"([01]?[0-9]|2[0-3])(?::([0-5][0-9])|[hH]([0-5][0-9])?)")


class ScheduleSyntaxError(ValueError):
    """The words do not make a time or a set of days."""


def parse_time(text: str) -> tuple[int, int]:
    """`22:30` → (22, 30).

    Raises:
        ScheduleSyntaxError: not a time of day.
    """
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ScheduleSyntaxError(f"not a time: {text!r}")
    return int(match[1]), int(match[2] or match[3] or 0)


def parse_days(words: Sequence[str]) -> frozenset[int]:
    """Day words (`mon-fri`, `lun,mer`, `weekend`, `daily`…) → day numbers (Monday is 0).

    Raises:
        ScheduleSyntaxError: a word is neither a day, a range of days nor a group.
    """
    parts = [part for word in words for part in word.lower().split(",") if part]
    if not parts:
        raise ScheduleSyntaxError("no days")
    days: set[int] = set()
    for part in parts:
        days |= _one_part(part.rstrip("."))
    return frozenset(days)


def _one_part(part: str) -> frozenset[int]:
    if part in _GROUP_WORDS:
        return _GROUP_WORDS[part]
    if part in _DAY_WORDS:
        return frozenset({_DAY_WORDS[part]})
    first, dash, last = part.partition("-")
    if dash and first in _DAY_WORDS and last in _DAY_WORDS:
        start, end = _DAY_WORDS[first], _DAY_WORDS[last]
        return frozenset((start + offset) % 7 for offset in range((end - start) % 7 + 1))
    raise ScheduleSyntaxError(f"not a day: {part!r}")


def cron_days(days: Iterable[int]) -> str:
    """Day numbers → cron's day_of_week ("*" for every day)."""
    chosen = frozenset(days)
    if chosen == ALL_DAYS:
        return EVERY_DAY
    return ",".join(DAYS[day] for day in sorted(chosen))


def days_of(cron: str) -> frozenset[int]:
    """Cron's day_of_week (as `cron_days` writes it) → day numbers."""
    if cron.strip() == EVERY_DAY:
        return ALL_DAYS
    return parse_days([cron])


def following_days(days: Iterable[int]) -> frozenset[int]:
    """The day after each day (a disarm the morning after an evening arming)."""
    return frozenset((day + 1) % 7 for day in days)


def day_runs(days: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive days as (first, last) runs in week order: {0,1,2,4} → [(0, 2), (4, 4)]."""
    runs: list[tuple[int, int]] = []
    for day in sorted(frozenset(days)):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
