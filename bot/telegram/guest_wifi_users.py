"""Who joined a guest Wi-Fi key: the key's `users` (doc line 10054), for `/guest list`."""

from __future__ import annotations

import html

from bot.i18n import translate
from freeboxos import WifiCustomKey

MAX_NAMED = 10


def joined_line(language: str, key: WifiCustomKey) -> str | None:
    """`👥 Pixel-de-Camille, AA:BB:…` (a device's name, else its MAC), or None when nobody."""
    names = [user.hostname or user.mac or "?" for user in key.users]
    if not names:
        return None
    shown = ", ".join(html.escape(name) for name in names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        shown += " " + translate(language, "controls-more", count=len(names) - MAX_NAMED)
    return translate(language, "controls-guest-joined", names=shown)
