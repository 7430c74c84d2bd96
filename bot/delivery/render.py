"""One short human message per notification payload, with an emoji per kind.

Payload shapes are the API document's "Notifications specification". The box writes its
titles and bodies in French whatever the chat speaks, so every known type is said from the
payload's fields in the chat's language; only an unknown type falls back to the box's text.
Names the box cannot give (down, slow) come from the push itself and our own rows.

Every field is cleaned, HTML-escaped, then clipped to a budget counted on the escaped
text: Fluent replaces a whole message by `{???}` when one placeable passes 2,500
characters (and `&` grows five times when escaped), and Telegram refuses a message over
4,096. Clipping after escaping never cuts an entity in half.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from bot.clock import Clock
from bot.delivery.enrich import ENRICH_TIMEOUT_SECONDS, Enricher, HostFacts, best_effort
from bot.download_errors import download_error_text
from bot.i18n import Language, format_clock, format_moment, normalize_language, translate
from bot.storage.notices import NOTICE_TYPE, notice_text_id

_TAG = re.compile(r"<[^>]+>")
# The box's own body names the download between quotes: Le téléchargement de « a.iso » …
_QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"]+?)\s*[»”\"]")
_MAC = re.compile(r"(?:[0-9a-f]{2}:){5}[0-9a-f]{2}", re.IGNORECASE)
_ALARM_WENT_OFF = frozenset({"alarm_triggered", "alarm", "alert"})
_SENSOR_KEYS = ("sensor", "sensor_name", "zone", "label", "name")

MAX_MESSAGE_LENGTH = 4096
"""Telegram's limit on a text message, in UTF-16 code units of its visible text."""
FIELD_LIMIT = 200
"""A name, number, event, address or id, escaped."""
TITLE_LIMIT = 200
BODY_LIMIT = 1800
NOTICE_ARGUMENT_LIMIT = 1000
"""One argument of the bot's own notices, escaped (the digest has three lists of ten lines)."""
ELLIPSIS = "…"

# Lone surrogates cannot be encoded for Telegram; control characters are not text.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile("[\t\n]")
_DIGITS = re.compile("-?[0-9]{1,18}")


@dataclass(frozen=True)
class RenderedMessage:
    """An HTML message, with the plain text Telegram gets if it refuses the markup."""

    html: str

    @property
    def plain(self) -> str:
        return html.unescape(_TAG.sub("", self.html))

    @property
    def length(self) -> int:
        """As Telegram counts: UTF-16 code units of the visible text."""
        return utf16_length(self.plain)

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
        self,
        enricher: Enricher,
        zone: tzinfo,
        *,
        enrich_timeout: float = ENRICH_TIMEOUT_SECONDS,
        clock: Clock | None = None,
    ) -> None:
        self._enricher = enricher
        self._zone = zone
        self._timeout = enrich_timeout
        self._clock = clock or (lambda: datetime.now(UTC))

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
        rendered = RenderedMessage(await handler(notification, lang))
        if rendered.length > MAX_MESSAGE_LENGTH:  # no template comes close: a safety net
            return RenderedMessage.plain_fallback(notification)
        return rendered

    async def _downloader(self, n: Notification, lang: Language) -> str:
        task_id = _as_int(n.payload.get("data"))
        facts = (
            None
            if task_id is None
            else await best_effort(self._enricher.download(task_id), self._timeout)
        )
        name = (facts.name.strip() if facts else "") or _quoted_name(n.body)
        shown = _field(name) if name else translate(lang, "download-fallback")
        event = _text(n.payload.get("event"))
        if event == "task_error":
            reason = download_error_text(lang, facts.error if facts else None)
            return translate(lang, "download-error-why", name=shown, reason=_field(reason))
        message_id = {
            "task_done": "download-done",
            "task_seeding_done": "download-seeding-done",
        }.get(event, "download-other")
        return translate(lang, message_id, name=shown, event=_field(event))

    async def _phone(self, n: Notification, lang: Language) -> str:
        call = n.payload.get("data")
        call = call if isinstance(call, Mapping) else {}
        number = _text(call.get("number")).strip()
        name = _text(call.get("name")).strip()
        if number and (not name or name == number):
            name = await best_effort(self._enricher.contact_name(number), self._timeout) or ""
            name = name.strip()
        when = self._when(call.get("datetime"), lang)
        if number and name and name != number:
            return translate(
                lang, "missed-call-named", name=_field(name), number=_field(number), when=when
            )
        caller = number or name or translate(lang, "caller-hidden")
        return translate(lang, "missed-call", caller=_field(caller), when=when)

    async def _box_state(self, n: Notification, lang: Language) -> str:
        event = _text(n.payload.get("event"))
        message_id = {
            "pub_up": "box-pub-up",
            "enter_sleep": "box-enter-sleep",
            "shut_down": "box-shut-down",
            "reboot": "box-reboot",
        }.get(event, "box-other")
        return translate(lang, message_id, event=_field(event or "?"))

    async def _lan_host(self, n: Notification, lang: Language) -> str:
        host_id = _text(n.payload.get("host_id"))
        interface = _text(n.payload.get("interface")) or None
        facts = (
            await best_effort(self._enricher.host(host_id, interface), self._timeout)
            if host_id
            else None
        ) or HostFacts()
        name = facts.name.strip()
        if not name and host_id:
            name = await best_effort(self._enricher.remembered_host_name(host_id)) or ""
        shown = _field(name) if name.strip() else _device_fallback(lang, host_id)
        event = _text(n.payload.get("event"))
        if event != "first_connection":
            return translate(lang, "lan-other", name=shown, event=_field(event or "?"))
        details = [translate(lang, "lan-detail-ip", ip=_field(facts.ip))] if facts.ip else []
        if facts.vendor.strip():
            details.append(translate(lang, "lan-detail-vendor", vendor=_field(facts.vendor)))
        joined = "".join(f" · {detail}" for detail in details)
        return translate(lang, "lan-first-connection-details", name=shown, details=joined)

    async def _password_change(self, n: Notification, lang: Language) -> str:
        ip = _text(n.payload.get("ip"))
        if ip:
            text = translate(lang, "password-change", ip=_field(ip))
        else:
            text = translate(lang, "password-change-unknown")
        return f"{text}\n{password_change_reminder(lang)}"

    async def _security(self, n: Notification, lang: Language) -> str:
        # Undocumented: the box pushes {type: "security", event} with a French title; a
        # sensor or zone and a time are read where a payload (or its `data`) names them.
        facts = _security_facts(n.payload)
        time = format_clock(
            self._moment(facts.get("datetime", facts.get("timestamp"))), lang, self._zone
        )
        sensor = next((_text(facts[k]).strip() for k in _SENSOR_KEYS if _text(facts.get(k))), "")
        event = _text(n.payload.get("event"))
        if not event or event in _ALARM_WENT_OFF:
            if sensor:
                return translate(lang, "alarm-triggered-by", time=time, sensor=_field(sensor))
            return translate(lang, "alarm-triggered", time=time)
        return translate(lang, "alarm-event", time=time, event=_field(event or "?"))

    async def _notice(self, n: Notification, lang: Language) -> str:
        message_id, args = notice_text_id(dict(n.payload))
        text = translate(lang, message_id, **{k: _argument(v) for k, v in args.items()})
        if text == message_id:  # not one of the bot's messages: Fluent echoes the id
            return await self._generic(n, lang)
        return text

    async def _generic(self, n: Notification, lang: Language) -> str:
        text = _title_and_body(n)
        return translate(lang, "generic", text=text) if text else translate(lang, "generic-default")

    def _when(self, timestamp: object, lang: Language) -> str:
        return format_moment(self._moment(timestamp), lang, self._zone)

    def _moment(self, timestamp: object) -> datetime:
        """The payload's Unix time, or now (the push is delivered as it arrives)."""
        seconds = _as_int(timestamp)
        try:
            moment = datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
        except (OverflowError, OSError, ValueError):  # a date no calendar holds
            moment = None
        return moment or self._clock()


def _quoted_name(body: str | None) -> str:
    """The name the box's own text quotes, for when the box cannot be asked."""
    found = _QUOTED.search(body or "")
    return found.group(1) if found else ""


def _device_fallback(lang: Language, host_id: str) -> str:
    """ "a device (e7:17:1f:…)" from the MAC in an id such as ether-e7:17:1f:…"""
    mac = _MAC.search(host_id)
    if mac is None:
        return translate(lang, "lan-fallback-device", mac=_field(host_id or "?"))
    return translate(lang, "lan-fallback-device", mac=mac.group(0).lower())


def _security_facts(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """The alarm push's fields, those of a nested `data` object first."""
    data = payload.get("data")
    return {**payload, **data} if isinstance(data, Mapping) else payload


def password_change_reminder(lang: Language) -> str:
    """A reset admin password resets every app's permissions (the API document): say so."""
    return translate(lang, "password-change-permissions")


def _title_and_body(n: Notification) -> str:
    title = _field(n.title, TITLE_LIMIT)
    body = _field((n.body or "").strip(), BODY_LIMIT, lines=True)
    if title and body:
        return f"<b>{title}</b>\n{body}"
    return title or body


def _field(value: object, limit: int = FIELD_LIMIT, *, lines: bool = False) -> str:
    """`value` as HTML text of at most `limit` UTF-16 units, clipped with an ellipsis.

    Newlines (and spaces around) are kept only where `lines` (a body); a name or an id
    stays on one line.
    """
    text = _clean(_text(value)[: 2 * limit], lines=lines)
    escaped = _escape(text)
    if utf16_length(escaped) <= limit:
        return escaped
    pieces, used = [], utf16_length(ELLIPSIS)
    for char in text:
        piece = _escape(char)
        used += utf16_length(piece)
        if used > limit:
            break
        pieces.append(piece)
    return "".join(pieces).rstrip() + ELLIPSIS


def _argument(value: object) -> object:
    """A notice's argument for Fluent: numbers as they are, anything else as clipped text."""
    if isinstance(value, int | float) and not isinstance(value, bool) and _is_short_number(value):
        return value
    return _field(value, NOTICE_ARGUMENT_LIMIT, lines=True)


def _text(value: object) -> str:
    """A payload value as text: strings and numbers; anything else is no text at all."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if _is_short_number(value) else ""
    return ""


def _clean(text: str, *, lines: bool) -> str:
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
    return text.replace("\t", " ") if lines else _SPACES.sub(" ", text).strip()


def _escape(value: str) -> str:
    return html.escape(value, quote=False)


def utf16_length(text: str) -> int:
    """Telegram's count of a text's length (an emoji outside the BMP counts twice)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _is_short_number(value: int | float) -> bool:
    """Python refuses to print an integer of more than 4,300 digits; no id is that long."""
    return not isinstance(value, int) or value.bit_length() <= 64


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if _is_short_number(value) else None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value)
    return None
