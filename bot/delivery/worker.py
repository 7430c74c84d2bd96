"""The outbox worker: delivers every acknowledged notification to Telegram, at least once.

Limits: Telegram allows about 30 messages/s overall, 1/s per chat and 20/min per group.
Both the overall rate and the per-chat rate are paced here: the overall one with evenly
spaced sends (`Pacer`), because PTB's AIORateLimiter (a leaky bucket, which stays on the
bot for everything else and for the per-group limit) lets a burst of 30 through at once
and so up to about 60 in the first second. When several notifications of one chat are
due, they go out together as one message (in order, a blank line between them, within
Telegram's 4096 characters): a burst of events reaches a chat in a few messages instead
of one per second. A `RetryAfter` pauses all sending for the time Telegram asks; network
errors back off exponentially and never give up; only `Forbidden` (bot blocked or kicked)
gives up on a chat. A message that cannot be delivered at all (its stored payload does not
load, Telegram refuses it on its own, the request cannot carry it) is failed alone with
its reason and logged once, and its chat goes on with the next.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import warnings
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock, LoopTimer, Timer
from bot.delivery.render import (
    MAX_MESSAGE_LENGTH,
    Notification,
    RenderedMessage,
    Renderer,
    utf16_length,
)
from bot.storage.outbox import OutboxStore, PendingMessage

log = logging.getLogger(__name__)

ChatGone = Callable[[int, str], Awaitable[None]]
ChatMoved = Callable[[int, int], Awaitable[None]]
# Shows a rendered notification in a message the chat already has (a followed download's
# live message); returns that message's id, or None to send it as a new message.
Absorber = Callable[[PendingMessage, str], Awaitable[int | None]]


class Backoff:
    """Exponential delays (initial, twice that, four times… up to a cap)."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial, self.maximum = initial, maximum

    def delay(self, failures: int) -> float:
        return float(min(self.maximum, self.initial * 2 ** max(0, failures - 1)))


class Pacer:
    """Spaces calls at least `1 / rate` seconds apart, first come first served (no burst)."""

    def __init__(self, rate: float, timer: Timer) -> None:
        self._interval = 1.0 / rate
        self._timer = timer
        self._next: float | None = None
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = self._timer.monotonic()
            if self._next is not None and (wait := self._next - now) > 0:
                # Back to back: the next slot follows this one's, not the (late) wake-up,
                # so sleeping a little long does not slow the rate down.
                await self._timer.sleep(wait)
                self._next += self._interval
            else:
                self._next = now + self._interval


SEPARATOR = "\n\n"


class UnsendableMessage(Exception):
    """The text could not even be put in a request to Telegram (it is failed, not retried)."""


class OutboxWorker:
    """Sends each chat's due messages, one task per chat, paced, coalesced and retried."""

    def __init__(
        self,
        *,
        store: OutboxStore,
        renderer: Renderer,
        bot: Bot,
        on_chat_gone: ChatGone,
        on_chat_moved: ChatMoved | None = None,
        absorb: Absorber | None = None,
        per_chat_interval: float = 1.0,
        overall_rate: float = 29.0,
        backoff: Backoff | None = None,
        max_idle_wait: float = 30.0,
        min_scan_interval: float = 0.02,
        max_batch: int = 100,
        clock: Clock,
        timer: Timer | None = None,
    ) -> None:
        self._store = store
        self._renderer = renderer
        self._bot = bot
        self._on_chat_gone = on_chat_gone
        self._on_chat_moved = on_chat_moved
        self._absorb = absorb
        self._per_chat_interval = per_chat_interval
        self._clock = clock
        self._timer = timer = timer or LoopTimer()
        self._pacer = Pacer(overall_rate, timer)
        self._backoff = backoff or Backoff(1.0, 300.0)
        self._max_idle_wait = max_idle_wait
        self._min_scan_interval = min_scan_interval
        self._max_batch = max_batch
        self._wakeup = asyncio.Event()
        self._ready = asyncio.Event()
        self._busy: dict[int, asyncio.Task[bool]] = {}
        self._last_sent: dict[int, float] = {}
        self._one_at_a_time: dict[int, int] = {}
        self._moved_to: dict[int, int] = {}
        self._last_scan = -1e9
        self._next_scan_at: float | None = None
        self._full_scan = True
        self._hinted: set[int] = set()
        self._paused_until: float | None = None
        self._network_failures = 0

    def wake(self, chat_ids: Iterable[int] | None = None) -> None:
        """Something was enqueued: look at the outbox again now.

        With `chat_ids` (what the box's `/send` just committed) only those chats are
        looked at, without scanning the outbox: under a busy box the scan of every chat's
        head would cost more than the sends.
        """
        if chat_ids is None:
            self._full_scan = True
        else:
            self._hinted.update(chat_ids)
        self._wakeup.set()

    def telegram_ready(self) -> None:
        """Telegram answered once: deliveries may start."""
        self._ready.set()
        self.wake()

    async def run(self) -> None:
        """Deliver until cancelled; cancelling leaves undelivered rows pending for next start."""
        try:
            await self._ready.wait()
            loop, timer = asyncio.get_running_loop(), self._timer
            while True:
                if (pause := self._pause_left()) > 0:
                    await timer.sleep(pause)
                    self._full_scan = True
                    continue
                self._wakeup.clear()
                if (
                    self._full_scan
                    or self._next_scan_at is None
                    or timer.monotonic() >= self._next_scan_at
                ):
                    # Under a stream of wake-ups (a busy box), scan at most so often. This
                    # guards the CPU, not Telegram: it is measured on the loop's own clock.
                    if (rest := self._last_scan + self._min_scan_interval - loop.time()) > 0:
                        await asyncio.sleep(rest)
                    self._full_scan = False
                    self._hinted.intersection_update(self._busy)  # the scan covers the rest
                    self._last_scan = loop.time()
                    self._next_scan_at = timer.monotonic() + await self._scan()
                else:
                    self._dispatch_hinted()
                await timer.wait(self._wakeup, self._next_scan_at - timer.monotonic())
        finally:
            for task in list(self._busy.values()):
                task.cancel()
            await asyncio.gather(*self._busy.values(), return_exceptions=True)

    async def _scan(self) -> float:
        """Start a task for each idle chat whose head is due; the seconds until the next."""
        now = self._clock()
        next_due: float | None = None
        for chat_id, due in await self._store.heads():
            if chat_id in self._busy:
                self._hinted.add(chat_id)  # looked at again when its task is done
                continue
            if due <= now:
                if self._may_start():
                    self._start(chat_id)
                else:
                    self._hinted.add(chat_id)  # waits for the chat probing Telegram
            else:
                seconds = (due - now).total_seconds()
                next_due = seconds if next_due is None else min(next_due, seconds)
        return self._max_idle_wait if next_due is None else min(self._max_idle_wait, next_due)

    def _dispatch_hinted(self) -> None:
        """Start a task for each chat named by a wake-up (its head is read by the task)."""
        for chat_id in list(self._hinted):
            # A busy chat keeps its hint until its task ends; so does every chat while
            # another one probes Telegram.
            if chat_id not in self._busy and self._may_start():
                self._hinted.discard(chat_id)
                self._start(chat_id)

    def _may_start(self) -> bool:
        """After Telegram was unreachable, one chat at a time tries it until a send succeeds.

        Why: when Telegram comes back after a pause, every chat would otherwise read its
        queue and render it, only to find Telegram still down.
        """
        return not self._network_failures or not self._busy

    def _start(self, chat_id: int) -> None:
        task = asyncio.create_task(self._deliver(chat_id))
        self._busy[chat_id] = task
        task.add_done_callback(functools.partial(self._done, chat_id))

    def _done(self, chat_id: int, task: asyncio.Task[bool]) -> None:
        """A chat's task ended: look at the chat again if its queue moved on or something
        arrived meanwhile; at every chat if the task failed unexpectedly."""
        self._busy.pop(chat_id, None)
        if task.cancelled():
            return
        if (exc := task.exception()) is not None:
            # The database, most likely. Not woken at once: a failure that repeats would
            # loop as fast as it fails; the chat is looked at again on its next wake-up or
            # by the periodic scan.
            log.error("delivery to chat %s failed unexpectedly", chat_id, exc_info=exc)
            if self._hinted:
                self._wakeup.set()
        elif task.result():
            moved = self._moved_to.pop(chat_id, None)
            self.wake([chat_id] if moved is None else [chat_id, moved])
        elif self._hinted:
            self._wakeup.set()  # something arrived meanwhile, or waited for this probe

    async def _deliver(self, chat_id: int) -> bool:
        """Send the chat's due messages (as one); True when its queue moved on."""
        await self._pace(chat_id)
        if self._paused():
            return False
        messages = await self._store.due_run(chat_id, self._clock(), self._max_batch)
        if not messages or self._paused():
            return False
        if messages[0].id <= self._one_at_a_time.get(chat_id, 0):
            messages = messages[:1]
        else:
            self._one_at_a_time.pop(chat_id, None)
        messages, rendered_each = await self._render_all(messages)
        messages, rendered_each = await self._absorbed(messages, rendered_each)
        if not messages:
            return True  # none left to send: failed or absorbed, the queue moved on
        rendered, messages = _coalesce(messages, rendered_each)
        await self._pacer.wait()
        if self._paused():
            return False
        self._last_sent[chat_id] = self._timer.monotonic()
        head = messages[0]
        try:
            sent_id = await self._send(chat_id, rendered)
        except RetryAfter as exc:
            seconds = _retry_after_seconds(exc)
            log.warning("Telegram flood control: pausing all sends for %.0f s", seconds)
            self._pause(seconds)
            await self._store.retry_later(
                head.id, self._clock() + timedelta(seconds=seconds), str(exc), head.attempts
            )
        except Forbidden as exc:
            log.warning("chat %s blocked or removed the bot: %s", chat_id, exc.message)
            await self._on_chat_gone(chat_id, exc.message)
        except BadRequest as exc:
            if len(messages) > 1:
                # One of them is refused: send these one at a time to find which.
                log.warning("Telegram refused %d grouped messages: %s", len(messages), exc.message)
                self._one_at_a_time[chat_id] = messages[-1].id
                return True
            log.error("Telegram refused message %s for good: %s", head.id, exc.message)
            await self._store.mark_failed(head.id, exc.message)
            return True
        except (TelegramError, OSError) as exc:
            self._network_failures += 1
            delay = self._backoff.delay(self._network_failures)
            # Said once per outage: the operator needs the outage, not each retry.
            level = logging.WARNING if self._network_failures == 1 else logging.DEBUG
            log.log(level, "Telegram unreachable (%s); retrying sends until it answers", exc)
            self._pause(delay)
            await self._store.retry_later(
                head.id, self._clock() + timedelta(seconds=delay), str(exc), head.attempts + 1
            )
        except UnsendableMessage as exc:
            if len(messages) > 1:
                self._one_at_a_time[chat_id] = messages[-1].id
                return True
            await self._fail(head, f"could not be sent: {exc}")
            return True
        else:
            await self._store.mark_all_sent([m.id for m in messages], sent_id)
            if self._network_failures:
                self._network_failures = 0
                self.wake()  # Telegram is back: the chats that waited for this probe
            return True
        return False

    async def _pace(self, chat_id: int) -> None:
        """Wait until this chat's last send is one interval old (Telegram's 1 msg/s per chat)."""
        if (last := self._last_sent.get(chat_id)) is None:
            return
        if (wait := last + self._per_chat_interval - self._timer.monotonic()) > 0:
            await self._timer.sleep(wait)

    def _pause_left(self) -> float:
        """Seconds until sends may resume (0 or less: not paused)."""
        if self._paused_until is None:
            return 0.0
        return self._paused_until - self._timer.monotonic()

    def _paused(self) -> bool:
        return self._pause_left() > 0

    def _pause(self, seconds: float) -> None:
        until = self._timer.monotonic() + seconds
        self._paused_until = until if self._paused_until is None else max(self._paused_until, until)
        self.wake()  # the run loop waits out the pause, then scans every chat

    async def _render_all(
        self, messages: list[PendingMessage]
    ) -> tuple[list[PendingMessage], list[RenderedMessage]]:
        """The messages that can be delivered, rendered; the others are marked failed."""
        rendered = await asyncio.gather(*(self._render(m) for m in messages))
        kept = [(m, r) for m, r in zip(messages, rendered, strict=True) if r is not None]
        return [m for m, _ in kept], [r for _, r in kept]

    async def _absorbed(
        self, messages: list[PendingMessage], rendered: list[RenderedMessage]
    ) -> tuple[list[PendingMessage], list[RenderedMessage]]:
        """The messages still to send: those shown in an existing message are marked sent."""
        if self._absorb is None:
            return messages, rendered
        kept: list[tuple[PendingMessage, RenderedMessage]] = []
        for message, text in zip(messages, rendered, strict=True):
            shown_in = await self._absorb(message, text.html)
            if shown_in is None:
                kept.append((message, text))
            else:
                await self._store.mark_all_sent([message.id], shown_in)
        return [m for m, _ in kept], [r for _, r in kept]

    async def _render(self, message: PendingMessage) -> RenderedMessage | None:
        """The message's text; None when it cannot be delivered (then it is marked failed)."""
        if message.unreadable is not None:
            await self._fail(message, message.unreadable)
            return None
        notification = Notification(message.title, message.body, message.payload)
        try:
            return await self._renderer.render(notification, message.language)
        except Exception as exc:
            reason = _reason(exc)
        try:
            fallback = RenderedMessage.plain_fallback(notification)
        except Exception as exc:
            await self._fail(message, f"could not be rendered: {reason}; {_reason(exc)}")
            return None
        log.warning("could not render notification %s (%s); sending it plainly", message.id, reason)
        return fallback

    async def _fail(self, message: PendingMessage, reason: str) -> None:
        """Give up on one message for good (one log line: the row holds the reason)."""
        log.error("notification %s for chat %s dropped: %s", message.id, message.chat_id, reason)
        await self._store.mark_failed(message.id, reason)

    async def _send(self, chat_id: int, rendered: RenderedMessage) -> int:
        try:
            return await self._send_once(chat_id, rendered)
        except ChatMigrated as exc:
            log.info("chat %s became supergroup %s", chat_id, exc.new_chat_id)
            if self._on_chat_moved is not None:
                await self._on_chat_moved(chat_id, exc.new_chat_id)
                self._moved_to[chat_id] = exc.new_chat_id  # its queue moved with it
            return await self._send_once(exc.new_chat_id, rendered)

    async def _send_once(self, chat_id: int, rendered: RenderedMessage) -> int:
        try:
            return await self._post(chat_id, rendered.html, ParseMode.HTML)
        except BadRequest as exc:
            if "parse" not in exc.message.lower() and "entit" not in exc.message.lower():
                raise
            return await self._post(chat_id, rendered.plain, None)

    async def _post(self, chat_id: int, text: str, parse_mode: ParseMode | None) -> int:
        try:
            sent = await self._bot.send_message(chat_id, text, parse_mode=parse_mode)
        except (TelegramError, OSError):
            raise
        except Exception as exc:
            # Not Telegram's answer: the request could not carry this text. Sending it
            # again would fail the same way, and hold up every later message of the chat.
            raise UnsendableMessage(_reason(exc)) from exc
        return sent.message_id


def _coalesce(
    messages: list[PendingMessage], rendered: list[RenderedMessage]
) -> tuple[RenderedMessage, list[PendingMessage]]:
    """The longest prefix of `messages` that fits in one Telegram message (at least one),
    joined by blank lines, and the messages it holds."""
    count, length = 1, rendered[0].length
    for item in rendered[1:]:
        length += utf16_length(SEPARATOR) + item.length
        if length > MAX_MESSAGE_LENGTH:
            break
        count += 1
    joined = SEPARATOR.join(item.html for item in rendered[:count])
    return RenderedMessage(joined), messages[:count]


def _reason(exc: BaseException) -> str:
    """An exception as one short line, for the log and the row (never a payload dump)."""
    detail = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    return max(1.0, seconds)
