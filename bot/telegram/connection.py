"""Keeps the bot connected to Telegram without holding up the rest of the process.

The notification server must accept the box's events even while Telegram is down, so
start-up of the PTB application is retried in the background with backoff.

The log is for operators: one line when Telegram goes away and one when it is back
(PTB's poller would log a traceback at every retry), and one line when another process
polls with the same token (Telegram answers 409 Conflict to both, turn by turn).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import Conflict, InvalidToken, TelegramError

from bot.clock import LoopTimer, Timer
from bot.telegram.application import BotApplication

log = logging.getLogger(__name__)

PROBE_MAX_SECONDS = 10.0
"""The longest wait between two checks that Telegram is back (getMe costs nothing)."""

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
        timer: Timer | None = None,
    ) -> None:
        self._application = application
        self._timer = timer or LoopTimer()
        self._on_ready = on_ready
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._task: asyncio.Task[None] | None = None
        self._probe: asyncio.Task[None] | None = None
        self._started = False
        self._conflict_told = False
        self.ready = asyncio.Event()

    def start(self) -> None:
        """Begin connecting in the background."""
        self._task = asyncio.create_task(self._connect(), name="telegram-connect")

    async def _connect(self) -> None:
        delay = self._retry_initial
        told = False
        while True:
            try:
                await self._start_once()
            except InvalidToken:
                log.error("Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather")
            except (TelegramError, OSError) as exc:
                # Said once; the line "connected to Telegram" tells when it answers.
                level = logging.DEBUG if told else logging.WARNING
                log.log(level, "Telegram is unreachable (%s); retrying until it answers", exc)
                told = True
            else:
                log.info("connected to Telegram as @%s", self._application.bot.username)
                self.ready.set()
                await self._on_ready()
                return
            await self._timer.sleep(delay)
            delay = min(self._retry_max, delay * 2)

    async def _start_once(self) -> None:
        await self._application.initialize()
        if not self._started:
            await self._application.start()
            self._started = True
        updater = self._application.updater
        if updater is not None and not updater.running:
            await updater.start_polling(
                allowed_updates=Update.ALL_TYPES, error_callback=self._polling_failed
            )

    def _polling_failed(self, error: TelegramError) -> None:
        """PTB's poller failed and will retry by itself; tell the operator once."""
        if isinstance(error, Conflict):
            if not self._conflict_told:
                self._conflict_told = True
                log.error(
                    "another process is polling Telegram with this TELEGRAM_BOT_TOKEN "
                    "(409 Conflict): stop the other freebox-bot; one token serves one bot"
                )
            return
        if self._probe is None or self._probe.done():
            log.warning(
                "Telegram went away (%s); the box's events wait in the outbox until it is back",
                error,
            )
            self._probe = asyncio.create_task(self._until_back(), name="telegram-probe")

    async def _until_back(self) -> None:
        delay = self._retry_initial
        while True:
            await self._timer.sleep(delay)
            try:
                await self._application.bot.get_me()
            except (TelegramError, OSError):
                delay = min(PROBE_MAX_SECONDS, self._retry_max, delay * 2)
            else:
                log.info("Telegram is back")
                return

    async def stop(self) -> None:
        """Stop polling and the application, in reverse order of start, within seconds.

        Each step has a deadline: a service manager kills a process that ignores SIGTERM
        for long, and a Telegram or a box that does not answer must not make it wait.
        """
        for task in (self._task, self._probe):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
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
