"""The servers under test, each in a child process of its own.

- `BotChild`: `python -m bot run` (what `freebox-bot run` executes), with a fresh empty
  DATA_DIR (real SQLite file, real migrations) and TELEGRAM_API_URL pointing at the fake
  Telegram Bot API that the bench process serves. Chats are bound to the box's device ids
  the way pairing does it: the chat row and a registration token are written to the
  bot's database (SQLite in WAL mode takes a second process), then the "box" calls
  `/register` over HTTP.
- `BareChild`: `python -m bench.bare_server`, the baseline handler.

Ready, for the bot, means: the notification server's `/healthz` answers 200 **and** the
fake Telegram received `setMyCommands` (the bot published its menu, so it is connected
and polling).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select

from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.models import NotifEndpoint
from tests.fakes import FakeTelegram
from tests.process import free_port
from tests.registration import register_device

BOX_ID = "bench-box"


def rss_mib(pid: int) -> float:
    """Resident set size of a process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class _Child:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None
        self.log_path = workdir / f"{type(self).__name__}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def _spawn(self, *args: str, env: dict[str, str]) -> None:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, *args, cwd=self.workdir, env=env, stdout=log, stderr=log
            )

    async def wait_healthy(self, http: aiohttp.ClientSession, timeout: float = 30.0) -> None:
        async with asyncio.timeout(timeout):
            while True:
                assert self.process is not None
                if self.process.returncode is not None:
                    raise RuntimeError(f"{self.log_path.name}:\n{self.log_path.read_text()}")
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"{self.base}/healthz") as resp:
                        if resp.status == 200:
                            return
                await asyncio.sleep(0.005)

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(20):
                await self.process.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


class BareChild(_Child):
    async def start(self, http: aiohttp.ClientSession) -> None:
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(Path.cwd())}
        await self._spawn("-m", "bench.bare_server", "--port", str(self.port), env=env)
        await self.wait_healthy(http)

    @property
    def send_url(self) -> str:
        return f"{self.base}/bare-secret/send"


class BotChild(_Child):
    def __init__(self, workdir: Path, telegram: FakeTelegram) -> None:
        super().__init__(workdir)
        self.telegram = telegram
        self.data_dir = workdir / "data"
        self.startup_seconds = 0.0
        self.secret = ""
        self._sessions: Any = None
        self._engine: Any = None

    async def start(self, http: aiohttp.ClientSession) -> None:
        """Spawn the bot and wait until it is ready; records the start-up time."""
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(Path.cwd()),
            "TELEGRAM_BOT_TOKEN": self.telegram.token,
            "TELEGRAM_API_URL": self.telegram.url,
            "DATA_DIR": str(self.data_dir),
            "NOTIF_HOST": "127.0.0.1",
            "NOTIF_PORT": str(self.port),
            "NOTIF_PUBLIC_URL": self.base,
            "LOG_LEVEL": "WARNING",
        }
        menus_before = len(self.telegram.calls_to("setMyCommands"))
        started = time.perf_counter()
        profile = os.environ.get("BENCH_PROFILE")  # a path: profile the bot with cProfile
        prefix = ("-m", "cProfile", "-o", profile) if profile else ()
        await self._spawn(*prefix, "-m", "bot", "run", env=env)
        await self.wait_healthy(http)
        await self.telegram.wait_for(
            lambda: len(self.telegram.calls_to("setMyCommands")) > menus_before, timeout=30
        )
        self.startup_seconds = time.perf_counter() - started
        self._engine = create_engine(f"sqlite+aiosqlite:///{self.data_dir / 'freebox-bot.db'}")
        self._sessions = create_sessionmaker(self._engine)
        async with self._sessions() as session:
            endpoint = (await session.scalars(select(NotifEndpoint).limit(1))).one()
            self.secret = endpoint.secret

    @property
    def send_url(self) -> str:
        return f"{self.base}/{self.secret}/send"

    async def bind(self, http: aiohttp.ClientSession, chat_id: int, device_id: str) -> None:
        """What pairing does: a token for the chat, then the box's `/register` with it."""
        await register_device(
            self._sessions,
            http,
            f"{self.base}/{self.secret}",
            box_id=BOX_ID,
            chat_id=chat_id,
            device_id=device_id,
            language="en",
        )

    async def scalar(self, query: Any) -> Any:
        async with self._sessions() as session:
            return await session.scalar(query)

    async def stop(self) -> None:
        await super().stop()
        if self._engine is not None:
            await self._engine.dispose()
