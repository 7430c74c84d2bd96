"""Each chat that wants notifications is a notification target on the box.

The box answers `POST /notif/targets/` with no id: it calls our `/register` with the
target id and the per-chat token we gave it, and the notification server records the
binding. At start (and hourly) `repair()` re-creates targets the box lost or that point
at an old NOTIF_PUBLIC_URL (compared as the box may normalise it). Updates send the whole
target and read it back: the document does not promise that a PUT merges, nor that an
unknown subscription name is refused rather than dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.box.link import BoxLink
from bot.clock import Clock
from bot.log_redaction import keep_secret
from bot.storage.models import Chat, RegistrationToken, Target, utcnow
from bot.storage.registry import endpoint_for_box, issue_registration_token
from freeboxos import FreeboxClient, InvalidRequestError, NotFoundError, NotificationTarget
from freeboxos.capabilities import can_push, subscriptions_supported

log = logging.getLogger(__name__)

TARGET_TYPE = "android"  # the box knows ios, android and firebase; we are none of them
CREATION_SETTLES = timedelta(minutes=1)
"""A target created this recently may still be waiting for the box's `/register`."""


class NotConfiguredError(Exception):
    """NOTIF_PUBLIC_URL is not set: the box has nowhere to push."""


class PushUnavailableError(Exception):
    """This box's API version cannot push to us; the chat's choice is stored and the box
    is watched instead (bot.box.watching)."""


@dataclass(frozen=True)
class RepairReport:
    checked: int
    repaired: tuple[int, ...]


class CallbackWaiter(Protocol):
    """Waits for the box's `/register` after a target is created, and tells the chat."""

    def expect(self, chat_id: int, language: str, message_id: int | None = None) -> None: ...

    def cancel(self, chat_id: int) -> None: ...


class TargetRegistrar:
    """Creates, updates and deletes the chats' targets on the box."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        public_url: str | None,
        *,
        clock: Clock = utcnow,
        waiter: CallbackWaiter | None = None,
    ) -> None:
        self._sessions = sessions
        self._link = link
        self._public_url = public_url
        self._clock = clock
        self._choosing_endpoint = asyncio.Lock()
        self._waiter = waiter
        self._last_creation: datetime | None = None

    async def api_url(self) -> str:
        """NOTIF_PUBLIC_URL plus this box's secret segment."""
        if not self._public_url:
            raise NotConfiguredError("NOTIF_PUBLIC_URL is not set")
        box = await self._link.box()
        # People's commands run concurrently: two first choices for one box would both
        # insert the choice row (or make two endpoints), so the choice is made one at a time.
        async with self._choosing_endpoint, self._sessions.begin() as session:
            endpoint = await endpoint_for_box(session, box.api.uid, now=self._clock())
            keep_secret(endpoint.secret)  # new when the bot meets a new box
            return f"{self._public_url}/{endpoint.secret}"

    async def register_chat(
        self,
        chat_id: int,
        subscriptions: Sequence[str] | None = None,
        *,
        watch: bool = False,
        message_id: int | None = None,
    ) -> str:
        """Ask the box to push to this chat (it calls `/register` back); returns the api_url.

        `subscriptions` replaces the chat's choice once the box accepted the target. With
        `watch`, the chat is told whether the box called back (by editing `message_id`).
        """
        # The chat's wish holds even when the box cannot take a target (too old, refused,
        # NOTIF_PUBLIC_URL unset): the bot then watches the box for it (bot.box.watching).
        async with self._sessions.begin() as session:
            (await session.get_one(Chat, chat_id)).wants_notifications = True
        await self._refuse_unless_push(chat_id, subscriptions)
        api_url = await self.api_url()
        client = await self._link.client()
        supported = subscriptions_supported((await self._link.box()).api.api_version)
        async with self._sessions.begin() as session:
            chat = await session.get_one(Chat, chat_id)
            token = await issue_registration_token(session, chat_id, now=self._clock())
            name = _target_name(chat)
            chosen = chat.subscriptions if subscriptions is None else subscriptions
            wanted = [kind for kind in chosen if kind in supported]
            language = chat.language
        fields = _TargetFields(name=name, token=token, api_url=api_url)
        if watch and self._waiter is not None:
            self._waiter.expect(chat_id, language, message_id)
        self._last_creation = self._clock()
        try:
            await _create_target(client, fields, wanted)
        except BaseException:
            if watch and self._waiter is not None:
                self._waiter.cancel(chat_id)
            raise
        async with self._sessions.begin() as session:
            chat = await session.get_one(Chat, chat_id)
            chat.wants_notifications = True
            chat.subscriptions = wanted
        log.info("asked the box to push notifications to chat %s", chat_id)
        return api_url

    async def update_subscriptions(
        self, chat_id: int, subscriptions: Sequence[str], *, watch: bool = False
    ) -> None:
        """Update the chat's target on the box (created if missing, see `register_chat` for
        `watch`), then store the choice.

        The whole target is sent (a PUT may replace it) and read back (a box may drop a
        subscription name it does not know instead of refusing it).
        """
        async with self._sessions() as session:
            chat = await session.get_one(Chat, chat_id)
            name = _target_name(chat)
            device_ids = await _device_ids(session, chat_id)
        if not device_ids:
            await self.register_chat(chat_id, subscriptions, watch=watch)
            return
        await self._refuse_unless_push(chat_id, subscriptions)
        api_url = await self.api_url()
        client = await self._link.client()
        supported = subscriptions_supported((await self._link.box()).api.api_version)
        subscriptions = [kind for kind in subscriptions if kind in supported]
        for device_id in device_ids:
            token = await self._token_of(chat_id, device_id)
            fields = _TargetFields(name=name, token=token, api_url=api_url)
            try:
                await _put_target(client, device_id, fields, list(subscriptions))
            except NotFoundError:
                await self._forget_local(device_id)
                await self.register_chat(chat_id, subscriptions, watch=watch)
                return
        async with self._sessions.begin() as session:
            chat = await session.get_one(Chat, chat_id)
            chat.wants_notifications = True
            chat.subscriptions = list(subscriptions)

    async def _refuse_unless_push(self, chat_id: int, subscriptions: Sequence[str] | None) -> None:
        """Below API 11 no target can carry our URL: there is no box to accept the choice, so
        it is stored as it is and the box is watched for this chat instead."""
        if can_push((await self._link.box()).api.api_version):
            return
        async with self._sessions.begin() as session:
            chat = await session.get_one(Chat, chat_id)
            chat.wants_notifications = True
            if subscriptions is not None:
                chat.subscriptions = list(subscriptions)
        raise PushUnavailableError

    async def _token_of(self, chat_id: int, device_id: str) -> str:
        """The token the box registered this device with (a PUT carries it again)."""
        async with self._sessions.begin() as session:
            token = await session.scalar(
                select(RegistrationToken.token).where(
                    RegistrationToken.chat_id == chat_id, RegistrationToken.device_id == device_id
                )
            )
            return token or await issue_registration_token(session, chat_id, now=self._clock())

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

    async def repair(self, *, except_chat: int | None = None) -> RepairReport:
        """Re-create every target the box lost or that points at an outdated api_url.

        `except_chat` is a chat whose target was just created: its `/register` may still
        be on its way, so it must not be created a second time.
        """
        api_url = await self.api_url()
        if not can_push((await self._link.box()).api.api_version):
            return RepairReport(checked=0, repaired=())  # watched instead: nothing to repair
        client = await self._link.client()
        on_box = {t.id: t for t in await client.list_notification_targets()}
        async with self._sessions() as session:
            chat_ids = list(
                await session.scalars(
                    select(Chat.id).where(Chat.wants_notifications.is_(True), Chat.active.is_(True))
                )
            )
        chat_ids = [chat_id for chat_id in chat_ids if chat_id != except_chat]
        repaired: list[int] = []
        for chat_id in chat_ids:
            async with self._sessions() as session:
                device_ids = await _device_ids(session, chat_id)
            healthy = [
                d for d in device_ids if d in on_box and same_url(on_box[d].api_url, api_url)
            ]
            if healthy:
                continue
            if not repaired:
                await self._delete_unregistered(client, on_box.values(), api_url)
            for device_id in device_ids:
                if device_id in on_box:
                    await client.delete_notification_target(device_id)
                await self._forget_local(device_id)
            await self.register_chat(chat_id)
            repaired.append(chat_id)
        if repaired:
            log.warning("re-registered %d chat(s) the box had lost", len(repaired))
        return RepairReport(checked=len(chat_ids), repaired=tuple(repaired))

    async def _delete_unregistered(
        self, client: FreeboxClient, on_box: Iterable[NotificationTarget], api_url: str
    ) -> None:
        """Delete our URL's targets the box never registered, before creating new ones: a
        box that cannot call back would otherwise gain one more every hour."""
        if self._last_creation and self._clock() - self._last_creation < CREATION_SETTLES:
            return  # one may be on its way: its /register can still come
        async with self._sessions() as session:
            known = set(await session.scalars(select(Target.device_id)))
        for target in on_box:
            if same_url(target.api_url, api_url) and target.id not in known:
                with contextlib.suppress(NotFoundError):
                    await client.delete_notification_target(target.id)
                log.info("deleted target %s: the box never called /register for it", target.id)

    async def _forget_local(self, device_id: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(delete(Target).where(Target.device_id == device_id))


async def _device_ids(session: AsyncSession, chat_id: int) -> list[str]:
    return list(await session.scalars(select(Target.device_id).where(Target.chat_id == chat_id)))


def _target_name(chat: Chat) -> str:
    return f"Telegram {chat.title or chat.id}"[:64]


@dataclass(frozen=True)
class _TargetFields:
    """What a target carries besides its subscriptions."""

    name: str
    token: str
    api_url: str


def same_url(on_box: str | None, ours: str) -> bool:
    """True when the box's `api_url` is ours, however the box normalised it (case of the
    scheme and host, default port, trailing slash)."""
    return on_box is not None and _normal_url(on_box) == _normal_url(ours)


def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return url
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port in (None, default) else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def _spellings(subscriptions: list[str]) -> list[list[str]]:
    """The document names the download subscription "download" (its table) and
    "downloader" (its example): the choices to offer the box, ours first."""
    spellings = [subscriptions]
    if "downloader" in subscriptions:
        spellings.append(["download" if s == "downloader" else s for s in subscriptions])
    return spellings


def _keeps(on_box: Sequence[str], wanted: Sequence[str]) -> bool:
    """True when the box kept every wanted kind, in either spelling."""
    kept = {"downloader" if s == "download" else s for s in on_box}
    return kept >= set(wanted)


async def _create_target(client: FreeboxClient, fields: _TargetFields, wanted: list[str]) -> None:
    # A box may refuse one spelling (inval) or silently drop it: try the other then.
    spellings = _spellings(wanted)
    for attempt, spelling in enumerate(spellings, start=1):
        try:
            await client.create_notification_target(
                name=fields.name,
                target_type=TARGET_TYPE,
                token=fields.token,
                subscriptions=spelling,
                api_url=fields.api_url,
                message_type="notification",
            )
            break
        except InvalidRequestError:
            if attempt == len(spellings):
                raise
    if len(spellings) == 1:
        return
    # The box answers without the target's id: find it by its name and URL.
    for target in await client.list_notification_targets():
        mine = target.name == fields.name and same_url(target.api_url, fields.api_url)
        if mine and not _keeps(target.subscriptions, wanted):
            await _put_target(client, target.id, fields, wanted)


async def _put_target(
    client: FreeboxClient, device_id: str, fields: _TargetFields, wanted: list[str]
) -> None:
    """Replace the target with the whole object, in the first spelling the box keeps.

    Raises:
        InvalidRequestError: the box kept neither spelling.
    """
    for spelling in _spellings(wanted):
        try:
            await client.update_notification_target(
                device_id,
                name=fields.name,
                target_type=TARGET_TYPE,
                token=fields.token,
                subscriptions=spelling,
                api_url=fields.api_url,
                message_type="notification",
            )
        except InvalidRequestError:
            continue
        if _keeps((await client.get_notification_target(device_id)).subscriptions, wanted):
            return
    raise InvalidRequestError(
        "the box kept neither spelling of the subscriptions", error_code="inval"
    )
