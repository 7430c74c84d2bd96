"""The simulator's aiohttp application: routes, recording, the box's error envelope."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from . import (
    routes_auth,
    routes_box,
    routes_controls,
    routes_downloads,
    routes_home,
    routes_notif,
    routes_phone,
    routes_player,
    routes_sharing,
    routes_tv,
    routes_wifi,
    routes_ws,
)
from .envelope import ApiError, fail
from .recording import RequestBody, parse_body, record
from .routing import BODY_KEY, STATE_KEY, Handler, Route, guard, state_of
from .state import SimulatorState

logger = logging.getLogger(__name__)

ROUTES: list[Route] = [
    *routes_auth.ROUTES,
    *routes_notif.ROUTES,
    *routes_downloads.ROUTES,
    *routes_wifi.ROUTES,
    *routes_player.ROUTES,
    *routes_tv.ROUTES,
    *routes_home.ROUTES,
    *routes_box.ROUTES,
    *routes_sharing.ROUTES,
    *routes_phone.ROUTES,
    *routes_controls.ROUTES,
    *routes_ws.ROUTES,
]
_MAX_BODY = 16 * 1024 * 1024


@web.middleware
async def unplugged_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """An unplugged box answers nothing: the connection is cut before any response.

    A held request (``SimulatorState.hold``) waits here for ``release()`` instead.
    """
    if state_of(request).unplugged:
        if request.transport is not None:
            request.transport.abort()
        # Nothing reaches the client: the transport is gone before this is written.
        return web.Response(status=503)
    await state_of(request).sit_on(request.path)
    return await handler(request)


@web.middleware
async def envelope_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every error into the box's envelope; log surprises as 500."""
    try:
        return await handler(request)
    except ApiError as exc:
        return exc.to_response()
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return fail("invalid_request", "Requête invalide", status=exc.status)
    except Exception:
        logger.exception("simulator error on %s %s", request.method, request.path)
        return fail("internal_error", "Erreur interne", status=500)


@web.middleware
async def recording_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Parse the body once, and record the request before anything can refuse it."""
    state = state_of(request)
    try:
        body = await parse_body(request)
    except web.HTTPException:
        state.record_request(record(request, RequestBody(kind="invalid")))
        raise
    state.record_request(record(request, body))
    request[BODY_KEY] = body
    return await handler(request)


async def api_version(request: web.Request) -> web.Response:
    """``GET /api_version``: discovery, without the envelope (as on the box)."""
    return web.json_response(state_of(request).box.api_version())


async def _close_state(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[STATE_KEY].aclose()


async def _drop_websockets(app: web.Application) -> None:
    await app[STATE_KEY].drop_websockets()


def add_routes(app: web.Application, routes: list[Route]) -> None:
    """Register ``routes`` under ``/api/v{N}/``, with and without a trailing slash."""
    for api_route in routes:
        handler = guard(api_route)
        path = "/api/v{version:\\d+}/" + api_route.path.strip("/")
        for variant in (path, f"{path}/"):
            app.router.add_route(api_route.method, variant, handler)


def create_simulator_app(state: SimulatorState) -> web.Application:
    """Build the simulated box's application around ``state``.

    Args:
        state: the box's state, kept under ``STATE_KEY``; tests drive it directly.

    Returns:
        The application, ready for ``TestServer`` or ``AppRunner``.
    """
    app = web.Application(
        middlewares=[unplugged_middleware, envelope_middleware, recording_middleware],
        client_max_size=_MAX_BODY,
    )
    app[STATE_KEY] = state
    app.router.add_get("/api_version", api_version)
    add_routes(app, ROUTES)
    app.cleanup_ctx.append(_close_state)
    app.on_shutdown.append(_drop_websockets)
    return app
