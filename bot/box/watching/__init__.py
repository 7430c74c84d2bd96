"""Watching the box itself, for households whose box cannot push to the bot.

A box below API v11 cannot be given our notification server (`api_url` on targets came
in v11), and a box may refuse targets or have nowhere to push (NOTIF_PUBLIC_URL unset).
For the chats push does not reach, `BoxWatcher` reads the call log, the downloads, the
LAN hosts, the connection state and the alarm on the bot's ticks, and turns what changed
since the last reading into the same outbox rows a push would have made.
"""

from bot.box.watching.decision import PUSH_SINCE_API, push_unavailable
from bot.box.watching.reader import Reading, read_changes
from bot.box.watching.watcher import WATCH_EVERY, BoxWatcher

__all__ = [
    "PUSH_SINCE_API",
    "WATCH_EVERY",
    "BoxWatcher",
    "Reading",
    "push_unavailable",
    "read_changes",
]
