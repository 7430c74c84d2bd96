"""Wi-Fi: global config, BSSs, guest custom keys and the guest network config.

Reading is always allowed; writing needs the ``settings`` permission.
"""

from __future__ import annotations

from aiohttp import web

from .envelope import ok
from .routing import Route, int_param, json_body, route, state_of
from .versions import parse

_WRITE = "settings"


@route("GET", "wifi/config/")
async def get_wifi_config(request: web.Request) -> web.Response:
    """The global Wi-Fi state."""
    return ok(dict(state_of(request).wifi_config))


@route("GET", "wifi/bss/")
async def list_bss(request: web.Request) -> web.Response:
    """Every BSS (custom_key_ssid in the status from v11)."""
    state = state_of(request)
    return ok(state.wifi.bss_api(parse(state.box.version)))


@route("GET", "wifi/custom_key/")
async def list_custom_keys(request: web.Request) -> web.Response:
    """Every live WifiCustomKey."""
    state = state_of(request)
    now = state.wifi.now()
    keys = [k.to_api(now) for k in state.wifi.live()]
    return ok(keys, omit_empty=state.omit_empty_lists)


@route("POST", "wifi/custom_key/", permission=_WRITE)
async def create_custom_key(request: web.Request) -> web.Response:
    """Create a guest access; params may come flat (as in the document) or under "params"."""
    body = json_body(request)
    params = body["params"] if isinstance(body.get("params"), dict) else body
    wifi = state_of(request).wifi
    return ok(wifi.create(params).to_api(wifi.now()))


@route("GET", "wifi/custom_key/{key_id}")
async def get_custom_key(request: web.Request) -> web.Response:
    """One custom key."""
    wifi = state_of(request).wifi
    return ok(wifi.get(int_param(request, "key_id", "noent")).to_api(wifi.now()))


@route("DELETE", "wifi/custom_key/{key_id}", permission=_WRITE)
async def delete_custom_key(request: web.Request) -> web.Response:
    """Revoke a custom key."""
    state_of(request).wifi.delete(int_param(request, "key_id", "noent"))
    return ok()


@route("GET", "wifi/custom_keys/config/")
async def get_guest_config(request: web.Request) -> web.Response:
    """The guest network config (WifiCustomKeyConfig)."""
    return ok(dict(state_of(request).wifi.config))


@route("PUT", "wifi/custom_keys/config/", permission=_WRITE)
async def update_guest_config(request: web.Request) -> web.Response:
    """Rename the guest network."""
    return ok(state_of(request).wifi.update_config(json_body(request)))


ROUTES: list[Route] = [
    get_wifi_config,
    list_bss,
    list_custom_keys,
    create_custom_key,
    get_custom_key,
    delete_custom_key,
    get_guest_config,
    update_guest_config,
]
