"""The box itself: its model, its API version and what that version allows, the link."""

from __future__ import annotations

import asyncio
import ipaddress
from urllib.parse import urlsplit

from bot.doctor.report import Line, ok, warn
from freeboxos import DiscoveredBox, create_ssl_context
from freeboxos.capabilities import Capability, can_push, missing, since_text
from freeboxos.tls import LOCAL_HOSTNAME

#: Said by a line of its own (push), or a detail nobody needs (where the guest SSID is read).
_SAID_OTHERWISE = frozenset({Capability.PUSH_TO_US, Capability.GUEST_SSID_IN_BSS})


def version_lines(box: DiscoveredBox) -> list[Line]:
    """The model and version, one warning per thing the version lacks (worded as /pair and
    /help word it), and whether the box can push to us."""
    version = box.api.api_version
    model = box.api.box_model_name or box.api.box_model or box.api.device_name or "Freebox"
    lines = [ok("doctor-box-model", model=model, version=version)]
    lacking = [c for c in missing(version) if c not in _SAID_OTHERWISE]
    lines += [warn(f"version-lacks-{c.value}", since=since_text(c)) for c in lacking]
    if not can_push(version):
        lines.append(warn("doctor-push-unavailable", version=version))
    elif not lacking:
        lines.append(ok("doctor-box-complete", version=version))
    return lines


async def link_line(box: DiscoveredBox, seconds: float) -> Line:
    """Local or remote, and how the connection is secured."""
    parts = urlsplit(box.base_url)
    host = parts.hostname or ""
    where = "local" if _is_local(host) else "remote"
    if parts.scheme == "http":
        # FREEBOX_URL accepts plain http only on loopback: a simulator.
        return ok("doctor-link-plain-loopback", url=box.base_url)
    issuer = await _issuer(host, parts.port or 443, seconds)
    return ok("doctor-link-tls", where=where, url=box.base_url, issuer=issuer or "?")


def _is_local(host: str) -> bool:
    if host == LOCAL_HOSTNAME:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback


async def _issuer(host: str, port: int, seconds: float) -> str | None:
    """Who signed the box's certificate (one of the bundled Freebox roots), by a handshake
    verified against those roots alone."""
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=create_ssl_context(), server_hostname=host),
            seconds,
        )
    except (OSError, TimeoutError):
        return None
    try:
        certificate = writer.get_extra_info("peercert") or {}
    finally:
        writer.close()
    for entry in certificate.get("issuer", ()):
        for key, value in entry:
            if key == "commonName":
                return str(value)
    return None
