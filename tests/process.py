"""Runs `python -m bot run` as a real child process, for start, stop and crash tests."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp


def child_env(env: dict[str, str], *, path: str | None = None) -> dict[str, str]:
    """Exactly `env` for a child process, plus PATH and the PYTHONPATH this run imports from."""
    inherited = {"PATH": path if path is not None else os.environ.get("PATH", "")}
    if "PYTHONPATH" in os.environ:
        inherited["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return {**inherited, **env}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


QUICK_BOT = Path(__file__).with_name("quick_bot.py")


class BotProcess:
    """`freebox-bot run` in `workdir`, with exactly the environment given (plus PATH).

    `quick`: its delays 20 times shorter (tests/quick_bot.py), for tests that would
    otherwise wait for the bot's retries in real time.
    """

    def __init__(self, workdir: Path, env: dict[str, str], *, quick: bool = False) -> None:
        self.workdir = workdir
        self._entry = [str(QUICK_BOT)] if quick else ["-m", "bot"]
        self.env = child_env({"PYTHONUNBUFFERED": "1", **env})
        self.port = int(env.get("NOTIF_PORT", "8080"))
        self.log_path = workdir / "bot.log"
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            *self._entry,
            "run",
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def wait_healthy(self, timeout: float = 20.0) -> None:
        """Wait until /healthz answers, or fail with the process's log."""
        url = f"http://127.0.0.1:{self.port}/healthz"
        try:
            async with asyncio.timeout(timeout), aiohttp.ClientSession() as http:
                while True:
                    assert self._process is not None
                    if self._process.returncode is not None:
                        raise AssertionError(f"bot exited early:\n{self.log}")
                    try:
                        async with http.get(url) as resp:
                            if resp.status == 200:
                                return
                    except aiohttp.ClientConnectionError:
                        pass
                    await asyncio.sleep(0.05)
        except TimeoutError:
            raise AssertionError(f"bot not healthy after {timeout}s:\n{self.log}") from None

    async def wait_for_log(self, text: str, timeout: float = 20.0) -> None:
        """Wait until the process logged `text`."""
        try:
            async with asyncio.timeout(timeout):
                while text not in self.log:
                    await asyncio.sleep(0.05)
        except TimeoutError:
            raise AssertionError(f"{text!r} never logged:\n{self.log}") from None

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        """Send `sig` and wait for the exit code."""
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(sig)
        async with asyncio.timeout(timeout):
            return await self._process.wait()

    async def kill(self) -> None:
        await self.stop(signal.SIGKILL)
