"""The notification server alone on a real SQLite file, for tests of its port."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import ClientSession
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_to_head
from bot.storage.outbox import OutboxSink
from bot.storage.registry import SqlTargetRegistry, ensure_endpoint
from notifserver import ConnectionLimits, NotificationServer, create_app
from tests.registration import register_device

BOX = "box-0001"


@dataclass
class Port:
    served: NotificationServer
    secret: str
    sessions: async_sessionmaker[AsyncSession]

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.served.port}/{self.secret}"

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.served.port)

    def request(self, body: dict[str, object], *, close: bool = False) -> bytes:
        """A `/send` as the box writes it, keeping the connection alive unless `close`."""
        data = json.dumps(body).encode()
        head = (
            f"POST /{self.secret}/send HTTP/1.1\r\nHost: bot\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
            + ("Connection: close\r\n" if close else "")
            + "\r\n"
        )
        return head.encode() + data


def send_body(devices: list[str]) -> dict[str, object]:
    payload = {"box_id": BOX, "type": "downloader", "data": 7, "event": "task_done"}
    return {"devices": devices, "box_id": BOX, "payload": payload}


@asynccontextmanager
async def serving(
    tmp_path: Path, limits: ConnectionLimits | None = None, *, body_timeout: float = 20.0
) -> AsyncIterator[Port]:
    """The notification server on a real SQLite file, with `dev-a` bound to chat 1001."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'notif.db'}")
    await upgrade_to_head(engine)
    sessions = create_sessionmaker(engine)
    async with sessions.begin() as session:
        secret = (await ensure_endpoint(session)).secret
    app = create_app(
        registry=SqlTargetRegistry(sessions),
        sink=OutboxSink(sessions, lambda chats: None),
        body_timeout=body_timeout,
    )
    served = NotificationServer(app, "127.0.0.1", 0, limits)
    await served.start()
    port = Port(served, secret, sessions)
    try:
        async with ClientSession() as http:
            await register_device(
                sessions, http, port.api_url, box_id=BOX, chat_id=1001, device_id="dev-a"
            )
        yield port
    finally:
        await served.stop()
        await engine.dispose()
