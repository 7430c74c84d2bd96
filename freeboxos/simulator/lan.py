"""The LAN browser: interfaces and the hosts seen on them."""

from __future__ import annotations

import copy
import time
from typing import Any, Final

from .envelope import ApiError, JsonObject
from .fixtures import LAN_HOSTS

HOST_TYPES: Final = frozenset(
    {
        "workstation", "laptop", "smartphone", "tablet", "printer", "vg_console",
        "television", "nas", "ip_camera", "ip_phone", "freebox_player", "freebox_hd",
        "freebox_crystal", "freebox_mini", "freebox_delta", "freebox_one", "freebox_wifi",
        "freebox_pop", "networking_device", "multimedia_device", "car", "watch", "light",
        "outlet", "appliances", "thermostat", "shutter", "other",
    }
)  # fmt: skip


def make_host(
    interface: str, mac: str, name: str, ip: str, host_type: str = "smartphone"
) -> JsonObject:
    """A LanHost seen for the first time, just now, shaped like real-box hosts."""
    now = int(time.time())
    return {
        "l2ident": {"id": mac.upper(), "type": "mac_address"},
        "active": True,
        "persistent": False,
        "names": [{"name": name, "source": "dhcp"}],
        "vendor_name": "",
        "host_type": host_type,
        "interface": interface,
        "id": f"ether-{mac.lower()}",
        "last_time_reachable": now,
        "primary_name_manual": False,
        "l3connectivities": [
            {
                "addr": ip,
                "active": True,
                "reachable": True,
                "last_activity": now,
                "af": "ipv4",
                "last_time_reachable": now,
            }
        ],
        "default_name": name,
        "reachable": True,
        "last_activity": now,
        "first_activity": now,
        "primary_name": name,
    }


class LanBrowser:
    """Hosts by interface (``pub`` the main LAN, ``wifiguest`` the guest Wi-Fi)."""

    def __init__(self) -> None:
        self.hosts: dict[str, list[JsonObject]] = {
            "pub": copy.deepcopy(LAN_HOSTS),
            "wifiguest": [
                make_host("wifiguest", "aa:bb:cc:00:00:01", "Pixel-de-Camille", "192.168.27.65")
            ],
        }
        self.wol: list[tuple[str, JsonObject]] = []

    def interfaces(self) -> list[JsonObject]:
        """``GET lan/browser/interfaces/``."""
        return [{"name": name, "host_count": len(hosts)} for name, hosts in self.hosts.items()]

    def hosts_on(self, interface: str) -> list[JsonObject]:
        """The hosts of ``interface``.

        Raises:
            ApiError: ``nodev``.
        """
        hosts = self.hosts.get(interface)
        if hosts is None:
            raise ApiError("nodev")
        return hosts

    def get(self, interface: str, host_id: str) -> JsonObject:
        """One host.

        Raises:
            ApiError: ``nodev`` or ``nohost``.
        """
        for host in self.hosts_on(interface):
            if host["id"] == host_id:
                return host
        raise ApiError("nohost")

    def find(self, host_id: str) -> JsonObject:
        """A host on any interface.

        Raises:
            KeyError: no such host.
        """
        for hosts in self.hosts.values():
            for host in hosts:
                if host["id"] == host_id:
                    return host
        raise KeyError(host_id)

    def update(self, interface: str, host_id: str, changes: JsonObject) -> JsonObject:
        """``PUT lan/browser/{interface}/{host_id}/``: primary_name, host_type, persistent.

        Raises:
            ApiError: ``nodev``, ``nohost`` or ``inval``.
        """
        host = self.get(interface, host_id)
        name: Any = changes.get("primary_name")
        if name is not None:
            if not isinstance(name, str) or not name:
                raise ApiError("inval")
            host["primary_name"] = name
            host["primary_name_manual"] = True
        host_type: Any = changes.get("host_type")
        if host_type is not None:
            if host_type not in HOST_TYPES:
                raise ApiError("inval")
            host["host_type"] = host_type
        persistent: Any = changes.get("persistent")
        if persistent is not None:
            if not isinstance(persistent, bool):
                raise ApiError("inval")
            host["persistent"] = persistent
        return host

    def add(self, host: JsonObject) -> JsonObject:
        """Add (or replace) a host on its interface."""
        hosts = self.hosts.setdefault(str(host.get("interface", "pub")), [])
        hosts[:] = [h for h in hosts if h["id"] != host["id"]]
        hosts.append(host)
        return host

    def set_reachable(self, host_id: str, reachable: bool) -> JsonObject:
        """Mark a host and its addresses (un)reachable.

        Raises:
            KeyError: no such host.
        """
        host = self.find(host_id)
        now = int(time.time())
        host["reachable"] = reachable
        host["active"] = reachable
        for l3 in host.get("l3connectivities", []):
            l3["reachable"] = reachable
            l3["active"] = reachable
            if reachable:
                l3["last_time_reachable"] = l3["last_activity"] = now
        if reachable:
            host["last_time_reachable"] = host["last_activity"] = now
        return host
