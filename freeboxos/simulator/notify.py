"""Notification targets and the box's calls to their notification servers.

Creating a target makes the box ``POST {api_url}/register``; deleting it makes it
``DELETE {api_url}/register/{box_id}/{device_id}``; an event makes it
``POST {api_url}/send`` for the targets subscribed to that kind of event. Every
call and its outcome is kept as an ``OutgoingCall``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from .envelope import JsonObject

TARGET_TYPES: Final = frozenset({"ios", "android", "firebase"})
MESSAGE_TYPES: Final = frozenset({"data", "notification"})

#: Subscription names, mapped to the kind of event they select. The document
#: shows both "download" and "downloader".
SUBSCRIPTIONS: Final[dict[str, str]] = {
    "phone": "phone",
    "download": "downloader",
    "downloader": "downloader",
    "security": "security",
    "box_state": "box_state",
    "lan_host": "lan_host",
    "password_change": "password_change",
}

CallKind = Literal["register", "unregister", "send"]


@dataclass
class NotificationTarget:
    """A device the box notifies, through the notification server at ``api_url``."""

    id: str
    name: str
    type: str
    api_url: str
    token: str
    subscriptions: list[str]
    message_type: str = "notification"
    last_use: int = 0

    def kinds(self) -> set[str]:
        """The kinds of event this target is subscribed to."""
        return {SUBSCRIPTIONS[s] for s in self.subscriptions if s in SUBSCRIPTIONS}

    def to_api(self) -> JsonObject:
        """The target as ``GET notif/targets/`` shows it (the token is not shown)."""
        return {
            "last_use": self.last_use,
            "type": self.type,
            "name": self.name,
            "id": self.id,
            "subscriptions": list(self.subscriptions),
            "api_url": self.api_url,
            "message_type": self.message_type,
        }


@dataclass
class OutgoingCall:
    """A call the box made to a notification server, and how it went.

    ``status`` and ``response`` are None when the server could not be reached;
    ``error`` then says why. ``response`` is the decoded JSON answer, or its text.
    """

    kind: CallKind
    method: str
    url: str
    body: JsonObject | None
    event_kind: str | None = None
    status: int | None = None
    response: Any = None
    error: str | None = None
    at: float = field(default_factory=time.time)
    done: bool = False

    @property
    def ok(self) -> bool:
        """True when the server answered 2xx."""
        return self.status is not None and 200 <= self.status < 300


def normalise_url(url: str) -> str:
    """``url`` as a box that normalises URLs stores it: lower-case scheme and host, no
    default port, a trailing slash."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default) else f"{host}:{parts.port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def join_url(api_url: str, *parts: str) -> str:
    """``{api_url}/part/part`` without doubled slashes."""
    return "/".join([api_url.rstrip("/"), *parts])


class Notifier:
    """Makes the box's calls to notification servers and remembers them.

    Args:
        timeout: seconds allowed for each call.
    """

    def __init__(self, *, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self.calls: list[OutgoingCall] = []
        self.listeners: list[Callable[[OutgoingCall], None]] = []
        self._session: aiohttp.ClientSession | None = None

    async def call(
        self,
        kind: CallKind,
        method: str,
        url: str,
        body: JsonObject | None,
        *,
        event_kind: str | None = None,
    ) -> OutgoingCall:
        """Make one call; never raises for network trouble (it is recorded instead)."""
        record = OutgoingCall(kind=kind, method=method, url=url, body=body, event_kind=event_kind)
        self.calls.append(record)
        try:
            async with asyncio.timeout(self.timeout):
                async with self._client().request(method, url, json=body) as response:
                    record.status = response.status
                    text = await response.text()
                    record.response = _decode(text, response.content_type)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            record.error = f"{type(exc).__name__}: {exc}"
        record.done = True
        for listener in list(self.listeners):
            listener(record)
        return record

    async def aclose(self) -> None:
        """Close the HTTP client, if one was opened."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session


def _decode(text: str, content_type: str) -> Any:
    if "json" in content_type or text.startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text
