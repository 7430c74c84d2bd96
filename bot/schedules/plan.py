"""What `/alarm schedule` asks for, and its wording: the plan people type and the lines
that show schedules back to them.

`/alarm schedule 22:30 mon-fri until 07:00` reads as an `AlarmPlan`; the Telegram screens
(`bot.telegram.alarm_schedule`) store it as rows and show them with these words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.i18n import translate
from bot.schedules.weekdays import (
    DAYS,
    ScheduleSyntaxError,
    cron_days,
    day_runs,
    days_of,
    following_days,
    parse_days,
    parse_time,
)
from bot.storage.models import Schedule
from freeboxos import (
    AuthRequiredError,
    FreeboxConnectionError,
    FreeboxError,
    InsufficientRightsError,
)

ARM_KIND, DISARM_KIND = "alarm_arm", "alarm_disarm"
KINDS = (ARM_KIND, DISARM_KIND)
UNTIL_WORDS = frozenset({"until", "till", "jusqu'à", "jusqu'a", "jusqua"})
TYPOGRAPHIC_APOSTROPHE = "\u2019"  # phones often type this one in jusqu'à


@dataclass(frozen=True)
class AlarmPlan:
    """What `/alarm schedule` asked: arm at a time on some days, maybe disarm after."""

    hour: int
    minute: int
    days: frozenset[int]
    until: tuple[int, int] | None = None

    @property
    def until_days(self) -> frozenset[int]:
        """The disarming days: the mornings after when `until` comes before the arming."""
        if self.until is not None and self.until <= (self.hour, self.minute):
            return following_days(self.days)
        return self.days

    def to_data(self) -> dict[str, Any]:
        return {
            "hour": self.hour,
            "minute": self.minute,
            "days": cron_days(self.days),
            "until": list(self.until) if self.until is not None else None,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AlarmPlan:
        until = data.get("until")
        return cls(
            hour=int(data["hour"]),
            minute=int(data["minute"]),
            days=days_of(str(data["days"])),
            until=(int(until[0]), int(until[1])) if until else None,
        )


def parse_plan(args: Sequence[str]) -> AlarmPlan:
    """`22:30 mon-fri [until 07:00]` (days default to every day).

    Raises:
        ScheduleSyntaxError: anything else.
    """
    if not args:
        raise ScheduleSyntaxError("no time")
    hour, minute = parse_time(args[0])
    words = [word.lower().replace(TYPOGRAPHIC_APOSTROPHE, "'") for word in args[1:]]
    until: tuple[int, int] | None = None
    marks = [i for i, word in enumerate(words) if word in UNTIL_WORDS]
    if marks:
        if len(marks) > 1 or marks[0] != len(words) - 2:
            raise ScheduleSyntaxError("until takes one time, at the end")
        until = parse_time(words[-1])
        words = words[: marks[0]]
        if until == (hour, minute):
            raise ScheduleSyntaxError("arming and disarming at the same time")
    days = parse_days(words) if words else parse_days(["daily"])
    return AlarmPlan(hour, minute, days, until)


def clock_time(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def days_label(language: str, days: frozenset[int]) -> str:
    """`lun-ven`, `sam, dim`, `tous les jours` (three days in a row or more as a range)."""
    if len(days) == len(DAYS):
        return translate(language, "alarm-schedule-every-day")
    names = [translate(language, f"alarm-schedule-day-{day}") for day in DAYS]
    parts: list[str] = []
    for first, last in day_runs(days):
        if last - first >= 2:
            first_name, last_name = names[first], names[last]
            parts.append(
                translate(language, "alarm-schedule-day-range", first=first_name, last=last_name)
            )
        else:
            parts.extend(names[first : last + 1])
    return ", ".join(parts)


def failure_reason(error: FreeboxError) -> str:
    """A box error as the reason word the failure notice selects its sentence with."""
    if isinstance(error, FreeboxConnectionError):
        return "unreachable"
    if isinstance(error, AuthRequiredError):
        return "not-paired"
    if isinstance(error, InsufficientRightsError):
        return "missing-right"
    return "refused"


def plan_question(language: str, plan: AlarmPlan) -> str:
    """Asks to confirm the plan: when it arms, on which days, and when it disarms."""
    time, days = clock_time(plan.hour, plan.minute), days_label(language, plan.days)
    if plan.until is None:
        return translate(language, "alarm-schedule-confirm", time=time, days=days)
    return translate(
        language,
        "alarm-schedule-confirm-until",
        time=time,
        days=days,
        until=clock_time(*plan.until),
        until_days=days_label(language, plan.until_days),
    )


def schedule_entry(language: str, row: Schedule) -> str:
    """One stored schedule: arms or disarms, at what time, on which days."""
    return translate(
        language,
        "alarm-schedule-entry",
        kind=row.kind,
        time=clock_time(row.hour, row.minute),
        days=days_label(language, days_of(row.weekdays)),
    )


def schedule_label(language: str, row: Schedule) -> str:
    """The short form a delete button shows: 🔒 22:30 lun-ven."""
    icon = "🔓" if row.kind == DISARM_KIND else "🔒"
    days = days_label(language, days_of(row.weekdays))
    return f"{icon} {clock_time(row.hour, row.minute)} {days}"


def notice_args(language: str, row: Schedule) -> dict[str, str | int | float]:
    return {
        "kind": row.kind,
        "time": clock_time(row.hour, row.minute),
        "days": days_label(language, days_of(row.weekdays)),
    }
