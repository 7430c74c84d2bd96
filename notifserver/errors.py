"""Every failure becomes a small JSON error; the process never dies on input."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

log = logging.getLogger(__name__)

_GENERIC_MESSAGES = {
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
}


class RequestError(Exception):
    """A request we refuse, with the status and the reason the box (or its operator) reads."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


def json_error(status: int, message: str, **details: Any) -> web.Response:
    """A JSON error body, the same shape for every status."""
    return web.json_response({"error": message, **details}, status=status)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn refusals into JSON and surprises into a logged 500, never a stack trace."""
    try:
        return await handler(request)
    except RequestError as exc:
        return json_error(exc.status, exc.message, **exc.details)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = json_error(exc.status, _GENERIC_MESSAGES.get(exc.status, exc.reason.lower()))
        if "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except Exception:
        log.exception("unexpected error handling %s %s", request.method, request.rel_url.path)
        return json_error(500, "internal error")


async def read_json_object(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object; 400 when it is not one (413 is raised while reading)."""
    raw = await request.read()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RequestError(400, "malformed JSON") from None
    if not isinstance(data, dict):
        raise RequestError(400, "expected a JSON object")
    return data
