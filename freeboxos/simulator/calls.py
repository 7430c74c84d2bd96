"""The call log (CallEntry objects, newest first)."""

from __future__ import annotations

import copy
import time

from .envelope import ApiError, JsonObject
from .fixtures import CALL_LOG


class CallLog:
    """Call entries by id, newest first, starting with real-box entries."""

    def __init__(self) -> None:
        self.entries: list[JsonObject] = copy.deepcopy(CALL_LOG)

    def get(self, call_id: int) -> JsonObject:
        """One entry.

        Raises:
            ApiError: ``invalid_id``.
        """
        for entry in self.entries:
            if entry["id"] == call_id:
                return entry
        raise ApiError("invalid_id")

    def add_missed(self, number: str, name: str | None = None, duration: int = 0) -> JsonObject:
        """Log a missed call now and return its CallEntry."""
        entry: JsonObject = {
            "number": number,
            "type": "missed",
            "id": max((e["id"] for e in self.entries), default=0) + 1,
            "duration": duration,
            "datetime": int(time.time()),
            "contact_id": 0,
            "line_id": 0,
            "name": name or number,
            "new": True,
        }
        self.entries.insert(0, entry)
        return entry

    def update(self, call_id: int, changes: JsonObject) -> JsonObject:
        """``PUT call/log/{id}``: only ``new`` can change ("false" is accepted, as in the doc).

        Raises:
            ApiError: ``invalid_id`` or ``invalid_request``.
        """
        entry = self.get(call_id)
        new = changes.get("new")
        if isinstance(new, str) and new in ("true", "false"):
            new = new == "true"
        if new is not None:
            if not isinstance(new, bool):
                raise ApiError("invalid_request")
            entry["new"] = new
        return entry

    def delete(self, call_id: int) -> None:
        """Delete one entry.

        Raises:
            ApiError: ``invalid_id``.
        """
        entry = self.get(call_id)
        self.entries.remove(entry)

    def delete_all(self) -> None:
        """Empty the log."""
        self.entries.clear()

    def mark_all_as_read(self) -> None:
        """Set ``new`` to false everywhere."""
        for entry in self.entries:
            entry["new"] = False
