"""Typed, frozen results of the FreeboxOS API.

Each model has a `from_api(data)` classmethod that takes the envelope's `result`
object. The box's quirks are absorbed here and nowhere else: booleans sent as
0/1 or "true", optional and missing fields, timestamps in seconds (0 meaning
"never"), base64-encoded paths, objects documented as arrays. Identity fields
(`id`) are required: a missing one raises KeyError, which the client reports.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Self

#: A home endpoint value: the box sends bool, int, float, string or null (void).
EndpointScalar = bool | int | float | str | None


# -- quirk helpers ------------------------------------------------------------


def _int(value: object, default: int = 0) -> int:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def _opt_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _bool(value: object) -> bool:
    """The box sends booleans as true/false, 0/1 and sometimes "true"/"1"."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _str(value: object, default: str = "") -> str:
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _timestamp(value: object) -> dt.datetime | None:
    """Seconds since the epoch as an aware UTC datetime; 0 or absent means never."""
    seconds = _opt_int(value)
    if not seconds:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _objects(value: object) -> list[Mapping[str, Any]]:
    """A list of JSON objects; anything else (null, missing) is an empty list."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _first_object(value: object) -> Mapping[str, Any] | None:
    """A non-empty object, or the first object of a list."""
    if isinstance(value, list):
        value = next(iter(_objects(value)), None)
    return value if isinstance(value, Mapping) and value else None


def _scalar(value: object) -> EndpointScalar:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def decode_path(value: object) -> str:
    """Decode a base64 path as the box sends it; leave an undecodable one as is."""
    raw = _str(value)
    try:
        return base64.b64decode(raw, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return raw


def encode_path(path: str) -> str:
    """Encode a path for the box (download_dir and file system APIs take base64)."""
    return base64.b64encode(path.encode("utf-8")).decode("ascii")


# -- authentication -----------------------------------------------------------


class AuthorizationRequest(NamedTuple):
    """The answer to login/authorize/: unpacks as `(app_token, track_id)`."""

    app_token: str
    track_id: int

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(app_token=_str(data["app_token"]), track_id=_int(data["track_id"]))

    def __repr__(self) -> str:
        return f"AuthorizationRequest(app_token=<hidden>, track_id={self.track_id})"


@dataclass(frozen=True, kw_only=True)
class AuthorizationStatus:
    """Progress of a pairing request, polled until it is no longer "pending".

    `status` is one of unknown, pending, timeout, granted, denied.
    """

    status: str
    challenge: str | None = None

    @property
    def is_pending(self) -> bool:
        return self.status == "pending"

    @property
    def is_granted(self) -> bool:
        return self.status == "granted"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            status=_str(data.get("status"), "unknown"), challenge=_opt_str(data.get("challenge"))
        )


@dataclass(frozen=True, kw_only=True)
class SessionInfo:
    """An open session: its token and the app's permissions (absent means False)."""

    session_token: str
    permissions: dict[str, bool]
    challenge: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        permissions = {str(k): _bool(v) for k, v in _mapping(data.get("permissions")).items()}
        return cls(
            session_token=_str(data["session_token"]),
            permissions=permissions,
            challenge=_opt_str(data.get("challenge")),
        )

    def __repr__(self) -> str:
        return f"SessionInfo(session_token=<hidden>, permissions={self.permissions!r})"


# -- notification targets -----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NotificationTarget:
    """A device the box pushes notifications to, through the server at `api_url`."""

    id: str
    name: str
    type: str
    subscriptions: tuple[str, ...]
    api_url: str | None = None
    message_type: str | None = None
    last_use: int = 0

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        subscriptions = data.get("subscriptions")
        return cls(
            id=_str(data["id"]),
            name=_str(data.get("name")),
            type=_str(data.get("type")),
            subscriptions=tuple(_str(s) for s in subscriptions or ()),
            api_url=_opt_str(data.get("api_url")),
            message_type=_opt_str(data.get("message_type")),
            last_use=_int(data.get("last_use")),
        )


# -- downloads ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DownloadTask:
    """A download task. Rates are in byte/s; `rx_pct`/`tx_pct` are scaled by 100."""

    id: int
    name: str
    type: str
    status: str
    size: int = 0
    rx_bytes: int = 0
    tx_bytes: int = 0
    rx_rate: int = 0
    tx_rate: int = 0
    rx_pct: int = 0
    tx_pct: int = 0
    eta: int = 0
    error: str = "none"
    download_dir: str = ""
    created_ts: dt.datetime | None = None
    queue_pos: int = 0
    io_priority: str = "normal"
    stop_ratio: int = 0
    info_hash: str | None = None

    @property
    def progress(self) -> float:
        """Received share of the download, from 0.0 to 1.0."""
        return min(max(self.rx_pct / 10000, 0.0), 1.0)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_int(data["id"]),
            name=_str(data.get("name")),
            type=_str(data.get("type")),
            status=_str(data.get("status")),
            size=_int(data.get("size")),
            rx_bytes=_int(data.get("rx_bytes")),
            tx_bytes=_int(data.get("tx_bytes")),
            rx_rate=_int(data.get("rx_rate")),
            tx_rate=_int(data.get("tx_rate")),
            rx_pct=_int(data.get("rx_pct")),
            tx_pct=_int(data.get("tx_pct")),
            eta=_int(data.get("eta")),
            error=_str(data.get("error"), "none"),
            download_dir=decode_path(data.get("download_dir")),
            created_ts=_timestamp(data.get("created_ts")),
            queue_pos=_int(data.get("queue_pos")),
            io_priority=_str(data.get("io_priority"), "normal"),
            stop_ratio=_int(data.get("stop_ratio")),
            info_hash=_opt_str(data.get("info_hash")) or None,
        )


@dataclass(frozen=True, kw_only=True)
class DownloadAddResult:
    """Ids of the tasks created by downloads/add (one per URL)."""

    ids: tuple[int, ...]

    @property
    def id(self) -> int:
        """The first (usually only) new task id."""
        return self.ids[0]

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        # One URL gives {"id": 23}; a URL list gives {"id": [32, 33, 34]}.
        raw = data["id"]
        ids = tuple(_int(i) for i in raw) if isinstance(raw, list) else (_int(raw),)
        return cls(ids=ids)


# -- Wi-Fi --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WifiGlobalConfig:
    """Whether Wi-Fi is on at all, and the MAC filter mode."""

    enabled: bool
    mac_filter_state: str = "disabled"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            enabled=_bool(data.get("enabled")),
            mac_filter_state=_str(data.get("mac_filter_state"), "disabled"),
        )


@dataclass(frozen=True, kw_only=True)
class GuestNetworkConfig:
    """The dedicated guest network that custom keys join (WifiCustomKeyConfig)."""

    ssid: str
    ssid_read_only: bool = False
    hide_ssid: bool = False
    encryption: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            ssid=_str(data.get("ssid")),
            ssid_read_only=_bool(data.get("ssid_read_only")),
            hide_ssid=_bool(data.get("hide_ssid")),
            encryption=_opt_str(data.get("encryption")),
        )


@dataclass(frozen=True, kw_only=True)
class WifiBss:
    """One BSS (an SSID on one radio), with the parameters in effect.

    Before v14 guest keys join an existing BSS: its SSID (`custom_key_ssid` in the
    status from v11) and its encryption are what a guest's phone needs.
    """

    id: str
    ssid: str = ""
    hide_ssid: bool = False
    encryption: str | None = None
    enabled: bool = True
    state: str = ""
    custom_key_ssid: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        # The parameters in effect are the shared ones or the BSS's own, as
        # use_shared_params says; `config` is what an edit would send.
        in_effect = "shared_bss_params" if _bool(data.get("use_shared_params")) else "bss_params"
        params = _mapping(data.get(in_effect)) or _mapping(data.get("config"))
        status = _mapping(data.get("status"))
        return cls(
            id=_str(data["id"]),
            ssid=_str(params.get("ssid")),
            hide_ssid=_bool(params.get("hide_ssid")),
            encryption=_opt_str(params.get("encryption")),
            enabled=_bool(params.get("enabled", True)),
            state=_str(status.get("state")),
            custom_key_ssid=_opt_str(status.get("custom_key_ssid")) or None,
        )


@dataclass(frozen=True, kw_only=True)
class WifiCustomKeyUser:
    """A device that joined with a guest key (WifiCustomKeyHost, doc line 10006): its
    name, and its MAC and address when the LAN browser knows the host."""

    hostname: str
    mac: str | None = None
    ip: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        host = _mapping(data.get("host"))
        l2 = _mapping(host.get("l2ident"))
        addresses = [
            _str(a.get("addr")) for a in _objects(host.get("l3connectivities")) if a.get("addr")
        ]
        return cls(
            hostname=_str(data.get("hostname") or host.get("primary_name")),
            mac=_opt_str(l2.get("id")) or None,
            ip=addresses[0] if addresses else None,
        )


@dataclass(frozen=True, kw_only=True)
class WifiCustomKey:
    """A guest Wi-Fi key. `access_type` is "net_only" (isolated) or "full".

    `max_use_count` 0 means unlimited; `remaining` 0 means it never expires.
    """

    id: int
    key: str
    description: str = ""
    max_use_count: int = 0
    duration: int = 0
    remaining: int = 0
    access_type: str = "net_only"
    use_count: int = 0
    user_names: tuple[str, ...] = ()
    users: tuple[WifiCustomKeyUser, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        params = _mapping(data.get("params"))
        users = _objects(data.get("users"))
        return cls(
            id=_int(data["id"]),
            key=_str(params.get("key")),
            description=_str(params.get("description")),
            max_use_count=_int(params.get("max_use_count")),
            duration=_int(params.get("duration")),
            remaining=_int(data.get("remaining")),
            access_type=_str(params.get("access_type"), "net_only"),
            use_count=len(users),
            user_names=tuple(_str(u.get("hostname")) for u in users),
            users=tuple(WifiCustomKeyUser.from_api(u) for u in users),
        )


# -- player -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Player:
    """A Freebox Player on the LAN; its own API version is part of control paths."""

    id: int
    device_name: str
    uid: str = ""
    reachable: bool = False
    api_available: bool = False
    api_version: str = ""
    stb_type: str | None = None

    @property
    def api_path(self) -> str:
        """The player's API root under the box's, e.g. "player/11/api/v6/"."""
        major = self.api_version.split(".", 1)[0] or "6"
        return f"player/{self.id}/api/v{major}/"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_int(data["id"]),
            device_name=_str(data.get("device_name")),
            uid=_str(data.get("uid")),
            reachable=_bool(data.get("reachable")),
            api_available=_bool(data.get("api_available")),
            api_version=_str(data.get("api_version")),
            stb_type=_opt_str(data.get("stb_type")),
        )


@dataclass(frozen=True, kw_only=True)
class PlayerForegroundApp:
    """The app in front on the player; its fields are left to each app's author."""

    package: str | None = None
    package_id: int | None = None
    cur_url: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            package=_opt_str(data.get("package")),
            package_id=_opt_int(data.get("package_id")),
            cur_url=_opt_str(data.get("cur_url")),
        )


@dataclass(frozen=True, kw_only=True)
class PlayerStatus:
    """Power state ("standby" or "running"), front app and media capabilities."""

    power_state: str
    foreground_app: PlayerForegroundApp | None = None
    media_name: str | None = None
    capabilities: frozenset[str] = frozenset()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        app = data.get("foreground_app")
        player = _mapping(data.get("player"))
        caps = _mapping(player.get("capabilities"))
        return cls(
            power_state=_str(data.get("power_state"), "unknown"),
            foreground_app=PlayerForegroundApp.from_api(app) if isinstance(app, Mapping) else None,
            media_name=_opt_str(player.get("name")),
            capabilities=frozenset(name for name, on in caps.items() if _bool(on)),
        )


@dataclass(frozen=True, kw_only=True)
class PlayerVolume:
    """Master volume (0-100) and mute."""

    volume: int
    mute: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(volume=_int(data.get("volume")), mute=_bool(data.get("mute")))


# -- home automation ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HomeEndpoint:
    """A node endpoint: a "slot" takes commands, a "signal" reports a value.

    The same shape serves a node's live `show_endpoints` (with `value`) and the
    definitions in its `type.endpoints` (without).
    """

    id: int
    ep_type: str
    name: str
    label: str = ""
    category: str = ""
    value: EndpointScalar = None
    value_type: str = "void"
    access: str | None = None
    visibility: str | None = None
    display: str | None = None
    unit: str | None = None
    refresh: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        # access sits in the endpoint per the document, in its "ui" on real boxes.
        ui = _mapping(data.get("ui"))
        return cls(
            id=_int(data["id"]),
            ep_type=_str(data.get("ep_type")),
            name=_str(data.get("name")),
            label=_str(data.get("label")),
            category=_str(data.get("category")),
            value=_scalar(data.get("value")),
            value_type=_str(data.get("value_type"), "void"),
            access=_opt_str(data.get("access") or ui.get("access")),
            visibility=_opt_str(data.get("visibility")),
            display=_opt_str(ui.get("display")),
            unit=_opt_str(ui.get("unit")) or None,
            refresh=_opt_int(data.get("refresh")),
        )


@dataclass(frozen=True, kw_only=True)
class HomeNodeType:
    """What kind of node this is, and the endpoints its kind defines."""

    name: str = ""
    label: str = ""
    icon: str | None = None
    inherit: str | None = None
    physical: bool = False
    endpoints: tuple[HomeEndpoint, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            name=_str(data.get("name")),
            label=_str(data.get("label")),
            icon=_opt_str(data.get("icon")),
            inherit=_opt_str(data.get("inherit")),
            physical=_bool(data.get("physical")),
            endpoints=tuple(HomeEndpoint.from_api(e) for e in _objects(data.get("endpoints"))),
        )


@dataclass(frozen=True, kw_only=True)
class HomeNode:
    """A home automation device (or virtual node) and its endpoints."""

    id: int
    name: str
    label: str = ""
    category: str = ""
    status: str | None = None
    adapter: int | None = None
    group: str = ""
    type: HomeNodeType = HomeNodeType()
    show_endpoints: tuple[HomeEndpoint, ...] = ()

    def find_endpoint(self, name: str, ep_type: str | None = None) -> HomeEndpoint | None:
        """Find an endpoint by name: a live one (with its value) or a type definition.

        Endpoint ids differ between boxes, names do not (alarm: slots "alarm1",
        "alarm2", "off", "pin"; signal "state", defined only in `type.endpoints`).
        """
        for endpoint in (*self.show_endpoints, *self.type.endpoints):
            if endpoint.name == name and ep_type in (None, endpoint.ep_type):
                return endpoint
        return None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_int(data["id"]),
            name=_str(data.get("name")),
            label=_str(data.get("label")),
            category=_str(data.get("category")),
            status=_opt_str(data.get("status")),
            adapter=_opt_int(data.get("adapter")),
            group=_str(_mapping(data.get("group")).get("label")),
            type=HomeNodeType.from_api(_mapping(data.get("type"))),
            show_endpoints=tuple(
                HomeEndpoint.from_api(e) for e in _objects(data.get("show_endpoints"))
            ),
        )


@dataclass(frozen=True, kw_only=True)
class HomeTileData:
    """One value shown on a tile, tied to endpoint `ep_id` of the tile's node."""

    ep_id: int
    label: str = ""
    value: EndpointScalar = None
    value_type: str = "void"
    access: str | None = None
    display: str | None = None
    refresh: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        ui = _mapping(data.get("ui"))
        return cls(
            ep_id=_int(data["ep_id"]),
            label=_str(data.get("label")),
            value=_scalar(data.get("value")),
            value_type=_str(data.get("value_type"), "void"),
            access=_opt_str(ui.get("access")),
            display=_opt_str(ui.get("display")),
            refresh=_opt_int(data.get("refresh")),
        )


@dataclass(frozen=True, kw_only=True)
class HomeTile:
    """A user-facing tile (alarm_control, alarm_sensor, light, camera, info...)."""

    node_id: int | None
    type: str
    label: str = ""
    action: str | None = None
    ep_type: str | None = None
    group: str = ""
    data: tuple[HomeTileData, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            node_id=_opt_int(data.get("node_id")),
            type=_str(data.get("type")),
            label=_str(data.get("label")),
            action=_opt_str(data.get("action")),
            ep_type=_opt_str(data.get("ep_type")),
            group=_str(_mapping(data.get("group")).get("label")),
            data=tuple(HomeTileData.from_api(d) for d in _objects(data.get("data"))),
        )


@dataclass(frozen=True, kw_only=True)
class EndpointValue:
    """The current value of one endpoint; `refresh` is the polling period in ms."""

    value: EndpointScalar
    value_type: str = "void"
    unit: str | None = None
    refresh: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            value=_scalar(data.get("value")),
            value_type=_str(data.get("value_type"), "void"),
            unit=_opt_str(data.get("unit")) or None,
            refresh=_opt_int(data.get("refresh")),
        )


# -- calls --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CallEntry:
    """A call log entry. `type` is missed, accepted or outgoing."""

    id: int
    type: str
    datetime: dt.datetime
    number: str
    name: str = ""
    duration: int = 0
    new: bool = False
    contact_id: int | None = None
    line_id: int = 0

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        when = _timestamp(data.get("datetime")) or dt.datetime.fromtimestamp(0, tz=dt.UTC)
        return cls(
            id=_int(data["id"]),
            type=_str(data.get("type")),
            datetime=when,
            number=_str(data.get("number")),
            name=_str(data.get("name")),
            duration=_int(data.get("duration")),
            new=_bool(data.get("new")),
            # 0 means the number matched no contact.
            contact_id=_opt_int(data.get("contact_id")) or None,
            line_id=_int(data.get("line_id")),
        )


# -- LAN browser --------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LanInterface:
    """A browsable LAN interface ("pub", "wifiguest"...)."""

    name: str
    host_count: int = 0

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(name=_str(data["name"]), host_count=_int(data.get("host_count")))


@dataclass(frozen=True, kw_only=True)
class LanHostL2Ident:
    """Layer 2 identity, usually `type` "mac_address"."""

    id: str
    type: str = "mac_address"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(id=_str(data.get("id")), type=_str(data.get("type"), "mac_address"))


@dataclass(frozen=True, kw_only=True)
class LanHostName:
    """A name the box learnt for a host, and where from (dhcp, mdns, upnp...)."""

    name: str
    source: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(name=_str(data.get("name")), source=_str(data.get("source")))


@dataclass(frozen=True, kw_only=True)
class LanHostL3Connectivity:
    """One IP address of a host (`af` is "ipv4" or "ipv6")."""

    addr: str
    af: str
    active: bool = False
    reachable: bool = False
    last_activity: dt.datetime | None = None
    last_time_reachable: dt.datetime | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            addr=_str(data.get("addr")),
            af=_str(data.get("af")),
            active=_bool(data.get("active")),
            reachable=_bool(data.get("reachable")),
            last_activity=_timestamp(data.get("last_activity")),
            last_time_reachable=_timestamp(data.get("last_time_reachable")),
        )


@dataclass(frozen=True, kw_only=True)
class LanHost:
    """A host seen on a LAN interface."""

    id: str
    primary_name: str
    host_type: str = "other"
    vendor_name: str = ""
    default_name: str = ""
    interface: str | None = None
    model: str | None = None
    l2ident: LanHostL2Ident | None = None
    names: tuple[LanHostName, ...] = ()
    l3connectivities: tuple[LanHostL3Connectivity, ...] = ()
    active: bool = False
    reachable: bool = False
    persistent: bool = False
    primary_name_manual: bool = False
    first_activity: dt.datetime | None = None
    last_activity: dt.datetime | None = None
    last_time_reachable: dt.datetime | None = None

    @property
    def mac(self) -> str | None:
        """The MAC address, when the layer 2 identity is one."""
        if self.l2ident is None or self.l2ident.type != "mac_address":
            return None
        return self.l2ident.id

    @property
    def ipv4(self) -> str | None:
        """The first active IPv4 address, else the first IPv4 address known."""
        addrs = [c for c in self.l3connectivities if c.af == "ipv4"]
        active = [c for c in addrs if c.active]
        return (active or addrs)[0].addr if addrs else None

    @property
    def display_name(self) -> str:
        """The best name to show a human: primary, default, a learnt name, the MAC."""
        for candidate in (self.primary_name, self.default_name, *(n.name for n in self.names)):
            if candidate:
                return candidate
        return self.mac or self.id

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        # l2ident is documented as an array and sent as an object: accept both.
        l2 = _first_object(data.get("l2ident"))
        return cls(
            id=_str(data["id"]),
            primary_name=_str(data.get("primary_name")),
            host_type=_str(data.get("host_type"), "other"),
            vendor_name=_str(data.get("vendor_name")),
            default_name=_str(data.get("default_name")),
            interface=_opt_str(data.get("interface")),
            model=_opt_str(data.get("model")),
            l2ident=LanHostL2Ident.from_api(l2) if l2 else None,
            names=tuple(LanHostName.from_api(n) for n in _objects(data.get("names"))),
            l3connectivities=tuple(
                LanHostL3Connectivity.from_api(c) for c in _objects(data.get("l3connectivities"))
            ),
            active=_bool(data.get("active")),
            reachable=_bool(data.get("reachable")),
            persistent=_bool(data.get("persistent")),
            primary_name_manual=_bool(data.get("primary_name_manual")),
            first_activity=_timestamp(data.get("first_activity")),
            last_activity=_timestamp(data.get("last_activity")),
            last_time_reachable=_timestamp(data.get("last_time_reachable")),
        )


# -- system and connection ----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SystemSensor:
    """A temperature sensor (°C) or fan (RPM); `value` is None when unread."""

    id: str
    name: str
    value: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_str(data.get("id")), name=_str(data.get("name")), value=_opt_int(data.get("value"))
        )


@dataclass(frozen=True, kw_only=True)
class SystemInfo:
    """The box itself: model, serial, firmware, uptime, sensors."""

    firmware_version: str
    mac: str
    serial: str
    board_name: str
    model_name: str = ""
    model_pretty_name: str = ""
    uptime: str = ""
    uptime_val: int = 0
    disk_status: str | None = None
    box_authenticated: bool = False
    user_main_storage: str | None = None
    sensors: tuple[SystemSensor, ...] = ()
    fans: tuple[SystemSensor, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        model = _mapping(data.get("model_info"))
        return cls(
            firmware_version=_str(data.get("firmware_version")),
            mac=_str(data.get("mac")),
            serial=_str(data.get("serial")),
            board_name=_str(data.get("board_name")),
            model_name=_str(model.get("name")),
            model_pretty_name=_str(model.get("pretty_name")),
            uptime=_str(data.get("uptime")),
            uptime_val=_int(data.get("uptime_val")),
            disk_status=_opt_str(data.get("disk_status")),
            box_authenticated=_bool(data.get("box_authenticated")),
            user_main_storage=_opt_str(data.get("user_main_storage")),
            sensors=tuple(SystemSensor.from_api(s) for s in _objects(data.get("sensors"))),
            fans=tuple(SystemSensor.from_api(f) for f in _objects(data.get("fans"))),
        )


@dataclass(frozen=True, kw_only=True)
class ConnectionStatus:
    """The Internet link. Rates in byte/s, bandwidths in bit/s; IPs only when up."""

    state: str
    type: str = ""
    media: str = ""
    ipv4: str | None = None
    ipv6: str | None = None
    rate_down: int = 0
    rate_up: int = 0
    bandwidth_down: int = 0
    bandwidth_up: int = 0
    bytes_down: int = 0
    bytes_up: int = 0
    ipv4_port_range: tuple[int, int] | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        ports = data.get("ipv4_port_range")
        port_range = (
            (_int(ports[0]), _int(ports[1]))
            if isinstance(ports, list) and len(ports) == 2
            else None
        )
        return cls(
            state=_str(data.get("state"), "down"),
            type=_str(data.get("type")),
            media=_str(data.get("media")),
            ipv4=_opt_str(data.get("ipv4")) or None,
            ipv6=_opt_str(data.get("ipv6")) or None,
            rate_down=_int(data.get("rate_down")),
            rate_up=_int(data.get("rate_up")),
            bandwidth_down=_int(data.get("bandwidth_down")),
            bandwidth_up=_int(data.get("bandwidth_up")),
            bytes_down=_int(data.get("bytes_down")),
            bytes_up=_int(data.get("bytes_up")),
            ipv4_port_range=port_range,
        )


@dataclass(frozen=True, kw_only=True)
class TvChannel:
    """A channel of the box's TV bouquet: the number a remote types and the name people say.

    The box lists names by uuid (`tv/channels/`) and numbers by uuid in the bouquet
    (`tv/bouquets/freeboxtv/channels/`); a channel is both joined.
    """

    number: int
    name: str
    uuid: str
    available: bool = True
