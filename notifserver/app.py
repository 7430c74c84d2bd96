"""The aiohttp application: `{api_url}/register`, `/register/{box}/{device}` and `/send`.

`api_url` is NOTIF_PUBLIC_URL plus a secret segment per box; anything else is a 404.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from notifserver.connections import track_requests
from notifserver.contract import Registration, SendRequest
from notifserver.errors import (
    DEFAULT_BODY_TIMEOUT,
    RequestError,
    error_middleware,
    read_json_object,
)
from notifserver.keys import BODY_TIMEOUT, REGISTRY, SINK
from notifserver.ports import Endpoint, NotificationSink, RegisterOutcome, TargetRegistry

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 256 * 1024

_Body = TypeVar("_Body", bound=BaseModel)


def create_app(
    *,
    registry: TargetRegistry,
    sink: NotificationSink,
    path_prefix: str = "",
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
) -> web.Application:
    """Build the notification server.

    Args:
        registry: resolves secrets and binds targets to chats.
        sink: durably stores accepted notifications.
        path_prefix: the path of NOTIF_PUBLIC_URL, for reverse proxies that keep it;
            the routes also answer without it, for proxies that strip it.
        max_body_bytes: larger bodies get a 413.
        body_timeout: seconds a body may take to arrive; slower ones get a 408.
    """
    app = web.Application(
        client_max_size=max_body_bytes, middlewares=[track_requests, error_middleware]
    )
    app[REGISTRY] = registry
    app[SINK] = sink
    app[BODY_TIMEOUT] = body_timeout
    prefixes = {""} | ({"/" + path_prefix.strip("/")} if path_prefix.strip("/") else set())
    for prefix in sorted(prefixes):
        # Routes are matched in this order: `/send`, the one the box calls all day, first.
        app.router.add_post(prefix + "/{secret}/send", send)
        app.router.add_post(prefix + "/{secret}/register", register)
        app.router.add_delete(prefix + "/{secret}/register/{box_id}/{device_id}", unregister)
        app.router.add_get(prefix + "/healthz", healthz)
    return app


async def healthz(request: web.Request) -> web.Response:
    """Liveness for the container health check."""
    return web.json_response({"status": "ok"})


async def register(request: web.Request) -> web.Response:
    """The box created a target carrying one of our tokens: bind it to that token's chat."""
    endpoint = await _endpoint(request)
    registration = _validate(Registration, await read_json_object(request))
    outcome = await request.app[REGISTRY].register(endpoint, registration)
    if outcome is RegisterOutcome.UNKNOWN_TOKEN:
        log.warning("refused /register for device %s: unknown token", registration.device_id)
        raise RequestError(403, "unknown registration token")
    if outcome is RegisterOutcome.EXPIRED_TOKEN:
        log.warning("refused /register for device %s: token expired", registration.device_id)
        raise RequestError(403, "registration token expired")
    if outcome is RegisterOutcome.TOKEN_OF_ANOTHER_DEVICE:
        log.warning(
            "refused /register for device %s: token already used by another device",
            registration.device_id,
        )
        raise RequestError(403, "registration token already used by another device")
    if outcome is RegisterOutcome.WRONG_BOX:
        log.warning(
            "refused /register from box %s: endpoint bound to another box", registration.box_id
        )
        raise RequestError(403, "this endpoint belongs to another box")
    log.info("box registered target %s", registration.device_id)
    return web.json_response({"success": True})


async def unregister(request: web.Request) -> web.Response:
    """The box deleted a target: stop delivering to it."""
    endpoint = await _endpoint(request)
    box_id, device_id = request.match_info["box_id"], request.match_info["device_id"]
    removed = await request.app[REGISTRY].unregister(endpoint, box_id, device_id)
    log.info("box unregistered target %s (known: %s)", device_id, removed)
    return web.json_response({"success": True, "removed": removed})


async def send(request: web.Request) -> web.Response:
    """Store the notification for each known device; answer only once it is committed."""
    endpoint = await _endpoint(request)
    notification = _validate(SendRequest, await read_json_object(request))
    result = await request.app[SINK].accept(endpoint, notification)
    return web.json_response(result.as_json())


async def _endpoint(request: web.Request) -> Endpoint:
    endpoint = await request.app[REGISTRY].resolve_endpoint(request.match_info["secret"])
    if endpoint is None:
        raise web.HTTPNotFound()
    return endpoint


def _validate(model: type[_Body], data: dict[str, Any]) -> _Body:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]), "problem": err["msg"]}
            for err in exc.errors(include_input=False, include_url=False)[:20]
        ]
        raise RequestError(400, "invalid request body", problems=problems) from None
