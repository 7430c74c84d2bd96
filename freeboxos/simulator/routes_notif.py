"""Notification targets API (``notif/targets``)."""

from __future__ import annotations

from aiohttp import web

from .envelope import ApiError, ok
from .routing import Route, json_body, route, state_of


@route("GET", "notif/targets/")
async def list_targets(request: web.Request) -> web.Response:
    """Every NotificationTarget."""
    state = state_of(request)
    targets = [t.to_api() for t in state.targets.values()]
    return ok(targets, omit_empty=state.omit_empty_lists)


@route("POST", "notif/targets/")
async def add_target(request: web.Request) -> web.Response:
    """Create a target; the box then calls ``POST {api_url}/register``."""
    state_of(request).create_target(json_body(request))
    return ok()


@route("GET", "notif/targets/{target_id}")
async def get_target(request: web.Request) -> web.Response:
    """One target; as in the document, the result is a one-element list."""
    target = state_of(request).targets.get(request.match_info["target_id"])
    if target is None:
        raise ApiError("noent", "Aucun appareil avec cet identifiant")
    return ok([target.to_api()])


@route("PUT", "notif/targets/{target_id}")
async def update_target(request: web.Request) -> web.Response:
    """Update a target (registered again if its token or api_url changed)."""
    state_of(request).update_target(request.match_info["target_id"], json_body(request))
    return ok()


@route("DELETE", "notif/targets/{target_id}")
async def delete_target(request: web.Request) -> web.Response:
    """Delete a target; the box then calls ``DELETE {api_url}/register/{box_id}/{id}``."""
    state_of(request).delete_target(request.match_info["target_id"])
    return ok()


ROUTES: list[Route] = [list_targets, add_target, get_target, update_target, delete_target]
