"""The Wi-Fi MAC filter (doc lines 9002-9240): entries by MAC address.

Starts with the document's list example (line 9046). An entry acts only in the mode
``wifi/config/``'s ``mac_filter_state`` names (blacklist or whitelist).
"""

from __future__ import annotations

import re
from typing import Any, Final

from .envelope import ApiError, JsonObject

FILTER_TYPES: Final = frozenset({"blacklist", "whitelist"})
FILTER_STATES: Final = frozenset({"disabled", "blacklist", "whitelist"})
_MAC: Final = re.compile(r"^[0-9A-F]{2}(:[0-9A-F]{2}){5}$")

EXAMPLE_FILTERS: Final[list[JsonObject]] = [
    {"mac": "00:07:CB:01:02:03", "type": "whitelist", "comment": "test"},
    {"mac": "00:24:D4:00:00:69", "type": "blacklist", "comment": "plop", "hostname": "r0ro's iPad"},
]


class MacFilters:
    """MAC filter entries; an entry's id is its MAC address in capitals."""

    def __init__(self) -> None:
        self.entries: dict[str, JsonObject] = {}
        for example in EXAMPLE_FILTERS:
            self.add(example)

    def all(self) -> list[JsonObject]:
        """Every WifiMacFilter."""
        return [dict(e) for e in self.entries.values()]

    def get(self, filter_id: str) -> JsonObject:
        """One entry.

        Raises:
            ApiError: ``noent``.
        """
        entry = self.entries.get(filter_id.upper())
        if entry is None:
            raise ApiError("noent")
        return dict(entry)

    def add(self, body: JsonObject, hostname: str | None = None) -> JsonObject:
        """``POST wifi/mac_filter/``.

        Raises:
            ApiError: ``inval`` (a bad MAC or type) or ``exists``.
        """
        mac: Any = body.get("mac")
        kind: Any = body.get("type", "blacklist")
        comment: Any = body.get("comment", "")
        if not isinstance(mac, str) or not _MAC.match(mac.upper()):
            raise ApiError("inval", "Adresse MAC invalide")
        if kind not in FILTER_TYPES or not isinstance(comment, str):
            raise ApiError("inval")
        mac = mac.upper()
        if mac in self.entries:
            raise ApiError("exists", "Ce filtre existe déjà")
        name = body.get("hostname") or hostname or mac
        entry: JsonObject = {
            "mac": mac,
            "type": kind,
            "comment": comment,
            "hostname": name,
            "id": mac,
        }
        self.entries[mac] = entry
        return dict(entry)

    def delete(self, filter_id: str) -> None:
        """``DELETE wifi/mac_filter/{id}``.

        Raises:
            ApiError: ``noent``.
        """
        if self.entries.pop(filter_id.upper(), None) is None:
            raise ApiError("noent")

    def refuses(self, mac: str, state: str) -> bool:
        """Whether a device with ``mac`` may not join the Wi-Fi in filter mode ``state``."""
        entry = self.entries.get(mac.upper())
        if state == "blacklist":
            return entry is not None and entry["type"] == "blacklist"
        if state == "whitelist":
            return entry is None or entry["type"] != "whitelist"
        return False
