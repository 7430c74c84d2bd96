"""The push path, proven: after the bot asks the box for a target, it waits for the box's
`/register` call, and the chat hears whether it came.

A box that cannot reach NOTIF_PUBLIC_URL never calls back and never says so: without this,
the household would wait for notifications that never come. The wait is in memory (a
restart forgets it; the hourly repair still runs) and is judged on the injected clock by a
tick, so tests move the clock instead of sleeping.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.clock import Clock
from bot.i18n import translate
from bot.telegram.message_edits import edit_html

log = logging.getLogger(__name__)

CALLBACK_WAIT = timedelta(seconds=15)
"""A box that can reach us calls `/register` within a second or two of the target's creation."""


CLOSE_WAIT = 5.0
"""Seconds a stopping bot gives a message already on its way."""


@dataclass(frozen=True)
class _Waiting:
    since: datetime
    language: str
    message_id: int | None


class PushPathWatch:
    """Waits, per chat, for the box's `/register` after a target was created."""

    def __init__(self, bot: Bot, *, clock: Clock, public_url: str | None) -> None:
        self._bot = bot
        self._clock = clock
        self._public_url = public_url or ""
        self._waiting: dict[int, _Waiting] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def shown_url(self) -> str:
        """The URL the box is asked to call, its secret segment left out (chats are not
        the place for it)."""
        return f"{self._public_url}/…"

    def expect(self, chat_id: int, language: str, message_id: int | None = None) -> None:
        """Start waiting for the box's `/register` for this chat (before creating the
        target: the box may call back before the creation call returns)."""
        self._waiting[chat_id] = _Waiting(self._clock(), language, message_id)

    def cancel(self, chat_id: int) -> None:
        """The target could not be created: nothing to wait for."""
        self._waiting.pop(chat_id, None)

    def registered(self, chat_id: int) -> None:
        """The box called `/register` for this chat (the registry's callback, after commit)."""
        waiting = self._waiting.pop(chat_id, None)
        if waiting is None:
            return
        task = asyncio.get_running_loop().create_task(
            self._tell(chat_id, waiting, translate(waiting.language, "push-path-live"))
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def tick(self) -> None:
        """Tell the chats whose box has not called back in time why it usually happens."""
        now = self._clock()
        overdue = [c for c, w in self._waiting.items() if now - w.since >= CALLBACK_WAIT]
        for chat_id in overdue:
            waiting = self._waiting.pop(chat_id)
            log.warning(
                "the box did not call /register for chat %s within %ss: can it reach %s?",
                chat_id,
                int(CALLBACK_WAIT.total_seconds()),
                self._public_url,
            )
            url = html.escape(self.shown_url())
            await self._tell(
                chat_id, waiting, translate(waiting.language, "push-path-silent", url=url)
            )

    async def close(self) -> None:
        """Before Telegram stops: finish telling the chats the box just called back (briefly:
        a Telegram that does not answer must not hold the shutdown)."""
        self._waiting.clear()
        if not self._tasks:
            return
        _, late = await asyncio.wait(self._tasks, timeout=CLOSE_WAIT)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    async def _tell(self, chat_id: int, waiting: _Waiting, text: str) -> None:
        try:
            await edit_html(self._bot, chat_id, waiting.message_id, text, send_if_missing=True)
        except TelegramError as exc:
            log.info("could not tell chat %s about its push path: %s", chat_id, exc)
