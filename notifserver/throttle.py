"""Errors an attacker can cause by the thousand are logged once per interval, with a count.

When the process runs out of file descriptors, asyncio's accept loop reports
`socket.accept() out of system resource` through the loop's exception handler for every
attempt, with a traceback each time: the log grew by 700 MB in 80 s. Malformed requests make
aiohttp log `Error handling request` the same way. Both are kept, once per interval.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

log = logging.getLogger(__name__)

RESOURCE_ERRNOS: Final = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
"""What `accept()` fails with when the process or the system is out of descriptors or memory."""

DEFAULT_INTERVAL: Final = 60.0

Monotonic = Callable[[], float]


class OncePerInterval:
    """Lets one occurrence through per interval and counts the ones it held back."""

    def __init__(self, interval: float = DEFAULT_INTERVAL, clock: Monotonic = time.monotonic):
        self.interval = interval
        self._clock = clock
        self._next_allowed: float | None = None
        self._held_back = 0

    def allow(self) -> int | None:
        """How many were held back since the last one let through, or None: hold this one."""
        now = self._clock()
        if self._next_allowed is not None and now < self._next_allowed:
            self._held_back += 1
            return None
        self._next_allowed = now + self.interval
        held_back, self._held_back = self._held_back, 0
        return held_back


def _held_back_note(held_back: int, interval: float) -> str:
    return f" ({held_back} more like it in the last {interval:g} s)" if held_back else ""


class ResourceErrorHandler:
    """A loop exception handler: resource errors once per interval, the rest as before."""

    def __init__(
        self,
        previous: Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object] | None,
        gate: OncePerInterval,
    ) -> None:
        self.previous = previous
        self._gate = gate

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if not (isinstance(exc, OSError) and exc.errno in RESOURCE_ERRNOS):
            if self.previous is not None:
                self.previous(loop, context)
            else:
                loop.default_exception_handler(context)
            return
        held_back = self._gate.allow()
        if held_back is not None:
            log.error(
                "%s: %s%s",
                context.get("message", "resource error"),
                exc.strerror,
                _held_back_note(held_back, self._gate.interval),
            )


@contextmanager
def resource_errors_throttled(
    loop: asyncio.AbstractEventLoop,
    interval: float = DEFAULT_INTERVAL,
    clock: Monotonic = time.monotonic,
) -> Iterator[ResourceErrorHandler]:
    """Install a `ResourceErrorHandler` on `loop`; the previous handler comes back on exit."""
    handler = ResourceErrorHandler(loop.get_exception_handler(), OncePerInterval(interval, clock))
    loop.set_exception_handler(handler)
    try:
        yield handler
    finally:
        if loop.get_exception_handler() is handler:
            loop.set_exception_handler(handler.previous)


class OncePerIntervalFilter(logging.Filter):
    """Lets each message template through once per interval, noting how many were dropped."""

    def __init__(self, interval: float = DEFAULT_INTERVAL, clock: Monotonic = time.monotonic):
        super().__init__()
        self.interval = interval
        self._clock = clock
        self._gates: dict[str, OncePerInterval] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        template = str(record.msg)
        gate = self._gates.get(template)
        if gate is None:
            # Templates are aiohttp's few constant strings, never text from a request.
            gate = self._gates[template] = OncePerInterval(self.interval, self._clock)
        held_back = gate.allow()
        if held_back is None:
            return False
        record.msg = template + _held_back_note(held_back, self.interval)
        return True
