"""Devices joining the guest Wi-Fi with a custom key: the key's ``users``
(WifiCustomKeyHost, doc lines 10006-10014 and 10054), each with its LanHost."""

from __future__ import annotations

import copy

from .envelope import JsonObject
from .lan import LanBrowser, make_host
from .wifi import GuestWifi


def join_guest_key(
    wifi: GuestWifi, lan: LanBrowser, key_id: int, *, mac: str, hostname: str, ip: str
) -> JsonObject:
    """A guest's device joins with key ``key_id``: it appears on ``wifiguest`` and in the
    key's ``users``.

    Returns:
        The WifiCustomKeyHost added.

    Raises:
        ApiError: ``noent`` for an unknown or expired key.
        ValueError: the key already has ``max_use_count`` devices.
    """
    key = wifi.get(key_id)
    if key.max_use_count and len(key.users) >= key.max_use_count:
        raise ValueError(f"guest key {key_id} is full ({key.max_use_count} devices)")
    host = lan.add(make_host("wifiguest", mac, hostname, ip))
    user: JsonObject = {"hostname": hostname, "host": copy.deepcopy(host)}
    key.users.append(user)
    return user
