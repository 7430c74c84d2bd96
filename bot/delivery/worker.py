"""The outbox worker: delivers every acknowledged notification to Telegram, at least once.

Limits: Telegram allows about 30 messages/s overall and 20/min per group (PTB's
AIORateLimiter on the bot enforces both) and 1/s per chat (paced here). A `RetryAfter`
pauses all sending for the time Telegram asks; network errors back off exponentially
and never give up; only `Forbidden` (bot blocked or kicked) gives up on a chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.delivery.render import Notification, RenderedMessage, Renderer
from bot.storage.models import utcnow
from bot.storage.outbox import OutboxStore, PendingMessage

log = logging.getLogger(__name__)

ChatGone = Callable[[int, str], Awaitable[None]]


class Backoff:
    """Exponential delays (initial, twice that, four times… up to a cap)."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial, self.maximum = initial, maximum

    def delay(self, failures: int) -> float:
        return float(min(self.maximum, self.initial * 2 ** max(0, failures - 1)))


class OutboxWorker:
    """Sends the head of each chat's queue, one task per chat, paced and retried."""

    def __init__(
        self,
        *,
        store: OutboxStore,
        renderer: Renderer,
        bot: Bot,
        on_chat_gone: ChatGone,
        per_chat_interval: float = 1.0,
        backoff: Backoff | None = None,
        max_idle_wait: float = 30.0,
    ) -> None:
        self._store = store
        self._renderer = renderer
        self._bot = bot
        self._on_chat_gone = on_chat_gone
        self._per_chat_interval = per_chat_interval
        self._backoff = backoff or Backoff(1.0, 300.0)
        self._max_idle_wait = max_idle_wait
        self._wakeup = asyncio.Event()
        self._ready = asyncio.Event()
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._last_sent: dict[int, float] = {}
        self._paused_until = 0.0
        self._network_failures = 0

    def wake(self) -> None:
        """Something was enqueued or finished: look at the outbox again now."""
        self._wakeup.set()

    def telegram_ready(self) -> None:
        """Telegram answered once: deliveries may start."""
        self._ready.set()
        self.wake()

    async def run(self) -> None:
        """Deliver until cancelled; cancelling leaves undelivered rows pending for next start."""
        try:
            await self._ready.wait()
            while True:
                self._wakeup.clear()
                loop = asyncio.get_running_loop()
                if (pause := self._paused_until - loop.time()) > 0:
                    await self._sleep_or_wake(pause, interruptible=False)
                    continue
                for head in await self._store.due_heads(utcnow()):
                    if head.chat_id not in self._busy:
                        task = asyncio.create_task(self._deliver(head))
                        self._busy[head.chat_id] = task
                        task.add_done_callback(functools.partial(self._done, head.chat_id))
                await self._sleep_or_wake(await self._idle_wait(), interruptible=True)
        finally:
            for task in list(self._busy.values()):
                task.cancel()
            await asyncio.gather(*self._busy.values(), return_exceptions=True)

    def _done(self, chat_id: int, task: asyncio.Task[None]) -> None:
        self._busy.pop(chat_id, None)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("delivery to chat %s failed unexpectedly", chat_id, exc_info=exc)
        self.wake()

    async def _idle_wait(self) -> float:
        due = await self._store.next_due_at()
        if due is None:
            return self._max_idle_wait
        return max(0.0, min(self._max_idle_wait, (due - utcnow()).total_seconds()))

    async def _sleep_or_wake(self, seconds: float, *, interruptible: bool) -> None:
        if not interruptible:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wakeup.wait()

    async def _deliver(self, message: PendingMessage) -> None:
        await self._pace(message.chat_id)
        if self._paused_until > asyncio.get_running_loop().time():
            return
        if not await self._store.still_due(message.id, utcnow()):
            return  # read before the previous task of this chat committed its outcome
        self._last_sent[message.chat_id] = asyncio.get_running_loop().time()
        try:
            rendered = await self._render(message)
            sent_id = await self._send(message.chat_id, rendered)
        except RetryAfter as exc:
            seconds = _retry_after_seconds(exc)
            log.warning("Telegram flood control: pausing all sends for %.0f s", seconds)
            self._pause(seconds)
            await self._store.retry_later(
                message.id, utcnow() + timedelta(seconds=seconds), str(exc), message.attempts
            )
        except Forbidden as exc:
            log.warning("chat %s blocked or removed the bot: %s", message.chat_id, exc.message)
            await self._on_chat_gone(message.chat_id, exc.message)
        except BadRequest as exc:
            log.error("Telegram refused message %s for good: %s", message.id, exc.message)
            await self._store.mark_failed(message.id, exc.message)
        except (TelegramError, OSError) as exc:
            self._network_failures += 1
            delay = self._backoff.delay(self._network_failures)
            log.warning("Telegram unreachable (%s); retrying in %.1f s", exc, delay)
            self._pause(delay)
            await self._store.retry_later(
                message.id, utcnow() + timedelta(seconds=delay), str(exc), message.attempts + 1
            )
        else:
            self._network_failures = 0
            await self._store.mark_sent(message.id, sent_id)

    async def _pace(self, chat_id: int) -> None:
        """Wait until this chat's last send is one interval old (Telegram's 1 msg/s per chat)."""
        loop = asyncio.get_running_loop()
        wait = self._last_sent.get(chat_id, -1e9) + self._per_chat_interval - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)

    def _pause(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._paused_until = max(self._paused_until, loop.time() + seconds)

    async def _render(self, message: PendingMessage) -> RenderedMessage:
        notification = Notification(message.title, message.body, message.payload)
        try:
            return await self._renderer.render(notification, message.language)
        except Exception:
            log.exception("could not render notification %s; sending it plainly", message.id)
            return RenderedMessage.plain_fallback(notification)

    async def _send(self, chat_id: int, rendered: RenderedMessage) -> int:
        try:
            return await self._send_once(chat_id, rendered)
        except ChatMigrated as exc:
            return await self._send_once(exc.new_chat_id, rendered)

    async def _send_once(self, chat_id: int, rendered: RenderedMessage) -> int:
        try:
            sent = await self._bot.send_message(chat_id, rendered.html, parse_mode=ParseMode.HTML)
        except BadRequest as exc:
            if "parse" not in exc.message.lower() and "entit" not in exc.message.lower():
                raise
            sent = await self._bot.send_message(chat_id, rendered.plain)
        return sent.message_id


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    return max(1.0, seconds)
