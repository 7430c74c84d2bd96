"""Every failure becomes a small JSON error; the process never dies on input."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import ContentEncodingError, HttpProcessingError
from aiohttp.typedefs import Handler
from aiohttp.web_protocol import RequestPayloadError
from aiohttp.web_request import BaseRequest

from notifserver.connections import reading_body
from notifserver.contract import BodyRefused, decode_body
from notifserver.keys import BODY_TIMEOUT

log = logging.getLogger(__name__)

_GENERIC_MESSAGES = {
    404: "not found",
    405: "method not allowed",
    408: "request timeout",
    413: "request body too large",
}
_PROTOCOL_ERROR = "malformed HTTP request"
_UNREADABLE_BODY = "unreadable request body"

DEFAULT_BODY_TIMEOUT = 20.0
"""Seconds for a body to arrive: the box's are a few hundred bytes, sent at once."""


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
    """The body as a JSON object within the contract's limits, or a 4xx naming what is wrong.

    413 is raised while reading; a body that does not arrive in time is a 408, so a client
    trickling its body cannot hold a connection open.
    """
    try:
        with reading_body(request):
            async with asyncio.timeout(request.app.get(BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT)):
                raw = await request.read()
    except TimeoutError:
        raise RequestError(408, "request body not received in time") from None
    except (RequestPayloadError, HttpProcessingError, ConnectionResetError):
        # A Content-Encoding that does not decode, a broken chunk, or the client left.
        raise RequestError(400, _UNREADABLE_BODY) from None
    try:
        data = decode_body(raw)
    except BodyRefused as exc:
        raise RequestError(400, exc.message, **exc.limit) from None
    if not isinstance(data, dict):
        raise RequestError(400, "expected a JSON object")
    return data


class JsonErrorRequestHandler(web.RequestHandler):
    """aiohttp's protocol for one connection, whose own refusals are JSON too.

    A request aiohttp cannot parse (a bad header, a body that does not decompress before the
    application sees it) is answered by the protocol, not the application. The reason is
    not echoed: it can quote the request line, which carries the secret segment.
    """

    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        super().handle_error(request, status, exc, message)  # logs, closes the connection
        if status >= 500:
            text = "internal error"
        elif isinstance(exc, ContentEncodingError):
            text = _UNREADABLE_BODY
        else:
            text = _GENERIC_MESSAGES.get(status, _PROTOCOL_ERROR)
        response = json_error(status, text)
        response.force_close()
        return response
