"""Builds the python-telegram-bot Application, pointed at TELEGRAM_API_URL."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Generator
from typing import Any, TypeVar

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ContextTypes,
    Defaults,
    ExtBot,
    JobQueue,
)

from bot.i18n import language_from_telegram, translate
from bot.telegram.update_lanes import PerPersonUpdates

log = logging.getLogger(__name__)

_Result = TypeVar("_Result")


class BotApplication(
    Application[
        ExtBot[None],
        ContextTypes.DEFAULT_TYPE,
        dict[Any, Any],
        dict[Any, Any],
        dict[Any, Any],
        JobQueue[ContextTypes.DEFAULT_TYPE],
    ]
):
    """PTB's Application, able to stop without waiting for handlers stuck on the box.

    PTB's own `stop()` waits for every update in progress and every handler running in
    the background (a pairing waits up to 5 minutes for the box's front panel).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._in_flight: set[asyncio.Task[Any]] = set()

    def create_task(
        self,
        coroutine: Generator[asyncio.Future[object], None, _Result] | Awaitable[_Result],
        update: object | None = None,
        *,
        name: str | None = None,
    ) -> asyncio.Task[_Result]:
        """PTB's task, remembered so that `stop_within` can cancel it."""
        task = super().create_task(coroutine, update, name=name)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        return task

    async def stop_within(self, grace: float) -> None:
        """Stop; updates still being handled after `grace` seconds are cancelled."""
        stopping = asyncio.ensure_future(self.stop())
        done, _ = await asyncio.wait({stopping}, timeout=grace)
        if not done:
            log.warning("stopping: cancelling %d update(s) still in progress", len(self._in_flight))
            for task in list(self._in_flight):
                task.cancel()
            done, _ = await asyncio.wait({stopping}, timeout=grace)
        if not done:
            stopping.cancel()
            log.error("stopping: python-telegram-bot did not stop; going on without it")
        [outcome] = await asyncio.gather(stopping, return_exceptions=True)
        if isinstance(outcome, Exception):
            log.warning("stopping python-telegram-bot failed", exc_info=outcome)


def build_application(token: str, api_url: str) -> BotApplication:
    """An Application with the rate limiter; started and stopped by the composition root.

    Every message is HTML unless sent with `parse_mode=None` (`Defaults`): the handlers'
    texts are Fluent messages with tags, and values they show are escaped.

    Updates are handled concurrently: one person's command waiting for a slow box holds up
    only that person, in that chat (see `PerPersonUpdates`).
    """
    # Opt in to PTB's timedelta retry_after now (our code reads both) and skip its warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    application = (
        Application.builder()
        .application_class(BotApplication)
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=0))
        .concurrent_updates(PerPersonUpdates())
        .build()
    )
    application.add_error_handler(reply_on_error)
    return application  # type: ignore[return-value]


async def reply_on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback, then apologise to the user in their language."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        user = update.effective_user
        language = language_from_telegram(user.language_code if user else None)
        try:
            await update.effective_message.reply_text(translate(language, "error-generic"))
        except Exception:
            log.info("could not tell the user about the error", exc_info=True)
