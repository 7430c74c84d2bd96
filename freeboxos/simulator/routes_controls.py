"""Household controls: profiles' network control (``profile``), the Wi-Fi switch and the
MAC filter (reading free, writing ``settings``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .envelope import ApiError, ok
from .mac_filter import FILTER_STATES
from .routing import Route, int_param, json_body, route, state_of

_PROFILE = "profile"
_SETTINGS = "settings"


@route("GET", "profile/", permission=_PROFILE)
async def list_profiles(request: web.Request) -> web.Response:
    """Every Profile."""
    state = state_of(request)
    return ok(state.profiles.all(), omit_empty=state.omit_empty_lists)


@route("GET", "profile/{profile_id}", permission=_PROFILE)
async def get_profile(request: web.Request) -> web.Response:
    """One Profile."""
    return ok(state_of(request).profiles.get(int_param(request, "profile_id", "noent")))


@route("GET", "network_control/", permission=_PROFILE)
async def list_network_controls(request: web.Request) -> web.Response:
    """The NetworkControl of every profile."""
    state = state_of(request)
    return ok(state.profiles.controls_all(), omit_empty=state.omit_empty_lists)


@route("GET", "network_control/{profile_id}", permission=_PROFILE)
async def get_network_control(request: web.Request) -> web.Response:
    """One profile's NetworkControl."""
    return ok(state_of(request).profiles.control(int_param(request, "profile_id", "noent")))


@route("PUT", "network_control/{profile_id}", permission=_PROFILE)
async def update_network_control(request: web.Request) -> web.Response:
    """Override (pause) or give back a profile's Internet access."""
    profile_id = int_param(request, "profile_id", "noent")
    state = state_of(request)
    control = state.profiles.update(profile_id, json_body(request))
    state.changed()
    return ok(control)


@route("PUT", "wifi/config/", permission=_SETTINGS)
async def update_wifi_config(request: web.Request) -> web.Response:
    """Switch Wi-Fi on or off, or change the MAC filter's mode."""
    body = json_body(request)
    state = state_of(request)
    enabled: Any = body.get("enabled", state.wifi_config["enabled"])
    mode: Any = body.get("mac_filter_state", state.wifi_config["mac_filter_state"])
    if not isinstance(enabled, bool) or mode not in FILTER_STATES:
        raise ApiError("inval")
    state.wifi_config.update(enabled=enabled, mac_filter_state=mode)
    state.changed()
    return ok(dict(state.wifi_config))


@route("GET", "wifi/mac_filter/")
async def list_mac_filters(request: web.Request) -> web.Response:
    """Every WifiMacFilter."""
    state = state_of(request)
    return ok(state.mac_filters.all(), omit_empty=state.omit_empty_lists)


@route("GET", "wifi/mac_filter/{filter_id}")
async def get_mac_filter(request: web.Request) -> web.Response:
    """One WifiMacFilter."""
    return ok(state_of(request).mac_filters.get(request.match_info["filter_id"]))


@route("POST", "wifi/mac_filter/", permission=_SETTINGS)
async def add_mac_filter(request: web.Request) -> web.Response:
    """Add a MAC address to the filter (its host name from the LAN browser, if known)."""
    state = state_of(request)
    body = json_body(request)
    try:
        host = state.lan.find(f"ether-{str(body.get('mac', '')).lower()}")
    except KeyError:
        host = {}
    entry = state.mac_filters.add(body, host.get("primary_name"))
    state.changed()
    return ok(entry)


@route("DELETE", "wifi/mac_filter/{filter_id}", permission=_SETTINGS)
async def delete_mac_filter(request: web.Request) -> web.Response:
    """Remove a MAC address from the filter."""
    state = state_of(request)
    state.mac_filters.delete(request.match_info["filter_id"])
    state.changed()
    return ok()


ROUTES: list[Route] = [
    list_profiles,
    get_profile,
    list_network_controls,
    get_network_control,
    update_network_control,
    update_wifi_config,
    list_mac_filters,
    get_mac_filter,
    add_mac_filter,
    delete_mac_filter,
]
