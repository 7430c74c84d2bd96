"""The whole product in-process, against the fake Telegram (and optionally the box simulator)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from sqlalchemy import select

from bot.app import FreeboxBot
from bot.clock import Clock, Timer
from bot.config import Settings
from bot.storage.chats import upsert_chat
from bot.storage.models import NotifEndpoint, utcnow
from tests.fakes import FakeTelegram
from tests.manual_time import ManualClock as ManualClock  # where the tests import it from
from tests.process import free_port
from tests.registration import register_device

BOX_ID = "box-under-test"
_T = TypeVar("_T")


@dataclass
class RunningBot:
    bot: FreeboxBot
    telegram: FakeTelegram
    http: aiohttp.ClientSession
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def api_url(self) -> str:
        """NOTIF_PUBLIC_URL plus the secret, as the box would be given it."""
        async with self.bot.running.sessions() as session:
            endpoint = (await session.scalars(select(NotifEndpoint).limit(1))).one()
            return f"{self.base}/{endpoint.secret}"

    async def bind(self, chat_id: int, device_id: str, *, language: str = "fr") -> None:
        """What pairing does for a chat: a token for it, then the box's `/register`."""
        await register_device(
            self.bot.running.sessions,
            self.http,
            await self.api_url(),
            box_id=BOX_ID,
            chat_id=chat_id,
            device_id=device_id,
            language=language,
            now=self.bot.clock(),
        )

    async def bind_chat_through_box(self, chat_id: int) -> None:
        """Register the chat as a target on the (simulated) box, as /pair does."""
        async with self.bot.running.sessions.begin() as session:
            await upsert_chat(session, chat_id)
        await self.bot.running.registrar.register_chat(chat_id)

    async def push(
        self,
        devices: list[str],
        payload: dict[str, Any],
        *,
        title: str | None = None,
        body: str | None = None,
    ) -> dict[str, list[str]]:
        """POST /send as the box does; returns its answer."""
        request = {
            "devices": devices,
            "title": title,
            "body": body,
            "payload": {"box_id": BOX_ID, **payload},
            "box_id": BOX_ID,
        }
        async with self.http.post(f"{await self.api_url()}/send", json=request) as resp:
            assert resp.status == 200, await resp.text()
            answer: dict[str, list[str]] = await resp.json()
            return answer


def settings_for(tmp_path: Path, telegram: FakeTelegram, port: int, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": telegram.token,
        "telegram_api_url": telegram.url,
        "data_dir": tmp_path / "data",
        "notif_host": "127.0.0.1",
        "notif_port": port,
        "notif_public_url": f"http://127.0.0.1:{port}",
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_bot(
    tmp_path: Path,
    telegram: FakeTelegram,
    *,
    clock: Clock = utcnow,
    timer: Timer | None = None,
    periodic_loop: bool = False,
    **settings: Any,
) -> AsyncIterator[RunningBot]:
    """Start FreeboxBot with the fake Telegram; wait until it is connected.

    A `ManualClock` given as `timer` too holds the bot's delays until the test moves it.
    Periodic work runs when the test calls `bot.tick()`, not behind its back, unless
    `periodic_loop` (then on `clock`, which the test moves).
    """
    port = free_port()
    bot = FreeboxBot(
        settings_for(tmp_path, telegram, port, **settings),
        clock=clock,
        timer=timer,
        periodic_loop=periodic_loop,
    )
    await bot.start()
    try:
        async with aiohttp.ClientSession() as http:
            # The command menu is published once Telegram answered and polling started.
            await telegram.wait_for_call("setMyCommands", timeout=15)
            yield RunningBot(bot, telegram, http, port)
    finally:
        await bot.stop()


async def eventually(probe: Callable[[], Awaitable[_T | None]], timeout: float = 10.0) -> _T:
    """Wait until `probe()` returns something (it reads state the product writes)."""
    try:
        async with asyncio.timeout(timeout):
            while (value := await probe()) is None:
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"{probe.__name__} still None after {timeout}s") from None
    return value
