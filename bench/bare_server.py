"""The baseline: a bare aiohttp `/send` handler that stores nothing.

It reads and validates the body exactly as the notification server does (same JSON
reader, same pydantic model) and answers the same shape, every device a success, without
any database. The bench runs it in a process of its own, like the real server, and loads
both with the same client code: the ratio of the two is the cost of durability.

Usage: python -m bench.bare_server --port 8081
"""

from __future__ import annotations

import argparse

from aiohttp import web

from notifserver.contract import SendRequest, SendResult
from notifserver.errors import read_json_object


async def send(request: web.Request) -> web.Response:
    notification = SendRequest.model_validate(await read_json_object(request))
    devices = list(dict.fromkeys(notification.devices))
    return web.json_response(SendResult(success_ids=devices).as_json())


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/{secret}/send", send)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
