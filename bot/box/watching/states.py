"""The states the watcher follows: the Internet connection and the alarm.

Only settled states are compared: a connection `going_up` or an alarm counting down
while it arms is on its way somewhere, and the next reading tells where.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.box.alarm import (
    AlarmEndpoints,
    AlarmNotFoundError,
    alarm_endpoints,
    find_alarm_node,
    needs_tileset,
)
from bot.box.watching.events import WatchedEvent, alarm_triggered, box_state, notice
from bot.box.watching.sources import Look, Mark
from freeboxos import FreeboxClient

log = logging.getLogger(__name__)

UP, DOWN = "up", "down"
IDLE = "idle"
_TRIGGERED = frozenset({"alert", "alarm1_alert_timer", "alarm2_alert_timer"})
_ARMED = {"alarm1_armed": "main", "alarm2_armed": "night"}


class ConnectionState:
    """The Internet link: the box pushes `pub_up` when it is back; down is ours to say."""

    name = "connection"
    subscription = "box_state"

    def __init__(self, clock: Callable[[], datetime], zone: ZoneInfo) -> None:
        self._clock = clock
        self._zone = zone

    async def look(self, client: FreeboxClient, mark: Mark | None) -> Look:
        state = (await client.get_connection_status()).state
        at = self._clock().astimezone(self._zone).strftime("%H:%M")
        return connection_changes(state, mark, at)


def connection_changes(state: str, mark: Mark | None, at: str) -> Look:
    """Up to down, or down to up, since the mark (`at`: the local time of this reading)."""
    before = None if mark is None else mark.get("state")
    if state not in (UP, DOWN):
        return [], {"state": before}
    if mark is None or before is None or before == state:
        return [], {"state": state}
    if state == DOWN:
        return [notice("box_state", "watching-connection-down", time=at)], {"state": state}
    return [box_state("pub_up")], {"state": state}


class AlarmState:
    """The alarm's `state` signal; its endpoints are found once, as /alarm finds them."""

    name = "alarm"
    subscription = "security"

    def __init__(self) -> None:
        self._endpoints: AlarmEndpoints | None = None
        self._absent = False

    async def look(self, client: FreeboxClient, mark: Mark | None) -> Look:
        alarm = await self._locate(client)
        if alarm is None:
            return [], mark or {"state": None}
        value = (await client.get_endpoint_value(alarm.node_id, alarm.state)).value
        return alarm_changes(None if value is None else str(value), mark)

    async def _locate(self, client: FreeboxClient) -> AlarmEndpoints | None:
        if self._endpoints is not None or self._absent:
            return self._endpoints
        node = find_alarm_node(await client.list_home_nodes())
        try:
            if node is None:
                raise AlarmNotFoundError("no alarm control unit among the home nodes")
            tiles = await client.get_home_tileset() if needs_tileset(node) else []
            self._endpoints = alarm_endpoints(node, tiles)
        except AlarmNotFoundError as exc:
            log.info("watching the box: no alarm to follow (%s)", exc)
            self._absent = True  # asked again after a restart only
        return self._endpoints


def alarm_going_off(state: str | None) -> bool:
    """Whether the alarm's state says it was triggered (the siren, or its countdown)."""
    return state in _TRIGGERED


def alarm_changes(state: str | None, mark: Mark | None) -> Look:
    """Triggered, armed (main or night) or disarmed since the mark."""
    before = None if mark is None else mark.get("state")
    settled = state == IDLE or state in _TRIGGERED or state in _ARMED
    if state is None or not settled:
        return [], {"state": before}
    if mark is None or before is None or before == state:
        return [], {"state": state}
    events: list[WatchedEvent] = []
    if state in _TRIGGERED:
        if before not in _TRIGGERED:
            events.append(alarm_triggered())
    elif state in _ARMED:
        events.append(notice("security", "watching-alarm-armed", mode=_ARMED[state]))
    else:
        events.append(notice("security", "watching-alarm-disarmed"))
    return events, {"state": state}
