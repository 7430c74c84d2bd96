"""Whether the box can reach NOTIF_PUBLIC_URL, as far as the URL alone tells.

The box calls this URL from the home network: a loopback host means the box itself
(unless the box is on loopback too, as the simulator is), and a single-label name such as
`bot` is usually a container-internal name that the box's resolver does not know.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def unreachable_reason(public_url: str, freebox_url: str | None) -> str | None:
    """Why the box probably cannot call `public_url`, or None when nothing says so."""
    host = (urlsplit(public_url).hostname or "").lower()
    box_host = (urlsplit(freebox_url).hostname or "").lower() if freebox_url else ""
    if _is_loopback(host) and not _is_loopback(box_host):
        return f"its host {host} is this machine's loopback, which the Freebox cannot reach"
    if host and "." not in host and ":" not in host and not _is_loopback(host):
        return (
            f"its host {host!r} is a single-label name (a container-internal name?) "
            "that the Freebox's resolver does not know"
        )
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
