"""Each chat that wants notifications is a notification target on the box.

The box answers `POST /notif/targets/` with no id: it calls our `/register` with the
target id and the per-chat token we gave it, and the notification server records the
binding. At start (and hourly) `repair()` re-creates targets the box lost or that point
at an old NOTIF_PUBLIC_URL.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.clock import Clock
from bot.log_redaction import keep_secret
from bot.storage.models import Chat, Target, utcnow
from bot.storage.registry import ensure_endpoint, issue_registration_token
from freeboxos import FreeboxClient, InvalidRequestError, NotFoundError

log = logging.getLogger(__name__)

TARGET_TYPE = "android"  # the box knows ios, android and firebase; we are none of them


class NotConfiguredError(Exception):
    """NOTIF_PUBLIC_URL is not set: the box has nowhere to push."""


@dataclass(frozen=True)
class RepairReport:
    checked: int
    repaired: tuple[int, ...]


class TargetRegistrar:
    """Creates, updates and deletes the chats' targets on the box."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        public_url: str | None,
        *,
        clock: Clock = utcnow,
    ) -> None:
        self._sessions = sessions
        self._link = link
        self._public_url = public_url
        self._clock = clock

    async def api_url(self) -> str:
        """NOTIF_PUBLIC_URL plus this box's secret segment."""
        if not self._public_url:
            raise NotConfiguredError("NOTIF_PUBLIC_URL is not set")
        box = await self._link.box()
        async with self._sessions.begin() as session:
            endpoint = await ensure_endpoint(session, box.api.uid)
            keep_secret(endpoint.secret)  # new when the bot meets a new box
            return f"{self._public_url}/{endpoint.secret}"

    async def register_chat(self, chat_id: int) -> None:
        """Ask the box to push to this chat (it calls `/register` back)."""
        # The chat's wish holds even when the box cannot take a target (too old, refused,
        # NOTIF_PUBLIC_URL unset): the bot then watches the box for it (bot.box.watching).
        async with self._sessions.begin() as session:
            (await session.get_one(Chat, chat_id)).wants_notifications = True
        api_url = await self.api_url()
        client = await self._link.client()
        async with self._sessions.begin() as session:
            chat = await session.get_one(Chat, chat_id)
            chat.wants_notifications = True
            token = await issue_registration_token(session, chat_id, now=self._clock())
            name, subscriptions = _target_name(chat), list(chat.subscriptions)
        await _create_target(client, name, token, subscriptions, api_url)
        log.info("asked the box to push notifications to chat %s", chat_id)

    async def update_subscriptions(self, chat_id: int, subscriptions: Sequence[str]) -> None:
        """Store the chat's choice and update its target on the box (created if missing)."""
        async with self._sessions.begin() as session:
            chat = await session.get_one(Chat, chat_id)
            chat.subscriptions = list(subscriptions)
            device_ids = await _device_ids(session, chat_id)
        if not device_ids:
            await self.register_chat(chat_id)
            return
        client = await self._link.client()
        for device_id in device_ids:
            try:
                await client.update_notification_target(
                    device_id, subscriptions=list(subscriptions)
                )
            except NotFoundError:
                await self._forget_local(device_id)
                await self.register_chat(chat_id)

    async def unregister_chat(self, chat_id: int) -> None:
        """Delete the chat's targets on the box (the chat left, blocked us or opted out)."""
        async with self._sessions.begin() as session:
            chat = await session.get(Chat, chat_id)
            if chat is not None:
                chat.wants_notifications = False
            device_ids = await _device_ids(session, chat_id)
        if not device_ids:
            return
        client = await self._link.client()
        for device_id in device_ids:
            with contextlib.suppress(NotFoundError):
                await client.delete_notification_target(device_id)
            await self._forget_local(device_id)

    async def repair(self) -> RepairReport:
        """Re-create every target the box lost or that points at an outdated api_url."""
        api_url = await self.api_url()
        client = await self._link.client()
        on_box = {t.id: t for t in await client.list_notification_targets()}
        async with self._sessions() as session:
            chat_ids = list(
                await session.scalars(
                    select(Chat.id).where(Chat.wants_notifications.is_(True), Chat.active.is_(True))
                )
            )
        repaired: list[int] = []
        for chat_id in chat_ids:
            async with self._sessions() as session:
                device_ids = await _device_ids(session, chat_id)
            healthy = [d for d in device_ids if d in on_box and on_box[d].api_url == api_url]
            if healthy:
                continue
            for device_id in device_ids:
                if device_id in on_box:
                    await client.delete_notification_target(device_id)
                await self._forget_local(device_id)
            await self.register_chat(chat_id)
            repaired.append(chat_id)
        if repaired:
            log.warning("re-registered %d chat(s) the box had lost", len(repaired))
        return RepairReport(checked=len(chat_ids), repaired=tuple(repaired))

    async def _forget_local(self, device_id: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(delete(Target).where(Target.device_id == device_id))


async def _device_ids(session: AsyncSession, chat_id: int) -> list[str]:
    return list(await session.scalars(select(Target.device_id).where(Target.chat_id == chat_id)))


def _target_name(chat: Chat) -> str:
    return f"Telegram {chat.title or chat.id}"[:64]


async def _create_target(
    client: FreeboxClient, name: str, token: str, subscriptions: list[str], api_url: str
) -> None:
    # The document names the download subscription both "downloader" and "download":
    # if the box refuses one spelling, try the other.
    spellings = [subscriptions]
    if "downloader" in subscriptions:
        spellings.append(["download" if s == "downloader" else s for s in subscriptions])
    for attempt, spelling in enumerate(spellings, start=1):
        try:
            await client.create_notification_target(
                name=name,
                target_type=TARGET_TYPE,
                token=token,
                subscriptions=spelling,
                api_url=api_url,
                message_type="notification",
            )
            return
        except InvalidRequestError:
            if attempt == len(spellings):
                raise
