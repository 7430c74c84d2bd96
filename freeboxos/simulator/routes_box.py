"""System, connection, call log and LAN browser APIs."""

from __future__ import annotations

from aiohttp import web

from .envelope import ApiError, ok
from .routing import Route, int_param, json_body, route, state_of


@route("GET", "system/")
async def get_system(request: web.Request) -> web.Response:
    """SystemConfig."""
    return ok(state_of(request).system)


@route("POST", "system/reboot/", permission="settings")
async def reboot(request: web.Request) -> web.Response:
    """Reboot: the box pushes ``box_state``/``reboot``, then drops sessions and sockets."""
    state = state_of(request)
    state.spawn(state.reboot("reboot"))
    return ok()


@route("POST", "system/shutdown/", permission="settings")
async def shutdown(request: web.Request) -> web.Response:
    """Shut down: as reboot, with ``shut_down``."""
    state = state_of(request)
    state.spawn(state.reboot("shut_down"))
    return ok()


@route("GET", "connection/")
async def get_connection(request: web.Request) -> web.Response:
    """ConnectionStatus."""
    return ok(state_of(request).connection)


@route("GET", "call/log/", permission="calls")
async def list_calls(request: web.Request) -> web.Response:
    """Every CallEntry, newest first."""
    state = state_of(request)
    return ok(state.calls.entries, omit_empty=state.omit_empty_lists)


@route("POST", "call/log/delete_all/", permission="calls")
async def delete_all_calls(request: web.Request) -> web.Response:
    """Empty the call log."""
    state_of(request).calls.delete_all()
    return ok()


@route("POST", "call/log/mark_all_as_read/", permission="calls")
async def mark_all_calls_read(request: web.Request) -> web.Response:
    """Mark every call as seen."""
    state_of(request).calls.mark_all_as_read()
    return ok()


@route("GET", "call/log/{call_id}", permission="calls")
async def get_call(request: web.Request) -> web.Response:
    """One CallEntry."""
    return ok(state_of(request).calls.get(int_param(request, "call_id", "invalid_id")))


@route("PUT", "call/log/{call_id}", permission="calls")
async def update_call(request: web.Request) -> web.Response:
    """Mark one call as seen (or not)."""
    call_id = int_param(request, "call_id", "invalid_id")
    return ok(state_of(request).calls.update(call_id, json_body(request)))


@route("DELETE", "call/log/{call_id}", permission="calls")
async def delete_call(request: web.Request) -> web.Response:
    """Delete one call."""
    state_of(request).calls.delete(int_param(request, "call_id", "invalid_id"))
    return ok()


@route("GET", "call/account/", permission="calls")
async def call_account(request: web.Request) -> web.Response:
    """The line's phone number."""
    return ok({"phone_number": "0999999999"})


@route("GET", "lan/browser/interfaces/")
async def list_interfaces(request: web.Request) -> web.Response:
    """Browsable LAN interfaces and their host counts."""
    return ok(state_of(request).lan.interfaces())


@route("GET", "lan/browser/{interface}/")
async def list_hosts(request: web.Request) -> web.Response:
    """The LanHosts of an interface."""
    state = state_of(request)
    hosts = state.lan.hosts_on(request.match_info["interface"])
    return ok(hosts, omit_empty=state.omit_empty_lists)


@route("GET", "lan/browser/{interface}/{host_id}/")
async def get_host(request: web.Request) -> web.Response:
    """One LanHost."""
    info = request.match_info
    return ok(state_of(request).lan.get(info["interface"], info["host_id"]))


@route("PUT", "lan/browser/{interface}/{host_id}/", permission="settings")
async def update_host(request: web.Request) -> web.Response:
    """Rename a host, change its type or persistence."""
    info = request.match_info
    lan = state_of(request).lan
    return ok(lan.update(info["interface"], info["host_id"], json_body(request)))


@route("POST", "lan/wol/{interface}/", permission="settings")
async def wake_on_lan(request: web.Request) -> web.Response:
    """Send a Wake on LAN packet (recorded in ``state.lan.wol``)."""
    lan = state_of(request).lan
    interface = request.match_info["interface"]
    lan.hosts_on(interface)
    body = json_body(request)
    if not isinstance(body.get("mac"), str):
        raise ApiError("inval")
    lan.wol.append((interface, body))
    return ok()


ROUTES: list[Route] = [
    get_system,
    reboot,
    shutdown,
    get_connection,
    list_calls,
    delete_all_calls,
    mark_all_calls_read,
    call_account,
    get_call,
    update_call,
    delete_call,
    list_interfaces,
    list_hosts,
    get_host,
    update_host,
    wake_on_lan,
]
