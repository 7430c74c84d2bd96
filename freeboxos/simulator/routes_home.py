"""Home API: adapters, nodes, endpoint values, tileset. Everything needs ``home``."""

from __future__ import annotations

from aiohttp import web

from .envelope import ApiError, ok
from .home import ADAPTERS
from .routing import Route, int_param, json_body, route, state_of

_PERMISSION = "home"


@route("GET", "home/adapters", permission=_PERMISSION)
async def list_adapters(request: web.Request) -> web.Response:
    """The home automation adapters."""
    return ok([dict(a) for a in ADAPTERS])


@route("GET", "home/nodes", permission=_PERMISSION)
async def list_nodes(request: web.Request) -> web.Response:
    """Every HomeNode, with current endpoint values."""
    return ok(state_of(request).home.nodes_view())


@route("GET", "home/nodes/{node_id}", permission=_PERMISSION)
async def get_node(request: web.Request) -> web.Response:
    """One HomeNode."""
    return ok(state_of(request).home.node_view(int_param(request, "node_id", "noent")))


@route("GET", "home/endpoints/{node_id}/{endpoint_id}", permission=_PERMISSION)
async def get_endpoint_value(request: web.Request) -> web.Response:
    """The value of a signal (or the last value pushed to a slot)."""
    node_id = int_param(request, "node_id", "noent")
    endpoint_id = int_param(request, "endpoint_id", "noent")
    return ok(state_of(request).home.value_view(node_id, endpoint_id))


@route("PUT", "home/endpoints/{node_id}/{endpoint_id}", permission=_PERMISSION)
async def set_endpoint_value(request: web.Request) -> web.Response:
    """Push ``{"value": ...}`` to a slot (arming the alarm, for instance)."""
    node_id = int_param(request, "node_id", "noent")
    endpoint_id = int_param(request, "endpoint_id", "noent")
    body = json_body(request)
    if "value" not in body:
        raise ApiError("inval", "value manquant")
    state_of(request).home.set_value(node_id, endpoint_id, body["value"])
    return ok()


@route("GET", "home/tileset/all", permission=_PERMISSION)
async def list_tiles(request: web.Request) -> web.Response:
    """Every tile (alarm control, alarm sensors)."""
    return ok(state_of(request).home.tiles())


@route("GET", "home/tileset/{node_id}", permission=_PERMISSION)
async def node_tiles(request: web.Request) -> web.Response:
    """The tiles of one node."""
    home = state_of(request).home
    node_id = int_param(request, "node_id", "noent")
    home.node(node_id)
    return ok(home.tiles(node_id))


ROUTES: list[Route] = [
    list_adapters,
    list_nodes,
    get_node,
    get_endpoint_value,
    set_endpoint_value,
    list_tiles,
    node_tiles,
]
