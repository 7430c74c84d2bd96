"""What each FreeboxOS API version allows, from the document's changelog.

Boxes in service report different versions (an Ultra was seen at 14.0, older
Revolutions stay lower), and a box answers what its version lacks with an error, not
with the newer behaviour. Every feature asks these pure functions, given the
`api_version` string the box reports ("15.0", "12.1"...), what it may use. The
line numbers in the comments are those of the API document.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Capability(StrEnum):
    """A feature of the box the bot relies on, named after what it does for the bot."""

    GUEST_KEYS = "guest_keys"
    HOME = "home"
    PLAYER = "player"
    NOTIFICATION_TARGETS = "notification_targets"
    EVENT_SOCKET = "event_socket"
    PUSH_TO_US = "push_to_us"
    GUEST_SSID_IN_BSS = "guest_ssid_in_bss"
    LAN_HOST_PUSH = "lan_host_push"
    PASSWORD_CHANGE_PUSH = "password_change_push"
    UNLIMITED_GUEST_KEYS = "unlimited_guest_keys"
    GUEST_NETWORK = "guest_network"


Version = tuple[int, int]

#: The first API version with each capability.
SINCE: Final[dict[Capability, Version]] = {
    # v5.0 "Added wifi WifiCustomKey api" (doc line 138): guest Wi-Fi keys.
    Capability.GUEST_KEYS: (5, 0),
    # v6.0 "Added Home API", "Player API", "Notification API" (lines 148-150).
    Capability.HOME: (6, 0),
    Capability.PLAYER: (6, 0),
    Capability.NOTIFICATION_TARGETS: (6, 0),
    # The event websocket is documented from /api/v8/ws/event (lines 191, 1106).
    Capability.EVENT_SOCKET: (8, 0),
    # v11.0 "Update notification API to be able to customize notification server"
    # (line 278): before it, a target has no api_url and the box pushes to Free only.
    Capability.PUSH_TO_US: (11, 0),
    # v11.0 "Add custom_key_ssid to BSS status" (line 282; the field: line 8368).
    Capability.GUEST_SSID_IN_BSS: (11, 0),
    # v12.0 the lan_host and password_change notification types (lines 310-311).
    Capability.LAN_HOST_PUSH: (12, 0),
    Capability.PASSWORD_CHANGE_PUSH: (12, 0),
    # v12.1 "WifiCustomKeyParams can now have a max_use_count of 0" (line 321).
    Capability.UNLIMITED_GUEST_KEYS: (12, 1),
    # v14.0 "The guest wifi is now using a dedicated network" (line 350), read with
    # GET wifi/custom_keys/config/ (line 9936).
    Capability.GUEST_NETWORK: (14, 0),
}

#: The notification subscriptions of v6 (table at doc line 18226; the example at
#: 18265 spells the download one "downloader", so both spellings are kept).
BASE_SUBSCRIPTIONS: Final = frozenset({"phone", "download", "downloader", "security", "box_state"})
#: Added in v12 (lines 310-311).
V12_SUBSCRIPTIONS: Final = frozenset({"lan_host", "password_change"})

#: Below v12.1 a guest key allows 1 to 127 devices (doc line 10028); 0 means unlimited after.
MAX_GUEST_KEY_USERS: Final = 127
UNLIMITED_GUEST_KEY_USERS: Final = 0


class GuestSsidSource(StrEnum):
    """Where the SSID guests join is read, which depends on the version."""

    GUEST_NETWORK = "guest_network"  # v14+: the dedicated network's config
    BSS_CUSTOM_KEY_SSID = "bss_custom_key_ssid"  # v11-13: the BSS status field
    BSS_SSID = "bss_ssid"  # below v11: keys work on the existing BSS (doc line 9908)


def parse_version(api_version: str) -> Version:
    """ "15.0" -> (15, 0); a missing or odd minor counts as 0 ("8" -> (8, 0)).

    Raises:
        ValueError: no numeric major.
    """
    major_text, _, minor_text = api_version.strip().partition(".")
    major = int(major_text)
    digits = "".join(c for c in minor_text.split(".", 1)[0] if c.isdigit())
    return major, int(digits) if digits else 0


def has(api_version: str, capability: Capability) -> bool:
    """Whether a box reporting `api_version` has `capability`."""
    return parse_version(api_version) >= SINCE[capability]


def missing(api_version: str) -> tuple[Capability, ...]:
    """What the version lacks, oldest capability first."""
    version = parse_version(api_version)
    ordered = sorted(SINCE.items(), key=lambda item: item[1])
    return tuple(capability for capability, since in ordered if version < since)


def since_text(capability: Capability) -> str:
    """The first version with `capability`, as the box writes it ("12.1")."""
    major, minor = SINCE[capability]
    return f"{major}.{minor}"


def can_push(api_version: str) -> bool:
    """Whether the box can push notifications to our server (an api_url on targets)."""
    return has(api_version, Capability.PUSH_TO_US)


def subscriptions_supported(api_version: str) -> frozenset[str]:
    """The notification subscription names a box of this version accepts on a target."""
    if not has(api_version, Capability.NOTIFICATION_TARGETS):
        return frozenset()
    if has(api_version, Capability.LAN_HOST_PUSH):
        return BASE_SUBSCRIPTIONS | V12_SUBSCRIPTIONS
    return BASE_SUBSCRIPTIONS


def guest_key_max_users(api_version: str) -> int:
    """The `max_use_count` for a guest key open to any number of devices."""
    if has(api_version, Capability.UNLIMITED_GUEST_KEYS):
        return UNLIMITED_GUEST_KEY_USERS
    return MAX_GUEST_KEY_USERS


def guest_ssid_source(api_version: str) -> GuestSsidSource:
    """Where to read the SSID a guest key joins."""
    if has(api_version, Capability.GUEST_NETWORK):
        return GuestSsidSource.GUEST_NETWORK
    if has(api_version, Capability.GUEST_SSID_IN_BSS):
        return GuestSsidSource.BSS_CUSTOM_KEY_SSID
    return GuestSsidSource.BSS_SSID


class Control(StrEnum):
    """An API a household control or a notification's button acts through (issue 13).

    Kept apart from `Capability` until the bot offers them: each `Capability` is a row
    of the README's compatibility table and a line of /doctor and /help.
    """

    DOWNLOAD_FILES = "download_files"
    DOWNLOAD_RETRY = "download_retry"
    SHARE_LINKS = "share_links"
    REMOTE_ACCESS_STATE = "remote_access_state"
    CONTACTS = "contacts"
    CALLS_MARK_READ = "calls_mark_read"
    VOICEMAIL = "voicemail"
    PROFILES = "profiles"
    WIFI_SWITCH = "wifi_switch"
    MAC_FILTER = "mac_filter"
    GUEST_KEY_USERS = "guest_key_users"
    REBOOT = "reboot"
    WAKE_ON_LAN = "wake_on_lan"
    HOST_RENAME = "host_rename"


#: The first API version with each control. The document's changelog starts at v1 to v2
#: (line 53): an API it never mentions is taken as there from v1.
CONTROL_SINCE: Final[dict[Control, Version]] = {
    # GET downloads/{id}/files (line 13043) with `preview_url` on bittorrent files:
    # "Added 'preview_url' to DownloadFile" in v4.0 (line 119).
    Control.DOWNLOAD_FILES: (4, 0),
    # PUT downloads/{id} with status "retry" (line 12367): in the first downloads API.
    Control.DOWNLOAD_RETRY: (1, 0),
    # share_link/ (lines 16082-16212): no changelog entry.
    Control.SHARE_LINKS: (1, 0),
    # GET connection/config/ `remote_access` (lines 2828-2852): no changelog entry.
    Control.REMOTE_ACCESS_STATE: (1, 0),
    # contact/ and number/ (lines 2151-2640): no changelog entry.
    Control.CONTACTS: (1, 0),
    # PUT call/log/{id} `new`, and "Added 'mark_all_as_read'" in v4.0 (line 117).
    Control.CALLS_MARK_READ: (4, 0),
    # "Expose voicemails left on the line" in v10.1 (line 247); API at lines 1801-1980.
    Control.VOICEMAIL: (10, 1),
    # "Profile API ... replaces parental control API" in v8.0 (line 168); network_control
    # with its override at lines 18782-18990.
    Control.PROFILES: (8, 0),
    # PUT wifi/config/ `enabled` (line 7430) and wifi/mac_filter/ (line 9002): the Wi-Fi
    # API as reworked in v2.0 (line 83).
    Control.WIFI_SWITCH: (2, 0),
    Control.MAC_FILTER: (2, 0),
    # WifiCustomKey `users` (line 10054): with the custom keys, v5.0 (line 138).
    Control.GUEST_KEY_USERS: (5, 0),
    # POST system/reboot/ (line 10389 on), POST lan/wol/{interface}/ (line 4454),
    # PUT lan/browser/{interface}/{id}/ (line 4312): no changelog entry.
    Control.REBOOT: (1, 0),
    Control.WAKE_ON_LAN: (1, 0),
    Control.HOST_RENAME: (1, 0),
}

#: The app permission each control needs (doc lines 866-876: reading settings needs none;
#: a box without it answers insufficient_rights with `missing_right`).
CONTROL_PERMISSION: Final[dict[Control, str | None]] = {
    Control.DOWNLOAD_FILES: "downloader",
    Control.DOWNLOAD_RETRY: "downloader",
    Control.SHARE_LINKS: "explorer",
    Control.REMOTE_ACCESS_STATE: None,
    Control.CONTACTS: "contacts",
    Control.CALLS_MARK_READ: "calls",
    Control.VOICEMAIL: "calls",
    Control.PROFILES: "profile",
    Control.WIFI_SWITCH: "settings",
    Control.MAC_FILTER: "settings",
    Control.GUEST_KEY_USERS: None,
    Control.REBOOT: "settings",
    Control.WAKE_ON_LAN: "settings",
    Control.HOST_RENAME: "settings",
}


def allows(api_version: str, control: Control) -> bool:
    """Whether a box reporting `api_version` has the API behind `control`."""
    return parse_version(api_version) >= CONTROL_SINCE[control]


def control_since_text(control: Control) -> str:
    """The first version with `control`, as the box writes it ("10.1")."""
    major, minor = CONTROL_SINCE[control]
    return f"{major}.{minor}"
