"""Builds the python-telegram-bot Application, pointed at TELEGRAM_API_URL."""

from __future__ import annotations

import logging
import os
from typing import Any, TypeAlias

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ContextTypes, ExtBot, JobQueue

from bot.i18n import language_from_telegram, translate

log = logging.getLogger(__name__)

BotApplication: TypeAlias = Application[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]


def build_application(token: str, api_url: str) -> BotApplication:
    """An Application with the rate limiter; started and stopped by the composition root."""
    # Opt in to PTB's timedelta retry_after now (our code reads both) and skip its warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    application = (
        Application.builder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=0))
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
