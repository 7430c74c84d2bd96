"""Home automation: nodes, endpoint values, tiles, and the alarm's behaviour.

The alarm control unit (``node::domus::freebox::secmod``) is modelled after a
real Freebox Delta: its slots ``alarm1`` (main), ``alarm2`` (night), ``off`` and
``skip`` change the ``state`` signal; slot ``pin`` sets the PIN that signal
``pin`` reads back, which is how an app checks a PIN before disarming.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any, Final

from .envelope import ApiError, JsonObject
from .fixtures import HOME_NODES

ALARM_TYPE: Final = "node::domus::freebox::secmod"
ALARM_STATES: Final = frozenset(
    {
        "idle",
        "alarm1_arming",
        "alarm2_arming",
        "alarm1_armed",
        "alarm2_armed",
        "alarm1_alert_timer",
        "alarm2_alert_timer",
        "alert",
    }
)
#: Endpoint names of the alarm node, in the order of the alarm_control tile's data
#: (the document's index table).
ALARM_TILE_ORDER: Final = (
    ("signal", "state"),
    ("slot", "alarm1"),
    ("slot", "alarm2"),
    ("slot", "off"),
    ("slot", "skip"),
    ("signal", "pin"),
    ("signal", "error"),
)
SENSOR_TILE_ORDER: Final = ("trigger", "cover", "battery", "1battery")

_DEFAULTS: Final[dict[str, Any]] = {"void": None, "string": "", "int": 0, "bool": False}

ADAPTERS: Final[list[JsonObject]] = [
    {
        "icon_url": "/resources/images/home/adapters/domus.png",
        "id": 5,
        "label": "Réseau Domus",
        "props": {"Network ID": 50791},
        "status": "active",
        "type": {"name": "adapter::domus"},
    }
]


def _type_matches(value: Any, value_type: str) -> bool:
    if value_type == "void":
        return True
    if value_type == "bool":
        return isinstance(value, bool)
    if value_type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if value_type == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if value_type == "string":
        return isinstance(value, str)
    return True


class HomeState:
    """Nodes and the current value of each of their endpoints.

    Args:
        arming_delay: seconds the alarm stays ``alarmN_arming`` before it is
            armed (0: armed at once).
        pin: the alarm's PIN code.
    """

    def __init__(self, *, arming_delay: float = 0.0, pin: str = "0000") -> None:
        self.nodes: list[JsonObject] = copy.deepcopy(HOME_NODES)
        self.values: dict[tuple[int, int], Any] = {}
        self.arming_delay = arming_delay
        self.writes: list[tuple[int, int, Any]] = []
        self._arming: asyncio.TimerHandle | None = None
        for node in self.nodes:
            for endpoint in node.get("type", {}).get("endpoints", []):
                default = _DEFAULTS.get(endpoint.get("value_type", ""), None)
                self.values[(node["id"], endpoint["id"])] = default
            for endpoint in node.get("show_endpoints", []):
                self.values[(node["id"], endpoint["id"])] = endpoint.get("value")
        alarm = self.alarm_node()
        if alarm is not None:
            self._set_named(alarm, "signal", "state", "idle")
            self._set_named(alarm, "signal", "error", "")
            self._set_named(alarm, "signal", "pin", pin)
            self._set_named(alarm, "signal", "battery_warning", 0)

    # -- lookups ---------------------------------------------------------------

    def node(self, node_id: int) -> JsonObject:
        """The node ``node_id``.

        Raises:
            ApiError: ``noent``.
        """
        for node in self.nodes:
            if node["id"] == node_id:
                return node
        raise ApiError("noent", "Aucun objet avec cet identifiant")

    def endpoint(self, node_id: int, endpoint_id: int) -> JsonObject:
        """The type description of an endpoint (``ep_type``, ``value_type``...).

        Raises:
            ApiError: ``noent``.
        """
        node = self.node(node_id)
        for endpoint in self._endpoints_of(node):
            if endpoint["id"] == endpoint_id:
                return endpoint
        raise ApiError("noent", "Aucun endpoint avec cet identifiant")

    def alarm_node(self) -> JsonObject | None:
        """The alarm control unit, if the box has one."""
        for node in self.nodes:
            if node.get("type", {}).get("name") == ALARM_TYPE:
                return node
        return None

    def alarm_state(self) -> str:
        """The alarm's ``state`` signal (``idle`` without an alarm)."""
        alarm = self.alarm_node()
        return "idle" if alarm is None else str(self._get_named(alarm, "signal", "state"))

    def alarm_pin(self) -> str:
        """The PIN of the alarm, as its ``pin`` signal reads it."""
        alarm = self.alarm_node()
        return "" if alarm is None else str(self._get_named(alarm, "signal", "pin"))

    # -- API views -------------------------------------------------------------

    def nodes_view(self) -> list[JsonObject]:
        """``GET home/nodes``, show_endpoints carrying current values."""
        return [self.node_view(node["id"]) for node in self.nodes]

    def node_view(self, node_id: int) -> JsonObject:
        """``GET home/nodes/{id}``."""
        node = copy.deepcopy(self.node(node_id))
        for endpoint in node.get("show_endpoints", []):
            endpoint["value"] = self.values.get((node_id, endpoint["id"]))
        return node

    def value_view(self, node_id: int, endpoint_id: int) -> JsonObject:
        """``GET home/endpoints/{node_id}/{endpoint_id}``."""
        endpoint = self.endpoint(node_id, endpoint_id)
        body: JsonObject = {}
        if endpoint.get("ep_type") == "signal":
            body["refresh"] = 2000
        body["value"] = self.values.get((node_id, endpoint_id))
        body["value_type"] = endpoint.get("value_type", "void")
        return body

    def tiles(self, node_id: int | None = None) -> list[JsonObject]:
        """``GET home/tileset/all`` (or the tiles of one node)."""
        tiles = [self._tile(node) for node in self.nodes]
        return [t for t in tiles if t is not None and node_id in (None, t["node_id"])]

    # -- writes ----------------------------------------------------------------

    def set_value(self, node_id: int, endpoint_id: int, value: Any) -> None:
        """Push a value to a slot, with the side effects the real node has.

        Raises:
            ApiError: ``noent`` or ``inval`` (a signal, or a value of the wrong type).
        """
        endpoint = self.endpoint(node_id, endpoint_id)
        if endpoint.get("ep_type") != "slot":
            raise ApiError("inval", "Seuls les endpoints de type slot acceptent une valeur")
        if not _type_matches(value, str(endpoint.get("value_type", "void"))):
            raise ApiError("inval", "Type de valeur invalide")
        self.writes.append((node_id, endpoint_id, value))
        self.values[(node_id, endpoint_id)] = value
        if self.node(node_id).get("type", {}).get("name") == ALARM_TYPE:
            self._alarm_slot(str(endpoint["name"]), value)

    def arm(self, mode: str = "alarm1") -> None:
        """Arm the alarm (``alarm1`` main, ``alarm2`` night), after ``arming_delay``."""
        if self.alarm_node() is None:
            return
        self._cancel_arming()
        if self.arming_delay <= 0:
            self.set_alarm_state(f"{mode}_armed")
            return
        self.set_alarm_state(f"{mode}_arming")
        loop = asyncio.get_running_loop()
        self._arming = loop.call_later(self.arming_delay, self.finish_arming)

    def finish_arming(self) -> None:
        """End the arming countdown now (the ``skip`` slot)."""
        self._cancel_arming()
        state = self.alarm_state()
        if state.endswith("_arming"):
            self.set_alarm_state(state.replace("_arming", "_armed"))

    def disarm(self) -> None:
        """Turn the alarm off."""
        self._cancel_arming()
        self.set_alarm_state("idle")

    def set_alarm_state(self, state: str) -> None:
        """Force the alarm's ``state`` signal.

        Raises:
            ValueError: not one of the document's alarm states.
        """
        if state not in ALARM_STATES:
            raise ValueError(f"unknown alarm state {state!r}")
        alarm = self.alarm_node()
        if alarm is not None:
            self._set_named(alarm, "signal", "state", state)

    def close(self) -> None:
        """Cancel a pending arming countdown."""
        self._cancel_arming()

    # -- internals -------------------------------------------------------------

    def _alarm_slot(self, name: str, value: Any) -> None:
        alarm = self.alarm_node()
        assert alarm is not None
        if name in ("alarm1", "alarm2"):
            self.arm(name)
        elif name == "off":
            self.disarm()
        elif name == "skip":
            self.finish_arming()
        elif name == "trigger":
            self.set_alarm_state("alert")
        elif name == "pin":
            self._set_named(alarm, "signal", "pin", value)
        elif self._find(alarm, "signal", name) is not None:
            self._set_named(alarm, "signal", name, value)

    def _cancel_arming(self) -> None:
        if self._arming is not None:
            self._arming.cancel()
            self._arming = None

    @staticmethod
    def _endpoints_of(node: JsonObject) -> list[JsonObject]:
        endpoints: list[JsonObject] = list(node.get("type", {}).get("endpoints", []))
        known = {e["id"] for e in endpoints}
        endpoints += [e for e in node.get("show_endpoints", []) if e["id"] not in known]
        return endpoints

    def _find(self, node: JsonObject, ep_type: str, name: str) -> JsonObject | None:
        for endpoint in self._endpoints_of(node):
            if endpoint.get("ep_type") == ep_type and endpoint.get("name") == name:
                return endpoint
        return None

    def _get_named(self, node: JsonObject, ep_type: str, name: str) -> Any:
        endpoint = self._find(node, ep_type, name)
        return None if endpoint is None else self.values.get((node["id"], endpoint["id"]))

    def _set_named(self, node: JsonObject, ep_type: str, name: str, value: Any) -> None:
        endpoint = self._find(node, ep_type, name)
        if endpoint is not None:
            self.values[(node["id"], endpoint["id"])] = value

    def _tile(self, node: JsonObject) -> JsonObject | None:
        category = node.get("category")
        if node.get("type", {}).get("name") == ALARM_TYPE:
            wanted = [self._find(node, t, n) for t, n in ALARM_TILE_ORDER]
            tile_type, ep_type = "alarm_control", "slot"
        elif category in ("dws", "pir"):
            found = [self._find(node, "signal", n) for n in SENSOR_TILE_ORDER]
            wanted = [e for e in found if e is not None]
            tile_type, ep_type = "alarm_sensor", "signal"
        else:
            return None
        data = [self._tile_data(node, e) for e in wanted if e is not None]
        return {
            "action": "none",
            "data": data,
            "ep_type": ep_type,
            "group": {"label": node.get("group", {}).get("label", "")},
            "label": node.get("label", ""),
            "node_id": node["id"],
            "type": tile_type,
        }

    def _tile_data(self, node: JsonObject, endpoint: JsonObject) -> JsonObject:
        access = "w" if endpoint.get("ep_type") == "slot" else "r"
        return {
            "ep_id": endpoint["id"],
            "label": endpoint.get("label", ""),
            "name": endpoint.get("name", ""),
            "refresh": 2000,
            "ui": {"access": access, "display": "text"},
            "value": self.values.get((node["id"], endpoint["id"])),
            "value_type": endpoint.get("value_type", "void"),
        }
