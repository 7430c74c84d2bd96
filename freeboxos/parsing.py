"""Turning the envelope's `result` into models, shared by the client and its areas.

A malformed result is reported as an unusable answer (`FreeboxConnectionError`), never
as a `KeyError` from deep inside a model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from freeboxos.errors import FreeboxConnectionError

_T = TypeVar("_T")


def parse_one(factory: Callable[[Mapping[str, Any]], _T], result: object) -> _T:
    """Build a model, reporting a malformed result as an unusable answer."""
    if not isinstance(result, Mapping):
        raise FreeboxConnectionError(f"unexpected answer from the box: {type(result).__name__}")
    try:
        return factory(result)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise FreeboxConnectionError(f"unexpected answer from the box: {exc!r}") from exc


def parse_list(factory: Callable[[Mapping[str, Any]], _T], result: object) -> list[_T]:
    """Build a list of models; the box omits `result` instead of sending an empty list."""
    if result is None:
        return []
    if not isinstance(result, list):
        raise FreeboxConnectionError(f"expected a list from the box, got {type(result).__name__}")
    return [parse_one(factory, item) for item in result]


def path_segment(value: str | int) -> str:
    """Quote an id for a URL path (LAN host ids and MAC addresses keep their colons)."""
    return quote(str(value), safe=":")
