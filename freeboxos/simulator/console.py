"""Commands typed on the simulator's console: the front panel, and a few levers.

``execute(state, "approve")`` plays the user pressing "yes" on the box; the other
commands trigger the events the box would push. Replies are in the console's language.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable

from .console_text import HELP, Language, say
from .envelope import ApiError
from .guest_users import join_guest_key
from .state import SimulatorState

#: What a command answers: a sentence's key and its values (see ``console_text``).
Reply = tuple[str, dict[str, object]]
Command = Callable[[SimulatorState, list[str]], Awaitable[Reply | list[Reply]]]


def _track(args: list[str]) -> int | None:
    return int(args[0]) if args else None


async def _approve(state: SimulatorState, args: list[str]) -> Reply:
    record = state.approve(_track(args))
    return "approved", {"app": record.app_name, "track": record.track_id}


async def _deny(state: SimulatorState, args: list[str]) -> Reply:
    record = state.deny(_track(args))
    return "denied", {"app": record.app_name, "track": record.track_id}


async def _timeout(state: SimulatorState, args: list[str]) -> Reply:
    record = state.time_out(_track(args))
    return "timed-out", {"app": record.app_name, "track": record.track_id}


async def _pending(state: SimulatorState, args: list[str]) -> list[Reply] | Reply:
    lines: list[Reply] = [
        (
            "pending-line",
            {"track": r.track_id, "app": r.app_name, "app_id": r.app_id, "device": r.device_name},
        )
        for r in state.pending_authorizations()
    ]
    return lines or ("nothing-pending", {})


async def _grant(state: SimulatorState, args: list[str]) -> Reply:
    state.grant(*args)
    return "granted", {"permissions": ", ".join(args)}


async def _withdraw(state: SimulatorState, args: list[str]) -> Reply:
    state.withdraw(*args)
    return "withdrew", {"permissions": ", ".join(args)}


async def _revoke(state: SimulatorState, args: list[str]) -> Reply:
    state.revoke(args[0])
    return "revoked", {"app_id": args[0]}


async def _expire(state: SimulatorState, args: list[str]) -> Reply:
    state.expire_sessions()
    return "expired", {}


async def _downloads(state: SimulatorState, args: list[str]) -> list[Reply] | Reply:
    lines: list[Reply] = [
        (
            "download-line",
            {"id": t.id, "name": t.name, "status": t.status, "pct": round(t.rx_pct / 100)},
        )
        for t in state.downloads.tasks.values()
    ]
    return lines or ("no-downloads", {})


async def _progress(state: SimulatorState, args: list[str]) -> Reply:
    task = state.progress_task(int(args[0]), float(args[1]))
    return "progressed", {"id": task.id, "name": task.name, "pct": round(task.rx_pct / 100)}


async def _complete(state: SimulatorState, args: list[str]) -> Reply:
    task = await state.complete_task(int(args[0]))
    return "completed", {"id": task.id, "name": task.name, "status": task.status}


async def _fail(state: SimulatorState, args: list[str]) -> Reply:
    task = await state.fail_task(int(args[0]), *args[1:2])
    return "failed", {"id": task.id, "name": task.name, "error": task.error}


async def _call(state: SimulatorState, args: list[str]) -> Reply:
    entry = await state.missed_call(args[0], " ".join(args[1:]) or None)
    return "called", {"id": entry["id"], "name": entry["name"]}


async def _voicemail(state: SimulatorState, args: list[str]) -> Reply:
    message = state.voicemail.leave(args[0], *[int(a) for a in args[1:2]])
    state.changed()
    return "voicemail", {"id": message["id"], "number": args[0]}


async def _guest(state: SimulatorState, args: list[str]) -> Reply:
    key_id, mac, name, ip = int(args[0]), args[1], args[2], args[3]
    join_guest_key(state.wifi, state.lan, key_id, mac=mac, hostname=name, ip=ip)
    state.changed()
    return "guest-joined", {"name": name, "key_id": key_id}


async def _remote(state: SimulatorState, args: list[str]) -> Reply:
    if args[0] not in ("on", "off"):
        raise ValueError("remote takes on or off")
    state.share_links.set_remote_access(args[0] == "on")
    state.changed()
    return f"remote-{args[0]}", {}


async def _host(state: SimulatorState, args: list[str]) -> Reply:
    host = await state.new_lan_host(args[0], args[1], args[2])
    return "new-host", {"id": host["id"]}


async def _reachable(state: SimulatorState, args: list[str]) -> Reply:
    host = await state.set_host_reachable(args[0], True)
    return "reachable", {"id": host["id"]}


async def _unreachable(state: SimulatorState, args: list[str]) -> Reply:
    host = await state.set_host_reachable(args[0], False)
    return "unreachable", {"id": host["id"]}


async def _boxstate(state: SimulatorState, args: list[str]) -> Reply:
    await state.box_state(args[0])
    return "box-state", {"event": args[0]}


async def _password(state: SimulatorState, args: list[str]) -> Reply:
    await state.password_change(*args[:1])
    return "password", {}


async def _alarm(state: SimulatorState, args: list[str]) -> Reply:
    await state.trigger_alarm()
    return "alarm", {}


async def _pin(state: SimulatorState, args: list[str]) -> Reply:
    return "pin", {"pin": state.home.alarm_pin()}


async def _drop(state: SimulatorState, args: list[str]) -> Reply:
    return "dropped", {"count": await state.drop_websockets()}


async def _unplug(state: SimulatorState, args: list[str]) -> Reply:
    await state.unplug()
    return "unplugged", {}


async def _plug(state: SimulatorState, args: list[str]) -> Reply:
    state.plug()
    return "plugged", {}


async def _hold(state: SimulatorState, args: list[str]) -> Reply:
    state.hold(args[0] if args else "")
    return ("holding-some", {"suffix": args[0]}) if args else ("holding-all", {})


async def _release(state: SimulatorState, args: list[str]) -> Reply:
    held = len(state.held)
    state.release()
    return "released", {"count": held}


async def _forget(state: SimulatorState, args: list[str]) -> Reply:
    state.forget_targets()
    return "forgotten", {}


COMMANDS: dict[str, Command] = {
    "approve": _approve,
    "deny": _deny,
    "timeout": _timeout,
    "pending": _pending,
    "grant": _grant,
    "withdraw": _withdraw,
    "revoke": _revoke,
    "expire": _expire,
    "downloads": _downloads,
    "progress": _progress,
    "complete": _complete,
    "fail": _fail,
    "call": _call,
    "voicemail": _voicemail,
    "guest": _guest,
    "remote": _remote,
    "host": _host,
    "reachable": _reachable,
    "unreachable": _unreachable,
    "boxstate": _boxstate,
    "password": _password,
    "alarm": _alarm,
    "pin": _pin,
    "drop": _drop,
    "unplug": _unplug,
    "plug": _plug,
    "hold": _hold,
    "release": _release,
    "forget": _forget,
}


async def execute(state: SimulatorState, line: str, language: Language = "en") -> str:
    """Run one console line and describe what happened (errors included)."""
    try:
        words = shlex.split(line)
    except ValueError as exc:
        return say(language, "error", reason=exc)
    if not words:
        return ""
    name = words[0].lower()
    if name == "help":
        return HELP[language]
    command = COMMANDS.get(name)
    if command is None:
        return say(language, "unknown", word=words[0])
    try:
        reply = await command(state, words[1:])
    except IndexError:
        return say(language, "missing-argument", command=name)
    except (LookupError, ValueError, ApiError) as exc:
        return say(language, "error", reason=exc)
    replies = reply if isinstance(reply, list) else [reply]
    return "\n".join(say(language, key, **values) for key, values in replies)
