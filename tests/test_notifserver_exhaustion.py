"""The bot as a child process with few file descriptors, its notification port flooded.

A few hundred idle TCP connections used to take every descriptor: the box's `/send` was
never answered, Telegram could not be reached, and asyncio logged each failed accept with a
traceback (700 MB in 80 s).
"""

from __future__ import annotations

import asyncio
import resource
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from sqlalchemy import select

from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.models import NotifEndpoint
from tests.fakes import FakeTelegram
from tests.process import BotProcess, free_port
from tests.registration import register_device

OWNER = 4242
RESOURCE_ERROR = "socket.accept() out of system resource"


class LimitedBotProcess(BotProcess):
    """`freebox-bot run` with RLIMIT_NOFILE lowered to `descriptors` before it starts."""

    def __init__(self, workdir: Path, env: dict[str, str], descriptors: int) -> None:
        super().__init__(workdir, env)
        self.descriptors = descriptors

    async def start(self) -> None:
        limit = self.descriptors

        def lower_limit() -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        with self.log_path.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=log,
                preexec_fn=lower_limit,
            )


@asynccontextmanager
async def bot_with(
    tmp_path: Path, telegram: FakeTelegram, descriptors: int
) -> AsyncIterator[LimitedBotProcess]:
    port = free_port()
    env = {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.url,
        "BOT_OWNER_IDS": str(OWNER),
        "NOTIF_HOST": "127.0.0.1",
        "NOTIF_PORT": str(port),
        "NOTIF_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    bot = LimitedBotProcess(tmp_path, env, descriptors)
    await bot.start()
    try:
        await bot.wait_healthy()
        await telegram.wait_for_call("setMyCommands", timeout=20)
        yield bot
    finally:
        await bot.stop()


async def bind_owner_chat(bot: LimitedBotProcess) -> str:
    """Register device `dev` for the owner's chat, as the box does; returns the api_url."""
    engine = create_engine(f"sqlite+aiosqlite:///{bot.workdir / 'data' / 'freebox-bot.db'}")
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as session:
            secret = (await session.scalars(select(NotifEndpoint.secret))).one()
        api_url = f"http://127.0.0.1:{bot.port}/{secret}"
        async with aiohttp.ClientSession() as http:
            await register_device(
                sessions, http, api_url, box_id="box", chat_id=OWNER, device_id="dev"
            )
    finally:
        await engine.dispose()
    return api_url


@asynccontextmanager
async def idle_connections(port: int, count: int) -> AsyncIterator[list[socket.socket]]:
    """`count` TCP connections to `port` that never send a byte."""
    loop = asyncio.get_running_loop()
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.setblocking(False)
            sockets.append(sock)
            await loop.sock_connect(sock, ("127.0.0.1", port))
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


async def test_1100_idle_connections_leave_the_box_and_telegram_served(tmp_path: Path) -> None:
    async with FakeTelegram() as telegram, bot_with(tmp_path, telegram, 1024) as bot:
        api_url = await bind_owner_chat(bot)
        async with idle_connections(bot.port, 1100):
            send = {
                "devices": ["dev"],
                "box_id": "box",
                "body": "Le téléchargement « album.zip » est terminé",
                "payload": {"box_id": "box", "type": "downloader", "data": 9, "event": "task_done"},
            }
            timeout = aiohttp.ClientTimeout(total=20)
            async with (
                aiohttp.ClientSession(timeout=timeout) as http,
                http.post(f"{api_url}/send", json=send) as resp,
            ):
                assert await resp.json() == {"failureIds": [], "successIds": ["dev"]}
            [notification] = await telegram.wait_for_messages(OWNER, 1, timeout=20)
            assert notification.visible_text == "✅ Téléchargement terminé : album.zip"

            telegram.push_message(OWNER, OWNER, "/help")
            [help_reply] = await telegram.wait_for_messages(OWNER, 1, timeout=20)
            assert help_reply.visible_text.startswith("Ce que je sais faire")
        assert "Traceback" not in bot.log
        assert bot.log.count(RESOURCE_ERROR) <= 1


async def test_running_out_of_descriptors_is_logged_once_per_interval(tmp_path: Path) -> None:
    """So few descriptors that accepting fails: one line, no traceback, and the port recovers."""
    async with FakeTelegram() as telegram, bot_with(tmp_path, telegram, 128) as bot:
        async with idle_connections(bot.port, 400):
            await bot.wait_for_log(RESOURCE_ERROR)
        await bot.wait_healthy()
        assert bot.log.count(RESOURCE_ERROR) == 1, bot.log[-3000:]
        assert "Too many open files" in bot.log
        assert "Traceback" not in bot.log
