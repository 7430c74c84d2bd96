"""Player API: list, status, open URL, media control, volume.

Paths nest the player's own API version: ``player/{id}/api/v6/...``.
"""

from __future__ import annotations

from aiohttp import web

from .envelope import ApiError, ok
from .player import Player
from .routing import Route, int_param, json_body, route, state_of

_PERMISSION = "player"
_PLAYER_API = "player/{player_id}/api/v{player_version:\\d+}"


def _player(request: web.Request) -> Player:
    player = state_of(request).players.get(int_param(request, "player_id", "noent"))
    if player is None:
        raise ApiError("noent", "Aucun player avec cet identifiant")
    return player


@route("GET", "player/", permission=_PERMISSION)
async def list_players(request: web.Request) -> web.Response:
    """Every player on the LAN."""
    state = state_of(request)
    return ok([p.to_api() for p in state.players.values()], omit_empty=state.omit_empty_lists)


@route("GET", f"{_PLAYER_API}/status/", permission=_PERMISSION)
async def player_status(request: web.Request) -> web.Response:
    """Power state, and the foreground app when running."""
    return ok(_player(request).status())


@route("POST", f"{_PLAYER_API}/control/open", permission=_PERMISSION)
async def open_url(request: web.Request) -> web.Response:
    """Open a URL (video, web page, ``tv:?channel=2``...) on the player."""
    body = json_body(request)
    url, mime_type = body.get("url"), body.get("type", "")
    if not isinstance(url, str) or not url or not isinstance(mime_type, str):
        raise ApiError("inval")
    _player(request).open(url, mime_type)
    return ok()


@route("POST", f"{_PLAYER_API}/control/mediactrl/", permission=_PERMISSION)
async def media_control(request: web.Request) -> web.Response:
    """play_pause, stop, prev, next..."""
    cmd = json_body(request).get("cmd")
    if not isinstance(cmd, str):
        raise ApiError("inval")
    _player(request).media_control(cmd)
    return ok()


@route("GET", f"{_PLAYER_API}/control/volume/", permission=_PERMISSION)
async def get_volume(request: web.Request) -> web.Response:
    """Volume and mute."""
    return ok(_player(request).volume_view())


@route("PUT", f"{_PLAYER_API}/control/volume/", permission=_PERMISSION)
async def set_volume(request: web.Request) -> web.Response:
    """Change volume and/or mute."""
    body = json_body(request)
    return ok(_player(request).set_volume(body.get("volume"), body.get("mute")))


ROUTES: list[Route] = [
    list_players,
    player_status,
    open_url,
    media_control,
    get_volume,
    set_volume,
]
