"""The bodies of the box's requests, as the API document's notification server spec gives them.

Unknown fields are tolerated (the box may add some); wrong types are refused. Before a body
reaches the models, `decode_body` refuses what JSON allows but storage and delivery cannot
carry: deep nesting, numbers beyond 64 bits, NaN, NUL characters and lone surrogates.
Nothing is acknowledged that the outbox cannot store and the worker cannot load again.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field

MAX_DEPTH: Final = 32
"""Nesting levels a body may have. The box's deepest documented body, a missed call (the
body, its `payload`, the `CallEntry` in `data`), has three."""

MAX_INTEGER: Final = 2**63 - 1
"""The box counts in 64-bit integers (ids, timestamps, sizes); larger ones are not its own."""
_MAX_INTEGER_CHARS: Final = len(str(-MAX_INTEGER))


class BodyRefused(ValueError):
    """A body we refuse before validating it, with the limit it broke (shown to the box)."""

    def __init__(self, message: str, **limit: Any) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit


def decode_body(raw: bytes) -> Any:
    """The JSON value of `raw`, refused with `BodyRefused` when storage could not carry it."""
    try:
        value = json.loads(
            raw,
            parse_int=_integer,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except BodyRefused:
        raise
    except RecursionError:
        raise _too_deep() from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BodyRefused("malformed JSON") from None
    _check_shape(value)
    return value


def _integer(text: str) -> int:
    # Length first: converting thousands of digits is what Python itself refuses to do.
    number = int(text) if len(text) <= _MAX_INTEGER_CHARS else None
    if number is None or abs(number) > MAX_INTEGER:
        raise BodyRefused("integer out of range", max_integer=MAX_INTEGER)
    return number


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise BodyRefused("number out of range", max_number=sys.float_info.max)
    return number


def _no_constant(text: str) -> float:
    raise BodyRefused(f"{text} is not a JSON number")


def _too_deep() -> BodyRefused:
    return BodyRefused(f"body nested deeper than {MAX_DEPTH} levels", max_depth=MAX_DEPTH)


def _check_shape(value: Any) -> None:
    """Depth and text, without recursion: a body may be as deep as the parser allowed."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _too_deep()
            if isinstance(item, dict):
                for key in item:
                    _check_text(key)
                pending.extend((child, depth + 1) for child in item.values())
            else:
                pending.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    # A JSON escape can produce both; PostgreSQL refuses NUL and no database stores a lone
    # surrogate, so the row could not be written (or read back by the worker).
    if "\x00" in text or not (text.isascii() or _encodable(text)):
        raise BodyRefused("text with a NUL character or a lone surrogate")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _BoxBody(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class Registration(_BoxBody):
    """`POST /register`: the box created a target and gives us its id and our token back."""

    box_id: str = Field(min_length=1, max_length=64)
    device_type: str = Field(default="", max_length=32)
    token: str = Field(min_length=1, max_length=256)
    device_name: str | None = Field(default="", max_length=255)  # not promised to be a string
    device_id: str = Field(min_length=1, max_length=128)


class SendRequest(_BoxBody):
    """`POST /send`: one notification for several targets of the box."""

    devices: list[str]
    box_id: str = Field(min_length=1, max_length=64)
    title: str | None = None
    body: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


@dataclass
class SendResult:
    """What `/send` answers: each device id lands in exactly one list."""

    success_ids: list[str] = field(default_factory=list)
    failure_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[str]]:
        return {"failureIds": self.failure_ids, "successIds": self.success_ids}
