"""Errors a stranger can cause by the thousand reach the log once per interval, with a count."""

from __future__ import annotations

import asyncio
import errno
import logging
from pathlib import Path
from typing import Any

import pytest

from notifserver.throttle import resource_errors_throttled
from tests.notif_port import serving

ACCEPT_FAILED = "socket.accept() out of system resource"


class Monotonic:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _accept_failed(loop: asyncio.AbstractEventLoop) -> None:
    """What asyncio's accept loop reports when the process has no descriptor left."""
    exc = OSError(errno.EMFILE, "Too many open files")
    loop.call_exception_handler({"message": ACCEPT_FAILED, "exception": exc})


async def test_resource_errors_are_logged_once_per_interval(
    caplog: pytest.LogCaptureFixture,
) -> None:
    loop = asyncio.get_running_loop()
    clock = Monotonic()
    with caplog.at_level(logging.ERROR), resource_errors_throttled(loop, 60, clock):
        for _ in range(500):
            _accept_failed(loop)
        clock.now += 59
        _accept_failed(loop)
        clock.now += 2
        _accept_failed(loop)
    assert [r.getMessage() for r in caplog.records] == [
        f"{ACCEPT_FAILED}: Too many open files",
        f"{ACCEPT_FAILED}: Too many open files (500 more like it in the last 60 s)",
    ]
    assert all(r.exc_info is None for r in caplog.records), "one line each, no traceback"


async def test_other_loop_errors_still_reach_the_handler_installed_before() -> None:
    loop = asyncio.get_running_loop()
    seen: list[dict[str, Any]] = []

    def previous(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        seen.append(context)

    loop.set_exception_handler(previous)
    try:
        with resource_errors_throttled(loop, 60, Monotonic()):
            for _ in range(3):
                loop.call_exception_handler({"message": "bug", "exception": ValueError("x")})
                reset = OSError(errno.ECONNRESET, "Connection reset by peer")
                loop.call_exception_handler({"message": "reset", "exception": reset})
                loop.call_exception_handler({"message": "no exception at all"})
        assert [c["message"] for c in seen] == ["bug", "reset", "no exception at all"] * 3
        assert loop.get_exception_handler() is previous, "given back on exit"
    finally:
        loop.set_exception_handler(None)


async def test_malformed_requests_are_logged_once_per_interval(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """aiohttp logs each request it cannot parse with a traceback; anyone can send thousands."""
    async with serving(tmp_path) as port:
        with caplog.at_level(logging.DEBUG, logger="aiohttp.server"):
            for _ in range(50):
                reader, writer = await port.connect()
                writer.write(b"POST /x HTTP/1.1\r\nHost: bot\r\nContent-Length: abc\r\n\r\n")
                async with asyncio.timeout(10):
                    answer = await reader.read()
                assert answer.startswith(b"HTTP/1.0 400 Bad Request")
                assert answer.endswith(b'{"error": "malformed HTTP request"}')
                writer.close()
    errors = [
        r for r in caplog.records if r.name == "aiohttp.server" and r.levelno >= logging.WARNING
    ]
    assert [r.getMessage() for r in errors] == ["Error handling request from 127.0.0.1"]
