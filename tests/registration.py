"""What pairing does for a chat, seen from the notification server: a registration token
for the chat, then the box's `POST {api_url}/register` carrying it (tests and bench)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import ClientSession
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.chats import upsert_chat
from bot.storage.models import utcnow
from bot.storage.registry import issue_registration_token


async def register_device(
    sessions: async_sessionmaker[AsyncSession],
    http: ClientSession,
    api_url: str,
    *,
    box_id: str,
    chat_id: int,
    device_id: str,
    language: str | None = None,
    now: datetime | None = None,
) -> None:
    """Bind `device_id` of `box_id` to `chat_id`, as the box does after /pair.

    `now`: when the token is issued (the bot's clock, which judges its expiry; the wall
    clock for a bot that runs on it).
    """
    async with sessions.begin() as session:
        await upsert_chat(session, chat_id, language=language)
        token = await issue_registration_token(session, chat_id, now=now or utcnow())
    body = {
        "box_id": box_id,
        "device_type": "android",
        "token": token,
        "device_name": "Telegram",
        "device_id": device_id,
    }
    async with http.post(f"{api_url}/register", json=body) as resp:
        if resp.status != 200:
            raise AssertionError(f"/register answered {resp.status}: {await resp.text()}")
