"""Quoting back what someone typed, short enough for a reply.

Fluent refuses a placeable of more than 2,500 characters (it shows "{???}" instead), and
a Telegram message stops at 4,096: a word typed back in a usage reply is clipped first,
then escaped for HTML (clipping after escaping could cut an entity in two).
"""

from __future__ import annotations

import html

ECHO_LIMIT = 60


def echo(typed: str, limit: int = ECHO_LIMIT) -> str:
    """`typed` clipped to `limit` characters (an ellipsis marks the cut), HTML-escaped."""
    if len(typed) > limit:
        typed = typed[: limit - 1].rstrip() + "…"
    return html.escape(typed)
