"""Keeps the bot connected to Telegram without holding up the rest of the process.

The notification server must accept the box's events even while Telegram is down, so
start-up of the PTB application is retried in the background with backoff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import InvalidToken, TelegramError

from bot.telegram.application import BotApplication

log = logging.getLogger(__name__)

STOP_STEP_SECONDS = 1.0
"""The most each step of stopping may take (SIGTERM must end the process within 5 s)."""


class TelegramConnection:
    """Starts (initialize, start, polling) and stops the PTB application explicitly."""

    def __init__(
        self,
        application: BotApplication,
        *,
        on_ready: Callable[[], Awaitable[None]],
        retry_initial: float = 1.0,
        retry_max: float = 60.0,
    ) -> None:
        self._application = application
        self._on_ready = on_ready
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self.ready = asyncio.Event()

    def start(self) -> None:
        """Begin connecting in the background."""
        self._task = asyncio.create_task(self._connect(), name="telegram-connect")

    async def _connect(self) -> None:
        delay = self._retry_initial
        while True:
            try:
                await self._start_once()
            except InvalidToken:
                log.error("Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather")
            except (TelegramError, OSError) as exc:
                log.warning("Telegram is unreachable (%s); retrying in %.0f s", exc, delay)
            else:
                log.info("connected to Telegram as @%s", self._application.bot.username)
                self.ready.set()
                await self._on_ready()
                return
            await asyncio.sleep(delay)
            delay = min(self._retry_max, delay * 2)

    async def _start_once(self) -> None:
        await self._application.initialize()
        if not self._started:
            await self._application.start()
            self._started = True
        updater = self._application.updater
        if updater is not None and not updater.running:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        """Stop polling and the application, in reverse order of start, within seconds.

        Each step has a deadline: a service manager kills a process that ignores SIGTERM
        for long, and a Telegram or a box that does not answer must not make it wait.
        """
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        updater = self._application.updater
        if updater is not None and updater.running:
            # Stopping polling confirms the last updates to Telegram, which may not answer.
            await _within(STOP_STEP_SECONDS, updater.stop(), "stop polling Telegram")
        if self._started:
            await self._application.stop_within(STOP_STEP_SECONDS)
            self._started = False
        await _within(STOP_STEP_SECONDS, self._application.shutdown(), "close the Telegram client")


async def _within(seconds: float, step: Awaitable[None], what: str) -> None:
    try:
        async with asyncio.timeout(seconds):
            await step
    except TimeoutError:
        log.warning("stopping: could not %s within %.0f s; going on", what, seconds)
