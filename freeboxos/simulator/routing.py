"""Route tables and what every API handler shares: state, session, parsed body.

Each ``routes_*`` module declares a list of ``Route``s: the path under
``/api/v{N}/``, whether it needs a session (default: yes) and which permission
(if any). ``app.py`` turns them into aiohttp routes guarded accordingly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from aiohttp import web

from .auth import Session
from .envelope import ApiError, JsonObject
from .recording import RequestBody
from .state import SimulatorState
from .versions import refuse_endpoint, refuse_fields

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

STATE_KEY: Final = web.AppKey("freebox_simulator_state", SimulatorState)
BODY_KEY: Final = web.RequestKey("freebox_simulator_body", RequestBody)
SESSION_KEY: Final = web.RequestKey("freebox_simulator_session", Session)

AUTH_HEADER: Final = "X-Fbx-App-Auth"


@dataclass(frozen=True)
class Route:
    """One API route: ``path`` is relative to ``/api/v{N}/``."""

    method: str
    path: str
    handler: Handler
    public: bool = False
    permission: str | None = None


def route(
    method: str, path: str, *, public: bool = False, permission: str | None = None
) -> Callable[[Handler], Route]:
    """Decorator turning a handler into a ``Route``."""

    def wrap(handler: Handler) -> Route:
        return Route(method, path, handler, public, permission)

    return wrap


def guard(route: Route) -> Handler:
    """Wrap a handler with the API version checks, the session check and the permission."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        box = state_of(request).box
        version = int(request.match_info.get("version", box.major))
        if not 1 <= version <= box.major:
            raise ApiError("invalid_api_version", status=404)
        refuse_endpoint(box.version, route.path)
        if not route.public:
            session = authenticate(request)
            if route.permission is not None:
                require(request, session, route.permission)
        body = body_of(request)
        if body.kind == "json" and isinstance(body.json, dict):
            refuse_fields(box.version, request.method, route.path, body.json)
        return await route.handler(request)

    return guarded


def authenticate(request: web.Request) -> Session:
    """The session of ``request``.

    Raises:
        ApiError: ``auth_required`` without a valid ``X-Fbx-App-Auth``.
    """
    state = state_of(request)
    session = state.session_for(request.headers.get(AUTH_HEADER))
    if session is None:
        raise ApiError(
            "auth_required",
            extra={"uid": state.box.uid},
            result={"challenge": state.auth.challenge},
        )
    request[SESSION_KEY] = session
    return session


def require(request: web.Request, session: Session, permission: str) -> None:
    """Check one permission of the session's app.

    Raises:
        ApiError: ``insufficient_rights`` with ``missing_right``.
    """
    state = state_of(request)
    if not state.auth.permissions_of(session).get(permission, False):
        raise ApiError(
            "insufficient_rights", extra={"uid": state.box.uid, "missing_right": permission}
        )


def state_of(request: web.Request) -> SimulatorState:
    """The simulator state of the app serving ``request``."""
    return request.app[STATE_KEY]


def body_of(request: web.Request) -> RequestBody:
    """The body parsed by the recording middleware."""
    return request.get(BODY_KEY) or RequestBody(kind="empty")


def json_body(request: web.Request, *, required: bool = True) -> JsonObject:
    """The JSON object sent with ``request``.

    Raises:
        ApiError: ``invalid_request`` for a body that is not a JSON object
            (or no body when ``required``).
    """
    body = body_of(request)
    if body.kind == "empty" and not required:
        return {}
    if body.kind != "json" or not isinstance(body.json, dict):
        raise ApiError("invalid_request")
    return body.json


def int_param(request: web.Request, name: str, error_code: str = "invalid_request") -> int:
    """An integer path parameter.

    Raises:
        ApiError: ``error_code`` when it is not an integer.
    """
    try:
        return int(request.match_info[name])
    except (KeyError, ValueError) as exc:
        raise ApiError(error_code) from exc
