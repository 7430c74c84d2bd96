"""A doctor's report: lines marked ✅, ⚠️ or ❌, each a Fluent message naming the fix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.i18n import translate

# Fluent wraps each argument in Unicode isolation marks: invisible in Telegram, noise
# in a terminal and in a copied report.
_ISOLATION_MARKS = str.maketrans("", "", "\u2068\u2069")


class Mark(StrEnum):
    OK = "✅"
    WARN = "⚠️"
    FAIL = "❌"


@dataclass(frozen=True)
class Line:
    """One finding: its mark, the Fluent id of its text, and that text's arguments."""

    mark: Mark
    message_id: str
    args: Mapping[str, str | int] = field(default_factory=dict)


def ok(message_id: str, **args: str | int) -> Line:
    return Line(Mark.OK, message_id, args)


def warn(message_id: str, **args: str | int) -> Line:
    return Line(Mark.WARN, message_id, args)


def fail(message_id: str, **args: str | int) -> Line:
    return Line(Mark.FAIL, message_id, args)


@dataclass(frozen=True)
class Report:
    lines: tuple[Line, ...]

    @property
    def healthy(self) -> bool:
        """No ❌ (warnings are advice, not faults)."""
        return all(line.mark is not Mark.FAIL for line in self.lines)

    def render(self, language: str) -> str:
        """The report as plain text, one line per finding."""
        return "\n".join(_text(language, line) for line in self.lines)


def _text(language: str, line: Line) -> str:
    text = translate(language, line.message_id, **line.args).translate(_ISOLATION_MARKS)
    return f"{line.mark.value} {text}"


def report_of(groups: Iterable[Iterable[Line]]) -> Report:
    return Report(tuple(line for group in groups for line in group))
