"""Parental control profiles and their network control (doc lines 18595-18990, v8+).

The profiles are the document's list example (line 18620); their network controls take
the examples' MAC addresses and host names (lines 18878, 18918). An override with an
end time lifts itself once the clock passes it, as the box's does.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any, Final

from .envelope import ApiError, JsonObject

MODES: Final = frozenset({"allowed", "denied", "webonly"})

EXAMPLE_PROFILES: Final[list[JsonObject]] = [
    {"id": 2, "name": "r0r0", "url": "/resources/images/profile/profile_04.png"},
    {"id": 7, "name": "Xav", "url": "/resources/images/profile/profile_02.png"},
]

EXAMPLE_CONTROLS: Final[dict[int, tuple[list[str], list[str]]]] = {
    2: (["D8:A2:CA:FE:BA:DF", "D0:23:BE:DE:AD:EF"], ["PC-de-mamie", "Cantal-chromebook"]),
    7: (["98:E8:FA:FE:BA:42", "2C:CC:44:D1:AD:4F"], ["3DS-Thibault", "Vita-Rodolphe"]),
}


def _control(profile_id: int, macs: list[str], hosts: list[str]) -> JsonObject:
    return {
        "profile_id": profile_id,
        "next_change": 0,
        "override": False,
        "override_mode": "allowed",
        "override_until": 0,
        "rule_mode": "allowed",
        "current_mode": "allowed",
        "macs": list(macs),
        "hosts": list(hosts),
        "resolution": 288,
        "cdayranges": [],
    }


class Profiles:
    """Profiles by id and the network control of each."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        #: wall-clock seconds; tests replace it to make an override end
        self.clock = clock
        self.profiles: dict[int, JsonObject] = {p["id"]: dict(p) for p in EXAMPLE_PROFILES}
        self.controls: dict[int, JsonObject] = {
            profile_id: _control(profile_id, *example)
            for profile_id, example in EXAMPLE_CONTROLS.items()
        }

    def all(self) -> list[JsonObject]:
        """Every Profile."""
        return [dict(p) for p in self.profiles.values()]

    def get(self, profile_id: int) -> JsonObject:
        """One Profile.

        Raises:
            ApiError: ``noent``.
        """
        profile = self.profiles.get(profile_id)
        if profile is None:
            raise ApiError("noent")
        return dict(profile)

    def controls_all(self) -> list[JsonObject]:
        """Every NetworkControl, as it stands now."""
        return [self.control(profile_id) for profile_id in self.controls]

    def control(self, profile_id: int) -> JsonObject:
        """One NetworkControl, an expired override lifted first.

        Raises:
            ApiError: ``noent``.
        """
        control = self.controls.get(profile_id)
        if control is None:
            raise ApiError("noent")
        until = control["override_until"]
        if control["override"] and until and until <= self.clock():
            control["override"] = False
        control["current_mode"] = (
            control["override_mode"] if control["override"] else control["rule_mode"]
        )
        control["next_change"] = until if control["override"] else 0
        return copy.deepcopy(control)

    def update(self, profile_id: int, body: JsonObject) -> JsonObject:
        """``PUT network_control/{id}``: override, override_mode, override_until, macs.

        Raises:
            ApiError: ``noent`` or ``inval``.
        """
        self.control(profile_id)
        control = self.controls[profile_id]
        override: Any = body.get("override", control["override"])
        mode: Any = body.get("override_mode", control["override_mode"])
        until: Any = body.get("override_until", control["override_until"])
        macs: Any = body.get("macs", control["macs"])
        if not isinstance(override, bool) or mode not in MODES:
            raise ApiError("inval")
        if not isinstance(until, int) or isinstance(until, bool) or until < 0:
            raise ApiError("inval", "override_until invalide")
        if not isinstance(macs, list) or not all(isinstance(m, str) for m in macs):
            raise ApiError("inval")
        control.update(override=override, override_mode=mode, override_until=until, macs=list(macs))
        return self.control(profile_id)
