"""Guest Wi-Fi: custom keys, the dedicated guest network's config (v14+) and the BSSs.

Before v14 guest keys work on the existing BSSs (doc line 9908): a guest joins the
SSID the BSS status names ``custom_key_ssid`` (from v11, line 282), with the BSS's
encryption.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from .envelope import ApiError, JsonObject

ACCESS_TYPES: Final = frozenset({"full", "net_only"})


@dataclass
class CustomKey:
    """A guest Wi-Fi access (WifiCustomKey) and when it was created."""

    id: int
    description: str
    key: str
    max_use_count: int
    duration: int
    access_type: str
    created_at: float
    users: list[JsonObject] = field(default_factory=list)

    def remaining(self, now: float) -> int:
        """Seconds left before the key is revoked; 0 means it never expires."""
        if self.duration == 0:
            return 0
        return max(1, round(self.duration - (now - self.created_at)))

    def expired(self, now: float) -> bool:
        """True once the key's duration has elapsed."""
        return self.duration > 0 and now - self.created_at >= self.duration

    def to_api(self, now: float) -> JsonObject:
        """The key as ``GET wifi/custom_key/{id}`` shows it."""
        return {
            "id": self.id,
            "remaining": self.remaining(now),
            "params": {
                "max_use_count": self.max_use_count,
                "description": self.description,
                "duration": self.duration,
                "access_type": self.access_type,
                "key": self.key,
            },
            "users": list(self.users),
        }


def make_bss(bss_id: str, phy_id: int, ssid: str, encryption: str = "wpa2_psk_ccmp") -> JsonObject:
    """A WifiBss using its own parameters, shaped like the document's example."""
    params = {"enabled": True, "ssid": ssid, "encryption": encryption, "hide_ssid": False}
    return {
        "id": bss_id,
        "phy_id": phy_id,
        "use_shared_params": False,
        "config": dict(params),
        "bss_params": dict(params),
        "shared_bss_params": dict(params),
        "status": {"state": "active", "sta_count": 1, "authorized_sta_count": 1},
    }


def _int_field(params: JsonObject, name: str, default: int, low: int, high: int) -> int:
    value: Any = params.get(name, default)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)  # the document's own example sends "100"
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError("inval", f"{name} invalide")
    return value


class GuestWifi:
    """Custom keys by id, and the guest network config.

    Args:
        clock: wall clock for key expiry, injectable for tests.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.keys: dict[int, CustomKey] = {}
        self.config: JsonObject = {
            "ssid": "Freebox-C0001B-guest",
            "ssid_read_only": False,
            "hide_ssid": False,
            "encryption": "wpa2_psk",
        }
        self._next_id = 1
        self.bss: list[JsonObject] = [
            make_bss("F4:CA:E5:00:00:01", 0, "Freebox-C0001B"),
            make_bss("F4:CA:E5:00:00:02", 1, "Freebox-C0001B"),
        ]
        #: what the BSS status calls ``custom_key_ssid`` (reported from v11)
        self.custom_key_ssid = "Freebox-C0001B"

    def bss_api(self, version: tuple[int, int]) -> list[JsonObject]:
        """``GET wifi/bss/`` as a box of ``version`` answers it."""
        answer = copy.deepcopy(self.bss)
        if version >= (11, 0):
            for bss in answer:
                bss["status"]["custom_key_ssid"] = self.custom_key_ssid
        return answer

    def set_encryption(self, encryption: str) -> None:
        """Every BSS switches to ``encryption`` (e.g. ``wpa3_psk_ccmp``, WPA3 only)."""
        for bss in self.bss:
            for params in ("config", "bss_params", "shared_bss_params"):
                bss[params]["encryption"] = encryption

    def now(self) -> float:
        """The clock keys are measured with."""
        return self._clock()

    def live(self) -> list[CustomKey]:
        """Live keys (expired ones are revoked first)."""
        now = self._clock()
        for key_id in [k.id for k in self.keys.values() if k.expired(now)]:
            del self.keys[key_id]
        return list(self.keys.values())

    def get(self, key_id: int) -> CustomKey:
        """The key ``key_id``.

        Raises:
            ApiError: ``noent``.
        """
        self.live()
        key = self.keys.get(key_id)
        if key is None:
            raise ApiError("noent", "Aucune clé avec cet identifiant")
        return key

    def create(self, params: JsonObject) -> CustomKey:
        """Create a key from WifiCustomKeyParams.

        Raises:
            ApiError: ``inval`` for a missing or bad parameter.
        """
        key = params.get("key")
        if not isinstance(key, str) or not 8 <= len(key) <= 63:
            raise ApiError("inval", "La clé doit faire entre 8 et 63 caractères")
        access_type = params.get("access_type", "full")
        if access_type not in ACCESS_TYPES:
            raise ApiError("inval", "access_type invalide")
        description = params.get("description", "")
        if not isinstance(description, str):
            raise ApiError("inval", "description invalide")
        custom_key = CustomKey(
            id=self._next_id,
            description=description,
            key=key,
            max_use_count=_int_field(params, "max_use_count", 0, 0, 127),
            duration=_int_field(params, "duration", 0, 0, 10 * 365 * 86400),
            access_type=str(access_type),
            created_at=self._clock(),
        )
        self.keys[custom_key.id] = custom_key
        self._next_id += 1
        return custom_key

    def delete(self, key_id: int) -> None:
        """Revoke a key.

        Raises:
            ApiError: ``noent``.
        """
        self.get(key_id)
        del self.keys[key_id]

    def update_config(self, changes: JsonObject) -> JsonObject:
        """Apply ``PUT wifi/custom_keys/config/`` (only ``ssid`` can change).

        Raises:
            ApiError: ``inval``.
        """
        ssid = changes.get("ssid")
        if ssid is not None:
            if not isinstance(ssid, str) or not 1 <= len(ssid.encode()) <= 32:
                raise ApiError("inval", "SSID invalide")
            if self.config["ssid_read_only"]:
                raise ApiError("inval", "Le SSID ne peut pas être modifié")
            self.config["ssid"] = ssid
        return dict(self.config)
