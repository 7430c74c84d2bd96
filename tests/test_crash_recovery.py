"""An acknowledged notification survives SIGKILL: the restarted process delivers it."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from sqlalchemy import select

from bot.storage.chats import upsert_chat
from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.models import NotifEndpoint, utcnow
from bot.storage.registry import issue_registration_token
from tests.fakes import FakeTelegram
from tests.process import BotProcess, free_port

CHAT = 4242


async def _bind_chat(data_dir: Path, base: str) -> str:
    """Issue a token in the process's own database, then register as the box does."""
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'freebox-bot.db'}")
    sessions = create_sessionmaker(engine)
    async with sessions.begin() as session:
        await upsert_chat(session, CHAT)
        token = await issue_registration_token(session, CHAT, now=utcnow())
        secret = (await session.scalars(select(NotifEndpoint.secret))).one()
    await engine.dispose()
    api_url = f"{base}/{secret}"
    body = {"box_id": "box", "device_type": "android", "token": token, "device_id": "dev"}
    async with aiohttp.ClientSession() as http, http.post(f"{api_url}/register", json=body) as r:
        assert r.status == 200
    return api_url


async def test_acknowledged_then_killed_is_delivered_after_restart(tmp_path: Path) -> None:
    async with FakeTelegram() as telegram:
        port = free_port()
        env = {
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_URL": telegram.url,
            "NOTIF_HOST": "127.0.0.1",
            "NOTIF_PORT": str(port),
            "NOTIF_PUBLIC_URL": f"http://127.0.0.1:{port}",
        }
        first = BotProcess(tmp_path, env)
        await first.start()
        await first.wait_healthy()
        await telegram.wait_for_call("setMyCommands", timeout=20)
        api_url = await _bind_chat(tmp_path / "data", f"http://127.0.0.1:{port}")

        telegram.fail_next(10_000, status=500)
        send = {
            "devices": ["dev"],
            "box_id": "box",
            "payload": {"box_id": "box", "type": "downloader", "data": 9, "event": "task_done"},
        }
        async with aiohttp.ClientSession() as http, http.post(f"{api_url}/send", json=send) as r:
            assert await r.json() == {"failureIds": [], "successIds": ["dev"]}
        await telegram.wait_for(
            lambda: any(c.method == "sendMessage" for c in telegram.calls), timeout=20
        )
        await first.kill()
        assert telegram.messages(CHAT) == []

        telegram.reset_failures()
        second = BotProcess(tmp_path, env)
        await second.start()
        await second.wait_healthy()
        [message] = await telegram.wait_for_messages(CHAT, 1, timeout=30)
        assert message.visible_text == "✅ Téléchargement terminé : un téléchargement"
        assert await second.stop() == 0
        assert len(telegram.messages(CHAT)) == 1, "delivered once"
