"""One short human message per notification payload, with an emoji per kind.

Payload shapes are the API document's "Notifications specification"; unknown types and
fields fall back to the title and body the box sent.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from bot.delivery.enrich import ENRICH_TIMEOUT_SECONDS, Enricher, best_effort
from bot.i18n import Language, normalize_language, translate
from bot.storage.notices import NOTICE_TYPE, notice_text_id

_TAG = re.compile(r"<[^>]+>")
_WHEN_FORMAT: dict[Language, str] = {"fr": "%d/%m/%Y à %H:%M", "en": "%Y-%m-%d at %H:%M"}


@dataclass(frozen=True)
class RenderedMessage:
    """An HTML message, with the plain text Telegram gets if it refuses the markup."""

    html: str

    @property
    def plain(self) -> str:
        return html.unescape(_TAG.sub("", self.html))

    @classmethod
    def plain_fallback(cls, notification: Notification) -> RenderedMessage:
        """Title and body only, for when rendering itself failed."""
        return cls(_title_and_body(notification) or "🔔 Freebox")


@dataclass(frozen=True)
class Notification:
    """What the box sent, as stored in the outbox."""

    title: str | None
    body: str | None
    payload: Mapping[str, Any]


class Renderer:
    """Turns a stored notification into a message in the chat's language."""

    def __init__(
        self, enricher: Enricher, zone: tzinfo, *, enrich_timeout: float = ENRICH_TIMEOUT_SECONDS
    ) -> None:
        self._enricher = enricher
        self._zone = zone
        self._timeout = enrich_timeout

    async def render(self, notification: Notification, language: str | None) -> RenderedMessage:
        lang = normalize_language(language)
        kind = str(notification.payload.get("type", ""))
        handler = {
            "downloader": self._downloader,
            "download": self._downloader,
            "phone": self._phone,
            "box_state": self._box_state,
            "lan_host": self._lan_host,
            "lan": self._lan_host,
            "password_change": self._password_change,
            "security": self._security,
            NOTICE_TYPE: self._notice,
        }.get(kind, self._generic)
        return RenderedMessage(await handler(notification, lang))

    async def _downloader(self, n: Notification, lang: Language) -> str:
        task_id = _as_int(n.payload.get("data"))
        name = (
            None
            if task_id is None
            else await best_effort(self._enricher.download_name(task_id), self._timeout)
        )
        if name is None:
            name = translate(
                lang, "download-fallback-name", id=task_id if task_id is not None else "?"
            )
        event = str(n.payload.get("event", ""))
        message_id = {
            "task_done": "download-done",
            "task_error": "download-error",
            "task_seeding_done": "download-seeding-done",
        }.get(event, "download-other")
        return translate(lang, message_id, name=_esc(name), event=_esc(event))

    async def _phone(self, n: Notification, lang: Language) -> str:
        call = n.payload.get("data")
        call = call if isinstance(call, Mapping) else {}
        number = str(call.get("number") or "").strip()
        name = str(call.get("name") or "").strip()
        if number and (not name or name == number):
            name = await best_effort(self._enricher.contact_name(number), self._timeout) or ""
        when = self._when(call.get("datetime"), lang)
        if number and name and name != number:
            return translate(
                lang, "missed-call-named", name=_esc(name), number=_esc(number), when=when
            )
        caller = number or name or translate(lang, "caller-hidden")
        return translate(lang, "missed-call", caller=_esc(caller), when=when)

    async def _box_state(self, n: Notification, lang: Language) -> str:
        event = str(n.payload.get("event", ""))
        message_id = {
            "pub_up": "box-pub-up",
            "enter_sleep": "box-enter-sleep",
            "shut_down": "box-shut-down",
            "reboot": "box-reboot",
        }.get(event, "box-other")
        return translate(lang, message_id, event=_esc(event or "?"))

    async def _lan_host(self, n: Notification, lang: Language) -> str:
        host_id = str(n.payload.get("host_id") or "")
        interface = n.payload.get("interface")
        interface = str(interface) if interface else None
        name = (
            await best_effort(self._enricher.host_name(host_id, interface), self._timeout)
            if host_id
            else None
        )
        name = name or host_id or translate(lang, "lan-fallback-name")
        event = str(n.payload.get("event", ""))
        if event != "first_connection":
            return translate(lang, "lan-other", name=_esc(name), event=_esc(event or "?"))
        if interface:
            return translate(
                lang, "lan-first-connection-on", name=_esc(name), interface=_esc(interface)
            )
        return translate(lang, "lan-first-connection", name=_esc(name))

    async def _password_change(self, n: Notification, lang: Language) -> str:
        ip = n.payload.get("ip")
        if ip:
            text = translate(lang, "password-change", ip=_esc(str(ip)))
        else:
            text = translate(lang, "password-change-unknown")
        return f"{text}\n{password_change_reminder(lang)}"

    async def _security(self, n: Notification, lang: Language) -> str:
        text = _title_and_body(n)
        if not text:
            return translate(lang, "security-default")
        return translate(lang, "security", text=text)

    async def _notice(self, n: Notification, lang: Language) -> str:
        message_id, args = notice_text_id(dict(n.payload))
        escaped = {k: _esc(v) if isinstance(v, str) else v for k, v in args.items()}
        return translate(lang, message_id, **escaped)

    async def _generic(self, n: Notification, lang: Language) -> str:
        text = _title_and_body(n)
        return translate(lang, "generic", text=text) if text else translate(lang, "generic-default")

    def _when(self, timestamp: object, lang: Language) -> str:
        seconds = _as_int(timestamp)
        moment = datetime.now(UTC) if seconds is None else datetime.fromtimestamp(seconds, UTC)
        return moment.astimezone(self._zone).strftime(_WHEN_FORMAT[lang])


def password_change_reminder(lang: Language) -> str:
    """A reset admin password resets every app's permissions (the API document): say so."""
    return translate(lang, "password-change-permissions")


def _title_and_body(n: Notification) -> str:
    title, body = _clip((n.title or "").strip(), 200), _clip((n.body or "").strip(), 1800)
    if title and body:
        return f"<b>{_esc(title)}</b>\n{_esc(body)}"
    return _esc(title or body)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters: Fluent refuses a placeable over 2,500 (and Telegram a
    message over 4,096), so a box sending a long body still gets its start shown."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _esc(value: str) -> str:
    return html.escape(value, quote=False)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None
