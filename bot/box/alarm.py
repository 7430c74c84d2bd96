"""The alarm control unit among the home nodes, and the endpoints the bot drives.

Endpoint ids differ between boxes (on a Delta, slot `off` is 4 and `skip` is 3), so
endpoints are found by name in the node's endpoints: slots `alarm1` (main alarm),
`alarm2` (night alarm) and `off`, signals `state` and `pin`. A box whose node does
not name them still describes its `alarm_control` tile, whose data follow the index
table of the document ("Alarm control"): the fallback. No I/O here.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from freeboxos import EndpointScalar, HomeNode, HomeTile

ALARM_NODE_TYPE = "node::domus::freebox::secmod"
ALARM_CATEGORY = "alarm"
ALARM_TILE_TYPE = "alarm_control"
MAIN, NIGHT, OFF = "alarm1", "alarm2", "off"
ARM_MODES = (MAIN, NIGHT)
IDLE = "idle"

# name -> (ep_type, index in the alarm_control tile's data), from the document's table:
# 0 state, 1 main alarm, 2 night alarm, 3 off, 4 skip the timer, 5 PIN, 6 error.
_ENDPOINTS: Mapping[str, tuple[str, int]] = {
    "state": ("signal", 0),
    MAIN: ("slot", 1),
    NIGHT: ("slot", 2),
    OFF: ("slot", 3),
    "pin": ("signal", 5),
}
_REQUIRED = ("state", MAIN, NIGHT, OFF)


class AlarmNotFoundError(LookupError):
    """The box has no alarm control unit, or neither names nor a tile tell its endpoints."""


@dataclass(frozen=True)
class AlarmEndpoints:
    """Where the alarm is driven: its node and the ids of the endpoints used."""

    node_id: int
    label: str
    state: int
    main: int
    night: int
    off: int
    pin: int | None  # the signal reading the PIN back; None: the box does not say

    def slot(self, action: str) -> int:
        """The slot for `action`: "alarm1", "alarm2" or "off"."""
        return {MAIN: self.main, NIGHT: self.night, OFF: self.off}[action]

    def to_data(self) -> dict[str, Any]:
        """A JSON-able form, for button data."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AlarmEndpoints:
        pin = data.get("pin")
        return cls(
            node_id=int(data["node_id"]),
            label=str(data.get("label") or ""),
            state=int(data["state"]),
            main=int(data["main"]),
            night=int(data["night"]),
            off=int(data["off"]),
            pin=None if pin is None else int(pin),
        )


def find_alarm_node(nodes: Iterable[HomeNode]) -> HomeNode | None:
    """The alarm control unit: by its type name, else by its category."""
    candidates = list(nodes)
    for node in candidates:
        if node.type.name == ALARM_NODE_TYPE:
            return node
    for node in candidates:
        if node.category == ALARM_CATEGORY:
            return node
    return None


def needs_tileset(node: HomeNode) -> bool:
    """Whether some endpoint is not named on the node, so the tile must be read."""
    return any(_by_name(node, name) is None for name in _ENDPOINTS)


def alarm_endpoints(node: HomeNode, tiles: Sequence[HomeTile] = ()) -> AlarmEndpoints:
    """The alarm's endpoints, by name, else by index in the node's alarm_control tile.

    Raises:
        AlarmNotFoundError: a required endpoint (state, alarm1, alarm2, off) is found
            neither way.
    """
    tile = _alarm_tile(node, tiles)
    found: dict[str, int | None] = {}
    for name, (_, index) in _ENDPOINTS.items():
        endpoint_id = _by_name(node, name)
        if endpoint_id is None and tile is not None and index < len(tile.data):
            endpoint_id = tile.data[index].ep_id
        found[name] = endpoint_id
    ids = {name: endpoint_id for name, endpoint_id in found.items() if endpoint_id is not None}
    missing = [name for name in _REQUIRED if name not in ids]
    if missing:
        raise AlarmNotFoundError(f"alarm node {node.id}: no endpoint for {', '.join(missing)}")
    return AlarmEndpoints(
        node_id=node.id,
        label=node.label,
        state=ids["state"],
        main=ids[MAIN],
        night=ids[NIGHT],
        off=ids[OFF],
        pin=ids.get("pin"),
    )


def _by_name(node: HomeNode, name: str) -> int | None:
    endpoint = node.find_endpoint(name, _ENDPOINTS[name][0])
    return None if endpoint is None else endpoint.id


def _alarm_tile(node: HomeNode, tiles: Sequence[HomeTile]) -> HomeTile | None:
    controls = [t for t in tiles if t.type == ALARM_TILE_TYPE]
    for tile in controls:
        if tile.node_id == node.id:
            return tile
    # A tile without node_id can only be this node's when it is the only alarm control.
    unnamed = [t for t in controls if t.node_id is None]
    return unnamed[0] if len(controls) == 1 and unnamed else None


def pin_matches(given: str, held: EndpointScalar) -> bool:
    """Whether `given` is the PIN the alarm holds (a string, or an int per the document)."""
    if held is None or isinstance(held, bool) or held == "":
        return False
    if isinstance(held, int | float):
        # An int PIN lost its leading zeros: compare numbers, never an empty one.
        given = given.lstrip("0") or ("0" if given else "")
        held = str(int(held))
    return hmac.compare_digest(given.encode(), str(held).encode())
