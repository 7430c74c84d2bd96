"""``freebox-bot simulate``: serve the simulated box on a socket until cancelled."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from aiohttp import web

from .app import create_simulator_app
from .auth import AppRecord
from .console import execute
from .demo import demo_loop
from .notify import OutgoingCall
from .state import API_VERSION, BoxInfo, SimulatorState

#: A human has two minutes to approve a pairing on the console.
AUTHORIZE_TIMEOUT = 120.0
#: Seconds the alarm takes to arm, as a (short) real countdown.
ARMING_DELAY = 5.0


def base_url(runner: web.AppRunner) -> str:
    """``http://host:port`` of the first socket ``runner`` listens on."""
    host, port = runner.addresses[0][:2]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}"


def _read_lines(
    stream: TextIO, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None]
) -> None:
    # A daemon thread: a blocked readline() must never hold the process open.
    try:
        for line in stream:
            loop.call_soon_threadsafe(queue.put_nowait, line)
    except (OSError, ValueError):
        pass
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(queue.put_nowait, None)


async def _console(state: SimulatorState, stream: TextIO, say: Callable[[str], None]) -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    threading.Thread(target=_read_lines, args=(stream, loop, queue), daemon=True).start()
    while (line := await queue.get()) is not None:
        reply = await execute(state, line)
        if reply:
            say(reply)


def _describe_call(call: OutgoingCall) -> str:
    outcome = f"HTTP {call.status}" if call.status is not None else call.error
    return f"box -> {call.method} {call.url}: {outcome}"


def _describe_request(record: AppRecord) -> str:
    what = "Type 'approve' or 'deny'." if record.status == "pending" else "Auto-approved."
    return (
        f"Authorization request {record.track_id}: {record.app_name!r} ({record.app_id}) "
        f"on {record.device_name!r}. {what}"
    )


async def run_simulator(
    host: str,
    port: int,
    *,
    auto_approve: bool,
    demo: bool,
    demo_interval: float,
    api_version: str = API_VERSION,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    """Serve the simulated box on ``host:port`` until cancelled.

    Prints the base URL, then one line per authorization request and per call
    the box makes. Without ``auto_approve``, console commands (``approve``,
    ``deny``, ``help``...) are read from ``stdin``; with ``demo``, a random
    event happens every ``demo_interval`` seconds.

    Args:
        host: address to listen on (loopback for demos and tests).
        port: port to listen on (0: any free port; the URL printed tells which).
        auto_approve: grant pairing requests without asking.
        demo: push random events on a timer.
        demo_interval: seconds between demo events.
        api_version: what ``/api_version`` reports; below 11 the box refuses targets.
        stdin: where commands come from (default ``sys.stdin``).
        stdout: where lines go (default ``sys.stdout``).
    """
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    state = SimulatorState(
        auto_approve=auto_approve,
        authorize_timeout=AUTHORIZE_TIMEOUT,
        arming_delay=ARMING_DELAY,
        box=BoxInfo(version=api_version),
    )
    state.on_authorization_request.append(lambda record: say(_describe_request(record)))
    state.notifier.listeners.append(lambda call: say(_describe_call(call)))
    runner = web.AppRunner(create_simulator_app(state))
    await runner.setup()
    tasks: list[asyncio.Task[None]] = []
    try:
        await web.TCPSite(runner, host, port).start()
        url = base_url(runner)
        api = f"{url}/api/v{state.box.major}/"
        say(f"Freebox simulator on {url} (API {api}, discovery {url}/api_version)")
        if not auto_approve or stdin.isatty():
            say("Type 'help' for the console commands.")
            tasks.append(asyncio.create_task(_console(state, stdin, say)))
        if demo:
            tasks.append(asyncio.create_task(demo_loop(state, demo_interval, say)))
        await asyncio.Event().wait()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await runner.cleanup()
