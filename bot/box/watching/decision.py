"""Whether the box can push to a chat, or the bot must watch the box for it."""

from __future__ import annotations

PUSH_SINCE_API = 11
"""`api_url` on notification targets (our own notification server) came with API v11."""


def push_unavailable(api_major: int, registered_targets: int) -> bool:
    """True when pushes cannot reach a chat: the box is too old to push to us, or the chat
    has no target the box registered with our server (creation refused, NOTIF_PUBLIC_URL
    unset, or the box never called `/register`)."""
    return api_major < PUSH_SINCE_API or registered_targets == 0
