"""The simulator's console as a newcomer meets it: reachable while the simulator runs in the
background, in the terminal's language, with the levers the README's tour needs."""

from __future__ import annotations

import asyncio
import io
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest

from freeboxos.simulator import SimulatorState
from freeboxos.simulator.console import execute
from freeboxos.simulator.fixtures import CALL_LOG
from freeboxos.simulator.runner import attach_console, run_simulator

TIMEOUT = 10


class Lines(io.StringIO):
    """A stdout whose lines can be awaited."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: asyncio.Queue[str] = asyncio.Queue()
        self.seen: list[str] = []

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line:
                self.seen.append(line)
                self.lines.put_nowait(line)
        return len(text)

    async def until(self, pattern: str) -> re.Match[str]:
        async with asyncio.timeout(TIMEOUT):
            while (found := re.search(pattern, await self.lines.get())) is None:
                pass
        return found


@asynccontextmanager
async def simulator(out: Lines, **options: bool) -> AsyncIterator[tuple[str, int]]:
    """`freebox-bot simulate` in this process, its terminal a pipe never written to;
    yields the box's URL and the console's control port."""
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "r") as stdin, os.fdopen(write_fd, "w"):
        task = asyncio.create_task(
            run_simulator(
                "127.0.0.1",
                0,
                auto_approve=options.get("auto_approve", False),
                demo=False,
                demo_interval=1.0,
                control_port=0,
                stdin=stdin,
                stdout=out,
            )
        )
        try:
            url = (await out.until(r"on (http://\S+)")).group(1)
            port = int((await out.until(r"--control-port (\d+)")).group(1))
            yield url, port
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task


async def type_into(port: int, *lines: str) -> list[str]:
    """`freebox-bot simulate --console` with `lines` typed into it; returns what it printed."""
    read_fd, write_fd = os.pipe()
    out = Lines()
    with os.fdopen(read_fd, "r") as stdin:
        with os.fdopen(write_fd, "w") as keyboard:
            keyboard.write("".join(f"{line}\n" for line in lines))
        async with asyncio.timeout(TIMEOUT):
            assert await attach_console(port, stdin=stdin, stdout=out) == 0
    return out.seen


async def test_the_banner_gives_the_pin_and_the_way_to_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    out = Lines()
    async with simulator(out, auto_approve=True) as (_url, port):
        assert "Alarm PIN: 0000 (the bot asks for it to disarm)" in out.seen
        assert any("every permission" in line for line in out.seen), out.seen
        [console] = [line for line in out.seen if line.startswith("Console:")]
        assert f"`freebox-bot simulate --console --control-port {port}`" in console
        assert "type 'help' here" not in console, "a pipe is no terminal to type in"


async def test_the_console_is_reached_from_another_terminal_in_french(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    out = Lines()
    async with simulator(out) as (url, port):
        assert "Code PIN de l'alarme : 0000 (le bot le demande pour la désarmer)" in out.seen
        async with aiohttp.ClientSession() as http:
            request = {"app_id": "a", "app_name": "A", "app_version": "1", "device_name": "pc"}
            async with http.post(f"{url}/api/v15/login/authorize/", json=request) as response:
                track = (await response.json())["result"]["track_id"]
            printed = await type_into(port, "pin", "approve", "frobnicate", "help")
            async with http.get(f"{url}/api/v15/login/authorize/{track}") as response:
                assert (await response.json())["result"]["status"] == "granted"
    assert printed[0].startswith("Connecté au simulateur")
    assert "code PIN de l'alarme : 0000" in printed
    assert "'A' autorisée (demande 1)" in printed
    assert "commande inconnue 'frobnicate' ; tapez 'help'" in printed
    assert any(line.startswith("downloads ") and "numéros" in line for line in printed)


async def test_console_without_a_simulator_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], unused_tcp_port: int
) -> None:
    assert await attach_console(unused_tcp_port, stdin=io.StringIO(""), stdout=Lines()) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("freebox-bot: no simulator console on 127.0.0.1:")


async def test_downloads_are_listed_and_moved_forward() -> None:
    state = SimulatorState()
    assert await execute(state, "downloads") == "no downloads; the bot's /add makes one"
    first, second = state.downloads.add_urls(
        ["https://example.org/debian.iso", "https://example.org/film.mkv"]
    )
    assert await execute(state, "downloads") == (
        f"{first.id}  debian.iso  downloading 0%\n{second.id}  film.mkv  downloading 0%"
    )
    assert await execute(state, f"progress {second.id} 50") == (
        f"task {second.id} 'film.mkv' at 50%"
    )
    assert state.downloads.get(second.id).rx_pct == 5000
    assert state.pushed == [], "moving forward pushes nothing; `complete` does"
    assert (await execute(state, "progress 99 50")).startswith("error: task_not_found")
    assert await execute(state, "progress") == ("error: progress needs more arguments; type 'help'")
    assert "tâche" in await execute(state, f"progress {first.id} 10", "fr")


def test_the_fixtures_hold_no_placeholder_name() -> None:
    names = [str(entry["name"]) for entry in CALL_LOG]
    assert not [name for name in names if "SHOULD" in name or "FILTER" in name], names
