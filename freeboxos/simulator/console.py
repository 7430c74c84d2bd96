"""Commands typed on the simulator's console: the front panel, and a few levers.

``execute(state, "approve")`` plays the user pressing "yes" on the box; the other
commands trigger the events the box would push.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable

from .envelope import ApiError
from .state import SimulatorState

HELP = """\
approve [track_id]     grant the latest (or given) pending authorization
deny [track_id]        deny it
timeout [track_id]     let it time out
pending                list pending authorization requests
grant PERM...          give every app a permission (settings, home...)
withdraw PERM...       take it back
revoke APP_ID          revoke an app's token
expire                 expire every session
complete TASK_ID       finish a download (pushes task_done)
fail TASK_ID [ERROR]   fail a download (pushes task_error)
call NUMBER [NAME]     a missed call (pushes phone)
host MAC NAME IP       a new LAN host (pushes lan_host)
reachable HOST_ID      websocket event lan_host_l3addr_reachable
unreachable HOST_ID    websocket event lan_host_l3addr_unreachable
boxstate EVENT         pub_up, enter_sleep, shut_down or reboot
password [IP]          password_change
alarm                  the alarm goes off (pushes security)
drop                   close every websocket
unplug                 the box drops off the network (every connection cut)
plug                   the box is back
hold [PATH_END]        the box sits on requests (those ending with PATH_END), answering none
release                the held requests get their answers
forget                 the box forgets its notification targets
help                   this text"""

Command = Callable[[SimulatorState, list[str]], Awaitable[str]]


def _track(args: list[str]) -> int | None:
    return int(args[0]) if args else None


async def _approve(state: SimulatorState, args: list[str]) -> str:
    record = state.approve(_track(args))
    return f"granted {record.app_name!r} (track {record.track_id})"


async def _deny(state: SimulatorState, args: list[str]) -> str:
    record = state.deny(_track(args))
    return f"denied {record.app_name!r} (track {record.track_id})"


async def _timeout(state: SimulatorState, args: list[str]) -> str:
    record = state.time_out(_track(args))
    return f"timed out {record.app_name!r} (track {record.track_id})"


async def _pending(state: SimulatorState, args: list[str]) -> str:
    lines = [
        f"track {r.track_id}: {r.app_name} ({r.app_id}) on {r.device_name}"
        for r in state.pending_authorizations()
    ]
    return "\n".join(lines) or "nothing pending"


async def _grant(state: SimulatorState, args: list[str]) -> str:
    state.grant(*args)
    return f"granted {', '.join(args)} to every app"


async def _withdraw(state: SimulatorState, args: list[str]) -> str:
    state.withdraw(*args)
    return f"withdrew {', '.join(args)} from every app"


async def _revoke(state: SimulatorState, args: list[str]) -> str:
    state.revoke(args[0])
    return f"revoked {args[0]}"


async def _expire(state: SimulatorState, args: list[str]) -> str:
    state.expire_sessions()
    return "every session expired"


async def _complete(state: SimulatorState, args: list[str]) -> str:
    task = await state.complete_task(int(args[0]))
    return f"task {task.id} {task.name!r} is {task.status}"


async def _fail(state: SimulatorState, args: list[str]) -> str:
    task = await state.fail_task(int(args[0]), *args[1:2])
    return f"task {task.id} {task.name!r} failed with {task.error}"


async def _call(state: SimulatorState, args: list[str]) -> str:
    entry = await state.missed_call(args[0], " ".join(args[1:]) or None)
    return f"missed call {entry['id']} from {entry['name']}"


async def _host(state: SimulatorState, args: list[str]) -> str:
    host = await state.new_lan_host(args[0], args[1], args[2])
    return f"new host {host['id']}"


async def _reachable(state: SimulatorState, args: list[str]) -> str:
    host = await state.set_host_reachable(args[0], True)
    return f"{host['id']} reachable"


async def _unreachable(state: SimulatorState, args: list[str]) -> str:
    host = await state.set_host_reachable(args[0], False)
    return f"{host['id']} unreachable"


async def _boxstate(state: SimulatorState, args: list[str]) -> str:
    await state.box_state(args[0])
    return f"pushed box_state {args[0]}"


async def _password(state: SimulatorState, args: list[str]) -> str:
    await state.password_change(*args[:1])
    return "pushed password_change"


async def _alarm(state: SimulatorState, args: list[str]) -> str:
    await state.trigger_alarm()
    return "the alarm goes off"


async def _drop(state: SimulatorState, args: list[str]) -> str:
    return f"closed {await state.drop_websockets()} websocket(s)"


async def _unplug(state: SimulatorState, args: list[str]) -> str:
    await state.unplug()
    return "unplugged"


async def _plug(state: SimulatorState, args: list[str]) -> str:
    state.plug()
    return "plugged in"


async def _hold(state: SimulatorState, args: list[str]) -> str:
    state.hold(args[0] if args else "")
    return f"holding requests ending with {args[0]!r}" if args else "holding every request"


async def _release(state: SimulatorState, args: list[str]) -> str:
    held = len(state.held)
    state.release()
    return f"released {held} request(s)"


async def _forget(state: SimulatorState, args: list[str]) -> str:
    state.forget_targets()
    return "notification targets forgotten"


async def _help(state: SimulatorState, args: list[str]) -> str:
    return HELP


COMMANDS: dict[str, Command] = {
    "approve": _approve,
    "deny": _deny,
    "timeout": _timeout,
    "pending": _pending,
    "grant": _grant,
    "withdraw": _withdraw,
    "revoke": _revoke,
    "expire": _expire,
    "complete": _complete,
    "fail": _fail,
    "call": _call,
    "host": _host,
    "reachable": _reachable,
    "unreachable": _unreachable,
    "boxstate": _boxstate,
    "password": _password,
    "alarm": _alarm,
    "drop": _drop,
    "unplug": _unplug,
    "plug": _plug,
    "hold": _hold,
    "release": _release,
    "forget": _forget,
    "help": _help,
}


async def execute(state: SimulatorState, line: str) -> str:
    """Run one console line and describe what happened (errors included)."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        return f"error: {exc}"
    if not words:
        return ""
    command = COMMANDS.get(words[0].lower())
    if command is None:
        return f"unknown command {words[0]!r}; type 'help'"
    try:
        return await command(state, words[1:])
    except (LookupError, ValueError, ApiError) as exc:
        return f"error: {exc}"
