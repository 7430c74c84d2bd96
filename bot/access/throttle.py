"""At most one refusal per chat per interval: strangers must not make the bot spam a group."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock

STRANGER_REFUSAL_INTERVAL = timedelta(minutes=5)
# Groups remembered at once; old entries go first (the bot leaves groups strangers add it to,
# so this only bounds memory against an unusual flood of chats).
_MAX_CHATS = 1024


class RefusalThrottle:
    """Remembers, per chat, when the last refusal was sent (in memory: a restart forgets)."""

    def __init__(self, clock: Clock, interval: timedelta = STRANGER_REFUSAL_INTERVAL) -> None:
        self._clock = clock
        self._interval = interval
        self._last: dict[int, datetime] = {}

    def allow(self, chat_id: int) -> bool:
        """True (and remembered) when the chat heard no refusal within the interval."""
        now = self._clock()
        last = self._last.get(chat_id)
        if last is not None and now - last < self._interval:
            return False
        self._last.pop(chat_id, None)
        self._last[chat_id] = now
        if len(self._last) > _MAX_CHATS:
            del self._last[next(iter(self._last))]
        return True
