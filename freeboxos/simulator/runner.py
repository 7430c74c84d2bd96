"""``freebox-bot simulate``: serve the simulated box on a socket until cancelled.

The console (the box's front panel, and levers for events) is reachable two ways: typed
on the terminal when the simulator runs in the foreground, and from another terminal
through a small control port on loopback (``freebox-bot simulate --console``). Run in the
background (``freebox-bot simulate ... &``) the simulator never reads the terminal: a
background process that does is stopped by the shell ("Stopped (tty input)").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from aiohttp import web

from .app import create_simulator_app
from .auth import DEFAULT_PERMISSIONS, AppRecord
from .console import execute
from .console_text import Language, console_language, language_of
from .console_text import say as text
from .demo import demo_loop
from .notify import OutgoingCall
from .state import API_VERSION, BoxInfo, SimulatorState

#: A human has two minutes to approve a pairing on the console.
AUTHORIZE_TIMEOUT = 120.0
#: Seconds the alarm takes to arm, as a (short) real countdown.
ARMING_DELAY = 5.0
#: Where ``freebox-bot simulate --console`` finds a running simulator.
CONTROL_PORT = 8091
#: The control port's one route: a console line in, the reply out (text/plain).
CONSOLE_PATH = "/console"


def base_url(runner: web.AppRunner) -> str:
    """``http://host:port`` of the first socket ``runner`` listens on."""
    host, port = runner.addresses[0][:2]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}"


def owns_terminal(stream: TextIO) -> bool:
    """Whether reading ``stream`` is safe: not a terminal, or one we are in the foreground of.

    A process of a background job reading its terminal gets SIGTTIN and is stopped.
    """
    try:
        if not stream.isatty():
            return True
        return os.tcgetpgrp(stream.fileno()) == os.getpgrp()
    except (OSError, ValueError):
        return False


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


async def _console(
    state: SimulatorState, stream: TextIO, say: Callable[[str], None], language: Language
) -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    threading.Thread(target=_read_lines, args=(stream, loop, queue), daemon=True).start()
    while (line := await queue.get()) is not None:
        reply = await execute(state, line, language)
        if reply:
            say(reply)


def control_app(state: SimulatorState) -> web.Application:
    """The control port: ``POST /console`` runs one console line, answered in the
    language of the request's ``Accept-Language``."""

    async def console_line(request: web.Request) -> web.Response:
        line = await request.text()
        language = language_of(request.headers.get("Accept-Language"))
        return web.Response(text=await execute(state, line, language))

    app = web.Application()
    app.router.add_post(CONSOLE_PATH, console_line)
    return app


def _describe_call(call: OutgoingCall) -> str:
    outcome = f"HTTP {call.status}" if call.status is not None else call.error
    return f"box -> {call.method} {call.url}: {outcome}"


def _describe_request(record: AppRecord) -> str:
    what = "Type 'approve' or 'deny'." if record.status == "pending" else "Auto-approved."
    return (
        f"Authorization request {record.track_id}: {record.app_name!r} ({record.app_id}) "
        f"on {record.device_name!r}. {what}"
    )


def _console_banner(language: Language, control_port: int, *, local: bool) -> str:
    attach = "freebox-bot simulate --console"
    if control_port != CONTROL_PORT:
        attach += f" --control-port {control_port}"
    return text(language, "banner-local" if local else "banner-remote", attach=attach)


async def run_simulator(
    host: str,
    port: int,
    *,
    auto_approve: bool,
    demo: bool,
    demo_interval: float,
    api_version: str = API_VERSION,
    control_port: int | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    local_pairing_only: bool = False,
    ratelimited: bool = False,
    push_box_id: str | None = None,
    put_replaces: bool = False,
    drop_unknown_subscriptions: bool = False,
    normalises_api_url: bool = False,
    calls_register: bool = True,
) -> None:
    """Serve the simulated box on ``host:port`` until cancelled.

    Prints the base URL, the alarm's PIN and how to reach the console, then one line per
    authorization request and per call the box makes. Console commands (``approve``,
    ``deny``, ``help``...) are read from ``stdin`` unless it is a terminal of which this
    process is not in the foreground, and from the control port; with ``demo``, a random
    event happens every ``demo_interval`` seconds.

    Args:
        host: address to listen on (loopback for demos and tests).
        port: port to listen on (0: any free port; the URL printed tells which).
        auto_approve: grant pairing requests at once, with every permission (the tour
            needs ``settings`` for guest Wi-Fi and ``home`` for the alarm).
        demo: push random events on a timer.
        demo_interval: seconds between demo events.
        api_version: the version the box plays ("12.1"), refusing what it lacks.
        control_port: loopback port of the console for ``--console`` (None: no control
            port; 0: any free port, printed).
        stdin: where commands come from (default ``sys.stdin``).
        stdout: where lines go (default ``sys.stdout``).
        local_pairing_only: refuse pairing sent to the box's remote name
            (``denied_from_external_ip``); an IP address or ``mafreebox.freebox.fr`` is local.
        ratelimited: refuse every login and pairing with ``ratelimited``.
        push_box_id, put_replaces, drop_unknown_subscriptions, normalises_api_url,
            calls_register: how the box treats notification targets (``SimulatorState``).
    """
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    language = console_language()

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    state = SimulatorState(
        auto_approve=auto_approve,
        authorize_timeout=AUTHORIZE_TIMEOUT,
        arming_delay=ARMING_DELAY,
        box=BoxInfo(version=api_version),
        push_box_id=push_box_id,
        put_replaces=put_replaces,
        drop_unknown_subscriptions=drop_unknown_subscriptions,
        normalises_api_url=normalises_api_url,
        calls_register=calls_register,
    )
    state.auth.local_pairing_only = local_pairing_only
    state.auth.ratelimited = ratelimited
    if auto_approve:
        state.auth.default_permissions = dict.fromkeys(DEFAULT_PERMISSIONS, True)
    state.on_authorization_request.append(lambda record: say(_describe_request(record)))
    state.notifier.listeners.append(lambda call: say(_describe_call(call)))
    runner = web.AppRunner(create_simulator_app(state))
    control = web.AppRunner(control_app(state), access_log=None)
    await runner.setup()
    await control.setup()
    tasks: list[asyncio.Task[None]] = []
    try:
        await web.TCPSite(runner, host, port).start()
        url = base_url(runner)
        api = f"{url}/api/v{state.box.major}/"
        say(f"Freebox simulator on {url} (API {api}, discovery {url}/api_version)")
        say(text(language, "banner-pin", pin=state.home.alarm_pin()))
        if auto_approve:
            say(text(language, "banner-granted"))
        # Read stdin whenever that is safe (a pipe, a file); offer typing only on a terminal.
        local = owns_terminal(stdin)
        typing_here = local and stdin.isatty()
        attach_port = await _serve_control(control, control_port)
        if attach_port is not None:
            say(_console_banner(language, attach_port, local=typing_here))
        elif typing_here:
            say(text(language, "banner-only-local"))
        if control_port is not None and attach_port is None:
            say(text(language, "control-port-taken", port=control_port))
        if local:
            tasks.append(asyncio.create_task(_console(state, stdin, say, language)))
        if demo:
            tasks.append(asyncio.create_task(demo_loop(state, demo_interval, say)))
        await asyncio.Event().wait()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await control.cleanup()
        await runner.cleanup()


async def _serve_control(control: web.AppRunner, port: int | None) -> int | None:
    """Open the control port; the port it listens on, or None (not wanted, or taken)."""
    if port is None:
        return None
    try:
        # Loopback only, whatever --host says: the console approves pairings.
        await web.TCPSite(control, "127.0.0.1", port).start()
    except OSError:
        return None  # a second simulator: it still serves, with its own console only
    return int(control.addresses[0][1])


async def attach_console(
    control_port: int = CONTROL_PORT,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """``freebox-bot simulate --console``: send each line typed to a running simulator.

    Returns 0 at the end of input, 1 when no simulator listens on ``control_port``.
    """
    import aiohttp

    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    language = console_language()
    url = f"http://127.0.0.1:{control_port}{CONSOLE_PATH}"
    headers = {"Accept-Language": language}
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    async with aiohttp.ClientSession(headers=headers) as http:
        try:
            async with http.post(url, data=""):
                pass
        except aiohttp.ClientConnectionError:
            print(
                f"freebox-bot: {text(language, 'no-simulator', port=control_port)}", file=sys.stderr
            )
            return 1
        print(text(language, "attached", port=control_port), file=out, flush=True)
        threading.Thread(target=_read_lines, args=(stdin, loop, queue), daemon=True).start()
        while (line := await queue.get()) is not None:
            async with http.post(url, data=line.encode()) as response:
                reply = await response.text()
            if reply:
                print(reply, file=out, flush=True)
    return 0
