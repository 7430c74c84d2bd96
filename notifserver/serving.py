"""The notification server on its port: aiohttp's application behind the connection guard.

`AppRunner` runs the application (its startup and cleanup) and its one site; the site is
ours rather than a `TCPSite`, so that every connection goes through `ConnectionGuard`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import ExitStack

from aiohttp import web

from notifserver.connections import ConnectionGuard, ConnectionLimits
from notifserver.errors import JsonErrorRequestHandler
from notifserver.throttle import OncePerIntervalFilter, resource_errors_throttled

log = logging.getLogger(__name__)

BACKLOG = 128
"""Pending connections the kernel queues; asyncio accepts up to this many per wake-up."""

SHUTDOWN_GRACE = 2.0
"""Seconds requests in flight get at stop: a `/send` commits in milliseconds, and a client
trickling its body is not worth waiting for (aiohttp would wait a minute)."""


class GuardedSite(web.BaseSite):
    """A TCP site whose connections are made by `protocol` (the guard around aiohttp's)."""

    __slots__ = ("_host", "_port", "_protocol")

    def __init__(
        self,
        runner: web.AppRunner,
        host: str,
        port: int,
        protocol: Callable[[], asyncio.BaseProtocol],
    ) -> None:
        super().__init__(runner, backlog=BACKLOG)
        self._host = host
        self._port = port
        self._protocol = protocol

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._protocol, self._host, self._port, backlog=self._backlog
        )

    async def wait_closed(self) -> None:
        """After the runner's cleanup: until the listening socket is closed."""
        if self._server is not None:
            await self._server.wait_closed()


class NotificationServer:
    """Serves `app` on `host:port` until `stop()`; port 0 picks a free port."""

    def __init__(
        self,
        app: web.Application,
        host: str,
        port: int,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self._app = app
        self._host = host
        self._requested_port = port
        self.guard = ConnectionGuard(limits or ConnectionLimits())
        self._runner: web.AppRunner | None = None
        self._site: GuardedSite | None = None
        self._throttles = ExitStack()

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose, when 0 was asked)."""
        if self._runner is None or not self._runner.addresses:
            return self._requested_port
        port: int = self._runner.addresses[0][1]
        return port

    async def start(self) -> None:
        """Listen; a port that cannot be had raises `OSError`, leaving nothing behind."""
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise
        log.info(
            "notification server listening on %s:%s (at most %d connections)",
            self._host,
            self.port,
            self.guard.cap,
        )

    async def _start(self) -> None:
        loop = asyncio.get_running_loop()
        self._throttles.enter_context(resource_errors_throttled(loop))
        # aiohttp logs each malformed request with a traceback: anyone can send thousands.
        request_errors = OncePerIntervalFilter()
        server_log = logging.getLogger("aiohttp.server")
        server_log.addFilter(request_errors)
        self._throttles.callback(server_log.removeFilter, request_errors)
        self._runner = runner = web.AppRunner(
            self._app, handle_signals=False, shutdown_timeout=SHUTDOWN_GRACE
        )
        await runner.setup()
        application = runner.server
        assert application is not None

        def protocol() -> JsonErrorRequestHandler:
            # No access log: request paths carry the secret segment. (aiohttp reads None as
            # "none", which is what AppRunner passes; its annotation says Logger.)
            return JsonErrorRequestHandler(application, loop=loop, access_log=None)  # type: ignore[arg-type]

        self._site = GuardedSite(
            runner, self._host, self._requested_port, self.guard.protocol_factory(protocol)
        )
        await self._site.start()

    async def stop(self) -> None:
        """Stop listening, close the connections, then run the application's cleanup."""
        site, self._site = self._site, None
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()  # stops the site first
        if site is not None:
            await site.wait_closed()
        self._throttles.close()
