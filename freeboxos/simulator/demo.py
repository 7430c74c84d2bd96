"""Demo mode: the simulated household lives, one random event per tick."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from .state import SimulatorState

_NAMES = ("Maman", "Bureau", "Cabinet médical", "École Jules Ferry", None)
_DEVICES = ("iPhone-de-Lea", "Galaxy-Tab", "PC-Salon", "Switch", "Kindle")
_FILES = ("debian-12.5.0-amd64-netinst.iso", "big_buck_bunny_1080p.mp4", "ubuntu-24.04.iso")


async def _download(state: SimulatorState, rng: random.Random) -> str:
    name = rng.choice(_FILES)
    task = state.downloads.add_urls([f"https://example.org/{rng.randrange(10**6)}/{name}"])[0]
    await state.complete_task(task.id)
    return f"download {task.id} {name} done"


async def _missed_call(state: SimulatorState, rng: random.Random) -> str:
    number = "0" + "".join(rng.choice("0123456789") for _ in range(9))
    entry = await state.missed_call(number, rng.choice(_NAMES))
    return f"missed call from {entry['name']}"


async def _lan_host(state: SimulatorState, rng: random.Random) -> str:
    mac = ":".join(f"{rng.randrange(256):02x}" for _ in range(6))
    host = await state.new_lan_host(mac, rng.choice(_DEVICES), f"192.168.1.{rng.randrange(2, 250)}")
    return f"new LAN host {host['primary_name']}"


async def _presence(state: SimulatorState, rng: random.Random) -> str:
    host = rng.choice(state.lan.hosts["pub"])
    reachable = not host.get("reachable", False)
    await state.set_host_reachable(host["id"], reachable)
    return f"{host.get('primary_name') or host['id']} {'back' if reachable else 'gone'}"


async def _box_state(state: SimulatorState, rng: random.Random) -> str:
    await state.box_state("pub_up")
    return "box_state pub_up"


async def _password(state: SimulatorState, rng: random.Random) -> str:
    await state.password_change(f"192.168.1.{rng.randrange(2, 250)}")
    return "password_change"


async def _alarm(state: SimulatorState, rng: random.Random) -> str:
    await state.trigger_alarm()
    return "alarm triggered"


DEMO_EVENTS: tuple[Callable[[SimulatorState, random.Random], Awaitable[str]], ...] = (
    _download,
    _missed_call,
    _lan_host,
    _presence,
    _box_state,
    _password,
    _alarm,
)


async def demo_loop(
    state: SimulatorState,
    interval: float,
    report: Callable[[str], None],
    rng: random.Random | None = None,
) -> None:
    """Every ``interval`` seconds, make one random thing happen; runs until cancelled."""
    rng = rng or random.Random()
    while True:
        await asyncio.sleep(interval)
        event = rng.choice(DEMO_EVENTS)
        report(f"demo: {await event(state, rng)}")
