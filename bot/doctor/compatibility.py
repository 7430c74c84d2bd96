"""The README's compatibility table, made from `freeboxos.capabilities` (a test checks the
README holds exactly this table, so the two cannot drift apart)."""

from __future__ import annotations

from typing import Final

from freeboxos.capabilities import SINCE, Capability, has, since_text

#: What each capability gives the household, and the permission it needs (ticked in
#: Freebox OS > Gestion des accès > Applications); "—" where the box asks for none.
FEATURES: Final[dict[Capability, tuple[str, str]]] = {
    Capability.GUEST_KEYS: ("`/guest`: guest Wi-Fi accesses", "settings"),
    Capability.HOME: ("`/alarm`: the alarm", "home"),
    Capability.PLAYER: ("`/player`: the Freebox Player", "player"),
    Capability.NOTIFICATION_TARGETS: ("notification targets on the box", "—"),
    Capability.EVENT_SOCKET: ("`/watch`: devices coming and going (event websocket)", "—"),
    Capability.PUSH_TO_US: ("notifications pushed to the bot (`/notifications`)", "—"),
    Capability.GUEST_SSID_IN_BSS: ("`/guest`: the guest network's own name", "—"),
    Capability.LAN_HOST_PUSH: ('"new device" notifications', "—"),
    Capability.PASSWORD_CHANGE_PUSH: ('"admin password changed" notifications', "—"),
    Capability.UNLIMITED_GUEST_KEYS: ("`/guest`: any number of devices per access", "settings"),
    Capability.GUEST_NETWORK: ("`/guest`: a separate guest network", "settings"),
}

#: Features every version has, with their permission.
ALWAYS: Final = (
    ("`/downloads`: the download manager", "downloader"),
    ("`/calls`: missed calls", "calls"),
)

#: The versions shown as columns: those of boxes in service, and each first version.
VERSIONS: Final = ("5.0", "6.0", "8.0", "10.0", "11.0", "12.0", "12.1", "13.0", "14.0", "15.0")


def markdown_table() -> str:
    """Feature x API version x permission, oldest capability first."""
    header = ["Feature", "Since API", "Permission", *(f"v{v}" for v in VERSIONS)]
    rows = [_row(header), _row(["---"] * len(header))]
    rows += [
        _row([feature, "all", permission, *["✅"] * len(VERSIONS)])
        for feature, permission in ALWAYS
    ]
    for capability in sorted(Capability, key=lambda c: SINCE[c]):
        feature, permission = FEATURES[capability]
        marks = ["✅" if has(v, capability) else "❌" for v in VERSIONS]
        rows.append(_row([feature, since_text(capability), permission, *marks]))
    return "\n".join(rows)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
