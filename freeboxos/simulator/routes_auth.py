"""Login API: authorize, track, challenge, session, logout."""

from __future__ import annotations

from aiohttp import web

from .envelope import ApiError, ok
from .routing import AUTH_HEADER, Route, int_param, json_body, route, state_of

_TOKEN_REQUEST_FIELDS = ("app_id", "app_name", "app_version", "device_name")


@route("POST", "login/authorize/", public=True)
async def request_authorization(request: web.Request) -> web.Response:
    """An app asks for an app_token; the front panel asks the user."""
    body = json_body(request)
    values = [body.get(name) for name in _TOKEN_REQUEST_FIELDS]
    if not all(isinstance(v, str) and v for v in values):
        raise ApiError("invalid_request")
    app_id, app_name, app_version, device_name = (str(v) for v in values)
    if state_of(request).auth.refuses_pairing_from(request.host):
        raise ApiError(
            "denied_from_external_ip",
            "Impossible d'autoriser une application depuis une IP externe",
            extra={"uid": state_of(request).box.uid},
        )
    record = state_of(request).request_authorization(app_id, app_name, app_version, device_name)
    return ok({"app_token": record.app_token, "track_id": record.track_id})


@route("GET", "login/authorize/{track_id}", public=True)
async def track_authorization(request: web.Request) -> web.Response:
    """The status of an authorization request, with the current challenge."""
    state = state_of(request)
    status = state.auth.track_status(int_param(request, "track_id"))
    return ok({"status": status, "challenge": state.auth.challenge})


@route("GET", "login/", public=True)
async def get_challenge(request: web.Request) -> web.Response:
    """Whether the caller is logged in, and the challenge to open a session."""
    state = state_of(request)
    logged_in = state.session_for(request.headers.get(AUTH_HEADER)) is not None
    return ok({"logged_in": logged_in, "challenge": state.auth.challenge})


@route("POST", "login/session/", public=True)
async def open_session(request: web.Request) -> web.Response:
    """Open a session with password = hmac-sha1(app_token, challenge)."""
    state = state_of(request)
    body = json_body(request)
    app_id, password = body.get("app_id"), body.get("password")
    if not isinstance(app_id, str) or not isinstance(password, str):
        raise ApiError("invalid_request")
    try:
        session, record = state.auth.open_session(app_id, password)
    except ApiError as exc:
        exc.extra.setdefault("uid", state.box.uid)
        raise
    return ok(
        {
            "session_token": session.token,
            "challenge": state.auth.challenge,
            "permissions": dict(record.permissions),
        }
    )


@route("POST", "login/logout/", public=True)
async def logout(request: web.Request) -> web.Response:
    """Close the caller's session (if it has one)."""
    state_of(request).auth.close_session(request.headers.get(AUTH_HEADER))
    return ok()


ROUTES: list[Route] = [
    request_authorization,
    track_authorization,
    get_challenge,
    open_session,
    logout,
]
