"""A fake Telegram Bot API server: a real aiohttp server on loopback for the test suite.

The product talks to it through python-telegram-bot, configured with::

    Application.builder().token(fake.token)
        .base_url(f"{fake.url}/bot").base_file_url(f"{fake.url}/file/bot")

so API calls arrive as ``POST {url}/bot{token}/{method}`` and file downloads as
``GET {url}/file/bot{token}/{file_path}``.

Wire format, as python-telegram-bot sends it (``telegram/request/``): the parameters are
``application/x-www-form-urlencoded`` (multipart when a file is uploaded) and every value
is a string: strings as they are, everything else JSON-encoded (``chat_id=42``,
``reply_markup={"inline_keyboard": ...}``, ``disable_notification=true``). The fake also
accepts query-string parameters and JSON bodies, as Telegram does. It answers exactly like
Telegram: ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": "...", "parameters": {...}}`` with the same HTTP status, so PTB raises its
usual exceptions (``NetworkError`` for 5xx, ``RetryAfter``, ``Forbidden``, ``BadRequest``,
``InvalidToken``...).

Beyond recording, it enforces some of Telegram's rules that a product can get wrong:
malformed HTML / MarkdownV2 (``can't parse entities``), empty or too long texts, invalid
inline keyboards (``BUTTON_DATA_INVALID``), editing with identical content (``message is
not modified``), editing or deleting an unknown message, answering an unknown callback
query. ``editMessageText`` / ``editMessageCaption`` without ``reply_markup`` remove the
inline keyboard, as on Telegram. Pass ``validate_formatting=False`` to skip the
formatting checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import string
import time
import unicodedata
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Any, Literal, TypeAlias, TypeVar

import telegram
from aiohttp import web
from aiohttp.web_request import FileField

JSONDict: TypeAlias = dict[str, Any]
ChatId: TypeAlias = int | str
MethodSelection: TypeAlias = Literal["sending", "all"] | str | Iterable[str]
_T = TypeVar("_T")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEFAULT_TOKEN = "123456789:AAFakeTelegramTokenForTests-abcdefg"

SENDING_METHODS: frozenset[str] = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendChatAction",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
    }
)
"""The methods ``fail_next`` and ``flood`` target by default (``methods="sending"``)."""

SUPPORTED_METHODS: tuple[str, ...] = (
    "getMe",
    "getUpdates",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "getChat",
    "getFile",
    "leaveChat",
    "close",
    "logOut",
)
_CANONICAL: dict[str, str] = {name.lower(): name for name in SUPPORTED_METHODS}

# Methods whose chat_id is subject to block_chat / kick_from_chat.
_CHAT_GUARDED = frozenset(SENDING_METHODS - {"answerCallbackQuery"})

_JSON_FIELDS = _words(
    "reply_markup entities caption_entities commands scope allowed_updates "
    "link_preview_options reply_parameters media"
)
_ID_FIELDS = frozenset({"chat_id", "from_chat_id"})
_NUMBER_FIELDS = _words(
    "message_id offset limit timeout reply_to_message_id message_thread_id cache_time "
    "user_id duration width height max_connections"
)
_BOOL_FIELDS = _words(
    "disable_notification protect_content show_alert disable_web_page_preview "
    "allow_sending_without_reply drop_pending_updates has_spoiler "
    "disable_content_type_detection show_caption_above_media allow_paid_broadcast"
)
_INT_RE = re.compile(r"-?\d+")

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

_BUTTON_ACTIONS = _words(
    "callback_data url login_url web_app switch_inline_query "
    "switch_inline_query_current_chat switch_inline_query_chosen_chat copy_text "
    "callback_game pay"
)

# --------------------------------------------------------------------------------------
# Recorded state
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class Call:
    """One request to the Bot API, in arrival order.

    ``params`` are decoded (ints, bools, parsed JSON for ``reply_markup`` and friends);
    ``raw`` are the strings as sent. ``status`` is the HTTP status answered, ``None``
    while the request is still pending (a long poll).
    """

    index: int
    method: str
    params: JSONDict
    raw: JSONDict
    files: dict[str, UploadedFile]
    token_ok: bool
    status: int | None = None
    response: JSONDict | None = None
    received_at: float = field(default_factory=time.perf_counter)
    """``time.perf_counter()`` when the request arrived (for latency benchmarks)."""

    @property
    def ok(self) -> bool:
        return self.status == HTTPStatus.OK

    @property
    def description(self) -> str | None:
        """The error description answered, if any."""
        if self.response is None or self.response.get("ok"):
            return None
        return str(self.response.get("description"))


@dataclass(frozen=True)
class MessageEdit:
    """One successful edit of a sent message, with the state it left."""

    method: str
    params: JSONDict
    text: str | None
    caption: str | None
    parse_mode: str | None
    reply_markup: JSONDict | None
    date: int


@dataclass
class SentMessage:
    """A message the bot sent, in its current state (edits applied).

    ``text`` is set for text messages, ``caption`` for photos and documents; both are the
    raw strings as sent (markup included): ``visible_text`` is what the user reads.
    ``reply_markup`` is the parsed markup as sent (``None`` once removed by an edit).
    ``edits`` keeps every successful edit in order; ``history`` the bodies over time.
    """

    chat_id: ChatId
    message_id: int
    kind: Literal["text", "photo", "document"]
    date: int
    params: JSONDict
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: JSONDict | None = None
    photo: bytes | None = None
    document: bytes | None = None
    file_name: str | None = None
    mime_type: str | None = None
    file_id: str | None = None
    reply_to_message_id: int | None = None
    edits: list[MessageEdit] = field(default_factory=list)
    deleted: bool = False

    @property
    def body(self) -> str | None:
        """The text of a text message, the caption of a media message."""
        return self.text if self.kind == "text" else self.caption

    @property
    def visible_text(self) -> str:
        """The body as the user reads it: HTML tags / Markdown markup removed, unescaped."""
        return visible_text(self.body or "", self.parse_mode)

    @property
    def edited(self) -> bool:
        return bool(self.edits)

    @property
    def history(self) -> list[str | None]:
        """The body as first sent, then after each edit."""
        first = self.params.get("text") if self.kind == "text" else self.params.get("caption")
        bodies: list[str | None] = [first]
        for edit in self.edits:
            bodies.append(edit.text if self.kind == "text" else edit.caption)
        return bodies

    @property
    def content(self) -> bytes | None:
        """The uploaded bytes of a photo or document."""
        return self.photo if self.kind == "photo" else self.document

    @property
    def buttons(self) -> list[list[JSONDict]]:
        """The rows of the inline keyboard currently attached (empty when none)."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or []
        return [list(row) for row in rows]

    @property
    def button_labels(self) -> list[str]:
        return [str(button.get("text")) for row in self.buttons for button in row]

    def button(self, label: str) -> JSONDict:
        """The inline button whose text is ``label`` (else the one that contains it)."""
        flat = [button for row in self.buttons for button in row]
        for button in flat:
            if button.get("text") == label:
                return button
        matches = [button for button in flat if label in str(button.get("text"))]
        if len(matches) == 1:
            return matches[0]
        raise AssertionError(
            f"no single inline button {label!r} on message {self.message_id} in chat "
            f"{self.chat_id}; buttons: {self.button_labels}"
        )

    def callback_data(self, label: str) -> str:
        """The callback_data of the inline button labelled ``label``."""
        data = self.button(label).get("callback_data")
        if not isinstance(data, str):
            raise AssertionError(f"inline button {label!r} has no callback_data")
        return data


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None
    mime_type: str | None


@dataclass
class _Injection:
    status: int
    description: str
    parameters: JSONDict | None
    remaining: int
    methods: frozenset[str] | None  # None: every method

    def matches(self, method: str) -> bool:
        return self.remaining > 0 and (self.methods is None or method in self.methods)


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(description: str) -> _ApiError:
    return _ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: {description}")


# --------------------------------------------------------------------------------------
# Formatting: Telegram's parse modes, checked and rendered approximately but faithfully
# for the mistakes that matter (unescaped characters, unknown or unbalanced tags).
# --------------------------------------------------------------------------------------

_HTML_TAGS = _words(
    "b strong i em u ins s strike del span tg-spoiler a code pre blockquote tg-emoji tg-time"
)
_HTML_TAG_RE = re.compile(r"<(/?)([^\s<>/]*)([^<>]*)>")
_MDV2_RESERVED = frozenset(".!#+-={}()>")
_MDV2_PAIRED = {"*": "Bold", "_": "Italic", "~": "Strikethrough", "|": "Spoiler"}


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _check_html(text: str) -> None:
    stack: list[tuple[str, int]] = []
    position = 0
    while (start := text.find("<", position)) >= 0:
        offset = _byte_offset(text, start)
        match = _HTML_TAG_RE.match(text, start)
        if match is None:
            raise _bad_request(f"can't parse entities: Unclosed start tag at byte offset {offset}")
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not stack:
                raise _bad_request(
                    f"can't parse entities: Unexpected end tag at byte offset {offset}"
                )
            expected, _ = stack.pop()
            if name != expected:
                raise _bad_request(
                    f"can't parse entities: Unmatched end tag at byte offset {offset}, "
                    f'expected "</{expected}>", found "</{name}>"'
                )
        else:
            if name not in _HTML_TAGS:
                raise _bad_request(
                    f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
                )
            if name == "span" and "tg-spoiler" not in attributes:
                raise _bad_request(
                    'can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte '
                    f"offset {offset}"
                )
            stack.append((name, offset))
        position = match.end()
    if stack:
        name, _ = stack[-1]
        raise _bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{name}\""
        )


def _check_markdown_v2(text: str) -> None:
    index = 0
    code: str | None = None
    in_link_url = False
    counts: dict[str, list[int]] = {char: [] for char in _MDV2_PAIRED}
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if code is not None:
            if text.startswith(code, index):
                index += len(code)
                code = None
            else:
                index += 1
            continue
        if in_link_url:
            in_link_url = char != ")"
            index += 1
            continue
        if text.startswith("```", index):
            code = "```"
            index += 3
            continue
        if char == "`":
            code = "`"
            index += 1
            continue
        if char == "]" and text.startswith("(", index + 1):
            in_link_url = True
            index += 2
            continue
        line_start = index == 0 or text[index - 1] == "\n"
        after_bold_at_line_start = text[max(0, index - 2) : index] == "**" and (
            index == 2 or text[index - 3] == "\n"
        )
        allowed = (char == "!" and text.startswith("[", index + 1)) or (
            char == ">" and (line_start or after_bold_at_line_start)
        )
        if char in _MDV2_RESERVED and not allowed:
            raise _bad_request(
                f"can't parse entities: Character '{char}' is reserved and must be escaped "
                "with the preceding '\\'"
            )
        if char in counts:
            counts[char].append(index)
        index += 1
    if code is not None:
        raise _bad_request("can't parse entities: Can't find end of Code entity")
    for char, positions in counts.items():
        if len(positions) % 2:
            raise _bad_request(
                f"can't parse entities: Can't find end of {_MDV2_PAIRED[char]} entity at byte "
                f"offset {_byte_offset(text, positions[-1])}"
            )


def _markdown_visible(text: str, *, escapes: bool) -> str:
    out: list[str] = []
    index = 0
    code: str | None = None
    while index < len(text):
        char = text[index]
        if escapes and char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if code is not None:
            if text.startswith(code, index):
                index += len(code)
                code = None
            else:
                out.append(char)
                index += 1
            continue
        if text.startswith("```", index):
            code = "```"
            index += 3
            newline = text.find("\n", index)
            if newline >= 0 and " " not in text[index:newline]:
                index = newline + 1  # the language name of a pre block
            continue
        if char == "`":
            code = "`"
            index += 1
            continue
        if char == "]" and text.startswith("(", index + 1):
            closing = text.find(")", index + 2)
            index = len(text) if closing < 0 else closing + 1
            continue
        quote = char == ">" and (
            index == 0
            or text[index - 1] == "\n"
            or (text[max(0, index - 2) : index] == "**" and (index == 2 or text[index - 3] == "\n"))
        )
        if char in "*_~|[" or quote:
            index += 1
            continue
        if char == "!" and text.startswith("[", index + 1):
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def visible_text(text: str, parse_mode: str | None) -> str:
    """What the user reads for ``text`` sent with ``parse_mode`` (approximation)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return html.unescape(re.sub(r"<[^<>]*>", "", text))
    if mode == "markdownv2":
        return _markdown_visible(text, escapes=True)
    if mode == "markdown":
        return _markdown_visible(text, escapes=False)
    return text


def _check_formatting(text: str, parse_mode: str | None) -> None:
    mode = (parse_mode or "").lower()
    if mode == "html":
        _check_html(text)
    elif mode == "markdownv2":
        _check_markdown_v2(text)
    elif mode not in ("", "markdown"):
        raise _bad_request(f"unsupported parse_mode {parse_mode!r}")


def _normalize_markup(markup: JSONDict | None) -> JSONDict | None:
    if markup is not None and "inline_keyboard" in markup and not markup["inline_keyboard"]:
        return None
    return markup


def _check_reply_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" of the '
            "InlineKeyboardMarkup must be an Array of Arrays"
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict):
                raise _bad_request("can't parse inline keyboard button: expected an Object")
            if not isinstance(button.get("text"), str) or not button["text"]:
                raise _bad_request("can't parse inline keyboard button: Text must be non-empty")
            if not _BUTTON_ACTIONS.intersection(button):
                raise _bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and (
                not isinstance(data, str)
                or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                raise _bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
                raise _bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _image_size(content: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF, WEBP or BMP image; None if not an image."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        return int.from_bytes(content[6:8], "little"), int.from_bytes(content[8:10], "little")
    if content.startswith(b"BM") and len(content) >= 26:
        width = int.from_bytes(content[18:22], "little", signed=True)
        height = int.from_bytes(content[22:26], "little", signed=True)
        return abs(width), abs(height)
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return 0, 0
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content) or (0, 0)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(content):
        if content[index] != 0xFF:
            return None
        marker = content[index + 1]
        length = int.from_bytes(content[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(content[index + 5 : index + 7], "big")
            width = int.from_bytes(content[index + 7 : index + 9], "big")
            return width, height
        index += 2 + length
    return None


def _parse_value(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _bad_request("can't parse reply keyboard markup JSON object") from None
            raise _bad_request(f"can't parse {name} JSON object") from None
    if name in _ID_FIELDS:
        return int(value) if _INT_RE.fullmatch(value) else value
    if name in _NUMBER_FIELDS:
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                raise _bad_request(f"invalid {name} specified") from None
    if name in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


def _select_methods(methods: MethodSelection) -> frozenset[str] | None:
    if methods == "sending":
        return SENDING_METHODS
    if methods == "all":
        return None
    if isinstance(methods, str):
        return frozenset({_CANONICAL.get(methods.lower(), methods)})
    return frozenset(_CANONICAL.get(method.lower(), method) for method in methods)


def _scope_key(scope: Any) -> str:
    if scope is None or scope == "default":
        scope = {"type": "default"}
    elif isinstance(scope, str):
        scope = {"type": scope}
    return json.dumps(scope, sort_keys=True, separators=(",", ":"))


def _shorten(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------
# Entities: the bot commands Telegram marks in the messages people send
# --------------------------------------------------------------------------------------

_COMMAND_CHARS = frozenset(string.ascii_letters + string.digits + "_")
_COMMAND_BLOCKERS = frozenset("/<>")
MAX_COMMAND_LENGTH = 64
"""Telegram marks commands of up to 64 characters (BotCommand names allow 32)."""


def _is_word_character(char: str) -> bool:
    """A letter or a number of any script, or ``_`` (tdlib's ``is_word_character``)."""
    return char == "_" or unicodedata.category(char)[0] in "LN"


def _glued(char: str) -> bool:
    return _is_word_character(char) or char in _COMMAND_BLOCKERS


def bot_command_entities(text: str) -> list[JSONDict]:
    """The ``bot_command`` entities Telegram marks in ``text``, as tdlib's
    ``find_bot_commands`` finds them: a ``/`` not glued to a word (nor to ``/``, ``<``,
    ``>``), then 1 to 64 of ``[A-Za-z0-9_]``, then an optional ``@username`` of 3 to 32 of
    them. The command ends at the first character not in that set (``/invite, owner`` is
    ``/invite``; ``/calls`` then a zero-width space is ``/calls``), unless that character
    is a letter or digit of another script, ``/``, ``<`` or ``>``: then there is no command
    (``/pairé``, ``/a/b``), or with a valid ``@username`` the command without it.
    Offsets and lengths are in UTF-16 code units, as Telegram counts them."""
    entities: list[JSONDict] = []
    position = 0
    while (slash := text.find("/", position)) >= 0:
        position = slash + 1
        if slash > 0 and _glued(text[slash - 1]):
            continue
        while position < len(text) and text[position] in _COMMAND_CHARS:
            position += 1
        if not 1 <= position - slash - 1 <= MAX_COMMAND_LENGTH:
            continue
        command_end = end = position
        has_username = False
        if position < len(text) and text[position] == "@":
            position += 1
            while position < len(text) and text[position] in _COMMAND_CHARS:
                position += 1
            if 3 <= position - end - 1 <= 32:
                end, has_username = position, True
        if position < len(text) and _glued(text[position]):
            if not has_username:
                continue
            end = command_end
        entities.append(
            {
                "type": "bot_command",
                "offset": _utf16_length(text[:slash]),
                "length": _utf16_length(text[slash:end]),
            }
        )
    return entities


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------

_Handler: TypeAlias = Callable[[Call], Coroutine[Any, Any, Any]]


class FakeTelegram:
    """A fake Telegram Bot API server on loopback; see the module docstring.

    State (recorded calls, sent messages, queued updates, files, injected failures)
    survives ``stop()`` / ``start()``: only the listening socket goes away, and comes back
    on the same port.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "freebox_test_bot",
        bot_first_name: str = "Freebox Bot",
        strict_chats: bool = False,
        validate_formatting: bool = True,
    ) -> None:
        self.token = token
        self.host = host
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.strict_chats = strict_chats
        """When True, sending to a chat never seen (push_* or add_chat) is "chat not found"."""
        self.validate_formatting = validate_formatting

        self.calls: list[Call] = []
        """Every request, in arrival order, including failed ones."""
        self.sent: dict[ChatId, list[SentMessage]] = {}
        """Messages the bot sent, per chat, in order (deleted ones stay, flagged)."""
        self.callback_answers: dict[str, JSONDict] = {}
        """answerCallbackQuery params by callback query id (the last answer)."""
        self.downloads: list[str] = []
        """file_path of every successful file download."""
        self.internal_errors: list[Exception] = []
        """Exceptions raised by the fake itself while answering (answered as 500)."""
        self.left_chats: list[ChatId] = []
        """Chats the bot left (leaveChat), in order."""

        self._port = port
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._changed = asyncio.Event()
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._message_ids: dict[ChatId, itertools.count[int]] = {}
        self._messages: dict[tuple[ChatId, int], SentMessage] = {}
        self._incoming: dict[tuple[ChatId, int], JSONDict] = {}
        self._chats: dict[ChatId, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._callback_queries: set[str] = set()
        self._injections: list[_Injection] = []
        self._blocked: dict[ChatId, str] = {}
        self._migrated: dict[ChatId, int] = {}
        self._poll_generation = 0
        self._message_cursor: dict[ChatId, int] = {}
        self._call_cursor: dict[str, int] = {}
        self._handlers: dict[str, _Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getChat": self._get_chat,
            "getFile": self._get_file,
            "leaveChat": self._leave_chat,
            "close": self._true,
            "logOut": self._true,
        }

    # ---------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen (again) on loopback; after a stop(), on the same port."""
        if self._runner is not None:
            return
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._port = int(runner.addresses[0][1])
        self._runner = runner

    async def stop(self) -> None:
        """Stop listening: new connections are refused until start(). Pending long polls
        answer an empty list first, open connections are closed."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._closing = True
        self._notify()
        await runner.cleanup()

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("FakeTelegram has not been started yet")
        return self._port

    @property
    def url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:41234`` (PTB: base_url=url + "/bot")."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def bot_id(self) -> int:
        head = self.token.split(":", 1)[0]
        return int(head) if head.isdigit() else 1

    @property
    def bot_user(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def make_bot(self) -> telegram.Bot:
        """A PTB Bot pointed at this fake (not initialised: use ``async with``)."""
        return telegram.Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url)

    # ---------------------------------------------------------------- failure injection

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        *,
        methods: MethodSelection = "sending",
        description: str | None = None,
    ) -> None:
        """Answer the next ``n`` matching calls with HTTP ``status`` (no side effect).

        ``methods``: ``"sending"`` (SENDING_METHODS, the default), ``"all"``, one method
        name or an iterable of names. Injections queue up in order: ``fail_next(2)`` then
        ``flood(5)`` gives 500, 500, 429.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        self._injections.append(
            _Injection(status, description or phrase, None, n, _select_methods(methods))
        )
        self._notify()  # a long poll in progress answers it too (see _get_updates)

    def flood(self, retry_after: int, n: int = 1, *, methods: MethodSelection = "sending") -> None:
        """Answer the next ``n`` matching calls with 429 and ``parameters.retry_after``."""
        if n < 1:
            raise ValueError("n must be at least 1")
        self._injections.append(
            _Injection(
                HTTPStatus.TOO_MANY_REQUESTS,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
                n,
                _select_methods(methods),
            )
        )

    def block_chat(self, chat_id: ChatId) -> None:
        """From now on, sending/editing in ``chat_id`` is 403 "bot was blocked by the user"."""
        self._blocked[chat_id] = "Forbidden: bot was blocked by the user"

    def kick_from_chat(self, chat_id: ChatId) -> None:
        """From now on, sending/editing in ``chat_id`` is 403 "bot was kicked from the group
        chat"."""
        self._blocked[chat_id] = "Forbidden: bot was kicked from the group chat"

    def unblock_chat(self, chat_id: ChatId) -> None:
        self._blocked.pop(chat_id, None)

    def migrate_chat(self, chat_id: ChatId, new_chat_id: int) -> None:
        """Calls naming ``chat_id`` answer 400 with ``parameters.migrate_to_chat_id``
        (PTB raises ChatMigrated); ``new_chat_id`` becomes a supergroup."""
        self._migrated[chat_id] = new_chat_id
        self._ensure_chat(new_chat_id)

    def reset_failures(self) -> None:
        """Forget every injected failure: pending fail_next/flood, blocks, kicks, migrations."""
        self._injections.clear()
        self._blocked.clear()
        self._migrated.clear()

    @property
    def pending_failures(self) -> list[str]:
        """The injected failures still in force, described."""
        described: list[str] = []
        for injection in self._injections:
            if injection.methods is None:
                scope = "all methods"
            elif injection.methods == SENDING_METHODS:
                scope = "sending methods"
            else:
                scope = ", ".join(sorted(injection.methods))
            described.append(
                f"{injection.status} {injection.description!r} for the next "
                f"{injection.remaining} call(s) to {scope}"
            )
        described += [f"chat {chat}: {reason}" for chat, reason in self._blocked.items()]
        described += [f"chat {chat}: migrated to {new}" for chat, new in self._migrated.items()]
        return described

    # ---------------------------------------------------------------- simulated users

    def add_chat(
        self,
        chat_id: ChatId,
        *,
        chat_type: str = "private",
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        """Declare a chat (needed before sending to it when ``strict_chats``)."""
        chat: JSONDict = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name or f"User {chat_id}"
        else:
            chat["title"] = title or f"Chat {chat_id}"
        if username:
            chat["username"] = username
        self._chats[chat_id] = chat
        return chat

    def push_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        language_code: str | None = "fr",
        chat_type: str = "private",
        first_name: str = "Alice",
        last_name: str | None = None,
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        """Queue an Update with a text Message from ``user_id`` in ``chat_id``.

        Commands get their ``bot_command`` entities as Telegram marks them
        (``bot_command_entities``), so PTB's CommandHandler runs what it would run on
        Telegram. Returns the update as queued.
        """
        message = self._incoming_message(
            chat_id,
            user_id,
            language_code=language_code,
            chat_type=chat_type,
            first_name=first_name,
            last_name=last_name,
            username=username,
            chat_title=chat_title,
        )
        message["text"] = text
        if entities := bot_command_entities(text):
            message["entities"] = entities
        return self._queue_update({"message": message})

    def push_edited_message(self, update: JSONDict, text: str) -> JSONDict:
        """Queue an ``edited_message`` Update: the sender of ``update`` (as ``push_message``
        returned it) changed its text to ``text``. Returns the update as queued."""
        message: JSONDict = {
            key: value for key, value in update["message"].items() if key != "entities"
        }
        message["text"] = text
        message["edit_date"] = int(time.time())
        if entities := bot_command_entities(text):
            message["entities"] = entities
        self._incoming[(message["chat"]["id"], message["message_id"])] = message
        return self._queue_update({"edited_message": message})

    def push_document(
        self,
        chat_id: int,
        user_id: int,
        file_name: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
        language_code: str | None = "fr",
        chat_type: str = "private",
        first_name: str = "Alice",
        username: str | None = None,
    ) -> JSONDict:
        """Register ``content`` as a downloadable file and queue a Message with a Document."""
        stored = self._store_file(content, folder="documents", file_name=file_name, mime=mime_type)
        message = self._incoming_message(
            chat_id,
            user_id,
            language_code=language_code,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
        )
        message["document"] = self._document_json(stored)
        if caption is not None:
            message["caption"] = caption
            if entities := bot_command_entities(caption):
                message["caption_entities"] = entities
        return self._queue_update({"message": message})

    def push_callback(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        message_id: int,
        *,
        language_code: str | None = "fr",
        first_name: str = "Alice",
        username: str | None = None,
        inline: bool = False,
    ) -> JSONDict:
        """Queue an Update with a CallbackQuery: ``user_id`` pressed a button carrying
        ``data`` on message ``message_id`` of ``chat_id`` (its current state is attached).
        ``inline``: the button is on an inline-mode message, so Telegram sends an
        ``inline_message_id`` and no message (nor chat).
        Returns the update; its id is ``update["callback_query"]["id"]``."""
        user = self._user(user_id, first_name, None, username, language_code)
        self._ensure_chat(chat_id)
        sent = self._messages.get((chat_id, message_id))
        if sent is not None:
            message = self._message_json(sent)
        else:
            message = self._incoming.get(
                (chat_id, message_id),
                {
                    "message_id": message_id,
                    "chat": self._chats[chat_id],
                    "date": int(time.time()),
                    "from": self.bot_user,
                },
            )
        query_id = str(4_000_000_000_000 + next(self._callback_ids))
        self._callback_queries.add(query_id)
        query: JSONDict = {
            "id": query_id,
            "from": user,
            "chat_instance": str(abs(hash(chat_id))),
            "data": data,
        }
        if inline:
            query["inline_message_id"] = f"inline-{query_id}"
        else:
            query["message"] = message
        return self._queue_update({"callback_query": query})

    def push_chat_member_update(
        self,
        chat_id: int,
        user_id: int,
        new_status: str,
        *,
        old_status: str = "member",
        chat_type: str = "private",
    ) -> JSONDict:
        """Queue a ``my_chat_member`` update: ``user_id`` changed the bot's status in
        ``chat_id`` (``"kicked"`` when a user blocks the bot, ``"left"``, ``"member"``...)."""
        user = self._user(user_id, "Alice", None, None, "fr")
        self._ensure_chat(chat_id)
        chat = dict(self._chats[chat_id])
        chat.setdefault("type", chat_type)
        change: JSONDict = {
            "chat": chat,
            "from": user,
            "date": int(time.time()),
            "old_chat_member": {"status": old_status, "user": self.bot_user},
            "new_chat_member": {"status": new_status, "user": self.bot_user},
        }
        if new_status == "kicked":
            change["new_chat_member"]["until_date"] = 0
        return self._queue_update({"my_chat_member": change})

    def add_file(
        self,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        folder: str = "documents",
    ) -> str:
        """Register a downloadable file; returns its file_id (for getFile)."""
        return self._store_file(content, folder=folder, file_name=file_name, mime=mime_type).file_id

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates not confirmed yet by a getUpdates offset."""
        return list(self._updates)

    # ---------------------------------------------------------------- recorded state

    def messages(self, chat_id: ChatId) -> list[SentMessage]:
        """Every message the bot sent to ``chat_id``, in order (deleted ones included)."""
        return list(self.sent.get(chat_id, []))

    def last_message(self, chat_id: ChatId) -> SentMessage:
        messages = self.sent.get(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}\n{self.describe()}")
        return messages[-1]

    def message(self, chat_id: ChatId, message_id: int) -> SentMessage:
        try:
            return self._messages[(chat_id, message_id)]
        except KeyError:
            raise AssertionError(
                f"the bot sent no message {message_id} to chat {chat_id}\n{self.describe()}"
            ) from None

    def calls_to(self, method: str) -> list[Call]:
        canonical = _CANONICAL.get(method.lower(), method)
        return [call for call in self.calls if call.method == canonical]

    def commands_for(
        self, language_code: str = "", scope: JSONDict | str | None = None
    ) -> list[JSONDict]:
        """The commands set for ``scope`` (a BotCommandScope dict or its type, default
        "default") and ``language_code`` ("" for none), as [{"command", "description"}]."""
        return list(self._commands.get((_scope_key(scope), language_code), []))

    @property
    def my_commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """Every command list set, keyed by (scope as canonical JSON, language_code)."""
        return dict(self._commands)

    def unseen_messages(self, chat_id: ChatId) -> list[SentMessage]:
        """Messages sent to ``chat_id`` not yet returned by wait_for_messages."""
        return self.messages(chat_id)[self._message_cursor.get(chat_id, 0) :]

    def mark_seen(self, chat_id: ChatId | None = None) -> None:
        """Consider every message sent so far (to ``chat_id``, or everywhere) as seen."""
        chats = [chat_id] if chat_id is not None else list(self.sent)
        for chat in chats:
            self._message_cursor[chat] = len(self.sent.get(chat, []))

    # ---------------------------------------------------------------- waiting

    async def wait_for(
        self,
        predicate: Callable[[], _T | None],
        timeout: float = 5.0,
        *,
        description: str | None = None,
    ) -> _T:
        """Wait until ``predicate()`` is truthy and return its value.

        It is re-evaluated on every change (each recorded call or answer, each pushed
        update). On timeout, raises AssertionError describing what was recorded.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                what = description or getattr(predicate, "__name__", "the predicate")
                raise AssertionError(
                    f"FakeTelegram: timed out after {timeout}s waiting for {what}\n"
                    f"{self.describe()}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for_messages(
        self, chat_id: ChatId, count: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Wait for the next ``count`` messages sent to ``chat_id`` and return them.

        Mailbox semantics: each call returns messages no earlier call returned (see
        unseen_messages / mark_seen). Edits are not new messages: use wait_for.
        """
        start = self._message_cursor.get(chat_id, 0)

        def arrived() -> bool:
            return len(self.sent.get(chat_id, [])) - start >= count

        await self.wait_for(
            arrived,
            timeout,
            description=f"{count} new message(s) to chat {chat_id} "
            f"(after the {start} already seen)",
        )
        self._message_cursor[chat_id] = start + count
        return self.sent[chat_id][start : start + count]

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
    ) -> Call:
        """Wait for the next answered call to ``method`` (matching ``predicate``).

        Mailbox semantics per method: a call returned once is not returned again.
        """
        canonical = _CANONICAL.get(method.lower(), method)

        def found() -> Call | None:
            for call in self.calls[self._call_cursor.get(canonical, 0) :]:
                if (
                    call.method == canonical
                    and call.status is not None
                    and (predicate is None or predicate(call))
                ):
                    self._call_cursor[canonical] = call.index + 1
                    return call
            return None

        return await self.wait_for(found, timeout, description=f"a call to {canonical}")

    def describe(self, last_calls: int = 40) -> str:
        """A readable summary of what was recorded, for assertion messages."""
        lines = [f"Recorded calls ({len(self.calls)} in all, last {last_calls} shown):"]
        compressed: list[tuple[str, int]] = []
        for call in self.calls[-last_calls:]:
            status = "pending" if call.status is None else str(call.status)
            if call.method == "getUpdates":
                entry = f"getUpdates -> {status}"
            else:
                params = ", ".join(
                    f"{key}={_shorten(value, 60)}" for key, value in call.params.items()
                )
                entry = f"{call.method}({params}) -> {status}"
                if call.description:
                    entry += f" {call.description!r}"
            if compressed and compressed[-1][0] == entry:
                compressed[-1] = (entry, compressed[-1][1] + 1)
            else:
                compressed.append((entry, 1))
        lines += [f"  {entry}" + (f"  x{n}" if n > 1 else "") for entry, n in compressed]
        if not self.calls:
            lines.append("  (none)")
        lines.append("Sent messages:")
        for chat_id, messages in self.sent.items():
            for sent in messages:
                flags = " ".join(
                    flag
                    for flag, on in (
                        (f"edited x{len(sent.edits)}", sent.edited),
                        ("deleted", sent.deleted),
                    )
                    if on
                )
                lines.append(
                    f"  chat {chat_id} #{sent.message_id} {sent.kind} "
                    f"{_shorten(sent.visible_text)!r} buttons={sent.button_labels} {flags}".rstrip()
                )
        if not self.sent:
            lines.append("  (none)")
        lines.append(f"Pending updates: {len(self._updates)}")
        if self.internal_errors:
            lines.append(f"FakeTelegram internal errors: {self.internal_errors!r}")
        if self.pending_failures:
            lines.append(f"Pending failures: {self.pending_failures}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- internals: state

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _queue_update(self, content: JSONDict) -> JSONDict:
        update = {"update_id": next(self._update_ids), **content}
        self._updates.append(update)
        self._notify()
        return update

    def _next_message_id(self, chat_id: ChatId) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> JSONDict:
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return user

    def _incoming_message(
        self,
        chat_id: int,
        user_id: int,
        *,
        language_code: str | None,
        chat_type: str,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        user = self._user(user_id, first_name, last_name, username, language_code)
        chat = self._chats.get(chat_id)
        if chat is None or chat.get("type") != chat_type:
            chat = self.add_chat(
                chat_id,
                chat_type=chat_type,
                title=chat_title,
                first_name=first_name,
                username=username,
            )
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
        }
        self._incoming[(chat_id, message["message_id"])] = message
        return message

    def _ensure_chat(self, chat_id: ChatId) -> JSONDict:
        chat = self._chats.get(chat_id)
        if chat is not None:
            return chat
        if self.strict_chats:
            raise _bad_request("chat not found")
        if isinstance(chat_id, str):
            if not chat_id.startswith("@"):
                raise _bad_request("chat not found")
            return self.add_chat(chat_id, chat_type="channel", username=chat_id[1:])
        if chat_id > 0:
            return self.add_chat(chat_id)
        if str(chat_id).startswith("-100"):
            return self.add_chat(chat_id, chat_type="supergroup")
        return self.add_chat(chat_id, chat_type="group")

    def _store_file(
        self, content: bytes, *, folder: str, file_name: str | None, mime: str | None
    ) -> _StoredFile:
        number = next(self._file_ids)
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif folder == "photos":
            suffix = ".jpg"
        stored = _StoredFile(
            file_id=f"FAKE-{folder}-{number:06d}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _document_json(stored: _StoredFile) -> JSONDict:
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    def _message_json(self, sent: SentMessage) -> JSONDict:
        message: JSONDict = {
            "message_id": sent.message_id,
            "from": self.bot_user,
            "chat": self._chats[sent.chat_id],
            "date": sent.date,
        }
        body = visible_text(sent.body or "", sent.parse_mode) if sent.body else None
        if sent.kind == "text":
            message["text"] = body or ""
        elif body:
            message["caption"] = body
        if sent.kind == "photo" and sent.file_id:
            stored = self._files[sent.file_id]
            width, height = _image_size(stored.content) or (0, 0)
            message["photo"] = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(stored.content),
                    "width": width,
                    "height": height,
                }
            ]
        if sent.kind == "document" and sent.file_id:
            message["document"] = self._document_json(self._files[sent.file_id])
        if sent.edits:
            message["edit_date"] = sent.edits[-1].date
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        if sent.reply_to_message_id is not None:
            replied = self._messages.get((sent.chat_id, sent.reply_to_message_id))
            if replied is not None:
                message["reply_to_message"] = self._message_json(replied)
            elif (sent.chat_id, sent.reply_to_message_id) in self._incoming:
                message["reply_to_message"] = self._incoming[
                    (sent.chat_id, sent.reply_to_message_id)
                ]
        return message

    # ---------------------------------------------------------------- internals: HTTP

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, UploadedFile]]:
        raw: JSONDict = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if not request.can_read_body:
            return raw, files
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                raw.update(body)
            return raw, files
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, FileField):
                files[key] = UploadedFile(
                    field=key,
                    filename=value.filename,
                    content_type=value.content_type,
                    content=value.file.read(),
                )
            elif isinstance(value, bytes):
                raw[key] = value.decode("utf-8", "replace")
            else:
                raw[key] = value
        return raw, files

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        name = request.match_info["method"]
        method = _CANONICAL.get(name.lower(), name)
        try:
            raw, files = await self._read_params(request)
        except ValueError:
            body = _bad_request("can't parse request body").body()
            return web.json_response(body, status=HTTPStatus.BAD_REQUEST)
        params: JSONDict = {}
        parse_error: _ApiError | None = None
        for key, value in raw.items():
            try:
                params[key] = _parse_value(key, value)
            except _ApiError as err:
                params[key] = value
                parse_error = parse_error or err
        call = Call(
            index=len(self.calls),
            method=method,
            params=params,
            raw=raw,
            files=files,
            token_ok=token == self.token,
        )
        self.calls.append(call)
        self._notify()
        try:
            if not call.token_ok:
                raise _ApiError(HTTPStatus.UNAUTHORIZED, "Unauthorized")
            handler = self._handlers.get(method)
            if handler is None:
                raise _ApiError(HTTPStatus.NOT_FOUND, "Not Found: method not found")
            self._apply_injections(method)
            self._check_chat(call)
            if parse_error is not None:
                raise parse_error
            result = await handler(call)
            status, body = int(HTTPStatus.OK), {"ok": True, "result": result}
        except _ApiError as err:
            status, body = err.status, err.body()
        except Exception as exc:  # a bug in the fake: answer, record, and let tests see it
            self.internal_errors.append(exc)
            status = int(HTTPStatus.INTERNAL_SERVER_ERROR)
            body = _ApiError(status, f"FakeTelegram internal error: {exc!r}").body()
        call.status = status
        call.response = body
        self._notify()
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                _ApiError(HTTPStatus.UNAUTHORIZED, "Unauthorized").body(),
                status=HTTPStatus.UNAUTHORIZED,
            )
        file_path = request.match_info["file_path"]
        stored = self._files_by_path.get(file_path)
        if stored is None:
            return web.json_response(
                _ApiError(HTTPStatus.NOT_FOUND, "Not Found").body(), status=HTTPStatus.NOT_FOUND
            )
        self.downloads.append(file_path)
        self._notify()
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    def _apply_injections(self, method: str) -> None:
        for injection in self._injections:
            if injection.matches(method):
                injection.remaining -= 1
                if injection.remaining == 0:
                    self._injections.remove(injection)
                raise _ApiError(injection.status, injection.description, injection.parameters)

    def _check_chat(self, call: Call) -> None:
        chat_id = call.params.get("chat_id")
        if chat_id is None:
            return
        if chat_id in self._migrated:
            raise _ApiError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        if call.method in _CHAT_GUARDED and chat_id in self._blocked:
            raise _ApiError(HTTPStatus.FORBIDDEN, self._blocked[chat_id])

    # ---------------------------------------------------------------- internals: methods

    async def _true(self, call: Call) -> bool:
        return True

    async def _get_me(self, call: Call) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, call: Call) -> list[JSONDict]:
        params = call.params
        offset = params.get("offset")
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        if isinstance(offset, int) and offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        elif isinstance(offset, int) and offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            if self._closing:
                return []
            # A failing front fails the polls it holds too, not only the next requests.
            if any(injection.matches(call.method) for injection in self._injections):
                self._apply_injections(call.method)
            if generation != self._poll_generation:
                raise _ApiError(
                    HTTPStatus.CONFLICT,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            if self._updates:
                return self._updates[:limit]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def _delete_webhook(self, call: Call) -> bool:
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, call: Call) -> JSONDict:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _set_my_commands(self, call: Call) -> bool:
        commands = call.params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request('parameter "commands" is required')
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command", ""))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (_scope_key(call.params.get("scope")), call.params.get("language_code") or "")
        self._commands[key] = [
            {"command": command["command"], "description": command["description"]}
            for command in commands
        ]
        return True

    async def _get_my_commands(self, call: Call) -> list[JSONDict]:
        key = (_scope_key(call.params.get("scope")), call.params.get("language_code") or "")
        return list(self._commands.get(key, []))

    async def _delete_my_commands(self, call: Call) -> bool:
        key = (_scope_key(call.params.get("scope")), call.params.get("language_code") or "")
        self._commands.pop(key, None)
        return True

    def _check_text(self, text: Any, parse_mode: Any, *, caption: bool) -> None:
        if text is None:
            return
        if not isinstance(text, str):
            raise _bad_request("message text is empty")
        if self.validate_formatting:
            _check_formatting(text, parse_mode)
        length = _utf16_length(visible_text(text, parse_mode))
        if caption and length > MAX_CAPTION_LENGTH:
            raise _bad_request("message caption is too long")
        if not caption and length > MAX_TEXT_LENGTH:
            raise _bad_request("message is too long")

    def _reply_to(self, params: JSONDict) -> int | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
            return int(reply["message_id"])
        reply_to = params.get("reply_to_message_id")
        return reply_to if isinstance(reply_to, int) else None

    def _record_sent(self, sent: SentMessage) -> JSONDict:
        self.sent.setdefault(sent.chat_id, []).append(sent)
        self._messages[(sent.chat_id, sent.message_id)] = sent
        return self._message_json(sent)

    def _new_message(
        self, call: Call, kind: Literal["text", "photo", "document"]
    ) -> tuple[ChatId, SentMessage]:
        params = call.params
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        self._ensure_chat(chat_id)
        markup = params.get("reply_markup")
        if self.validate_formatting:
            _check_reply_markup(markup)
        sent = SentMessage(
            chat_id=chat_id,
            message_id=0,
            kind=kind,
            date=int(time.time()),
            params=params,
            parse_mode=params.get("parse_mode"),
            reply_markup=_normalize_markup(markup),
            reply_to_message_id=self._reply_to(params),
        )
        return chat_id, sent

    async def _send_message(self, call: Call) -> JSONDict:
        text = call.params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad_request("message text is empty")
        self._check_text(text, call.params.get("parse_mode"), caption=False)
        chat_id, sent = self._new_message(call, "text")
        sent.text = text
        sent.message_id = self._next_message_id(chat_id)
        return self._record_sent(sent)

    def _upload(
        self, call: Call, name: str
    ) -> tuple[bytes | None, UploadedFile | None, str | None]:
        """(content, upload, existing file_id) for the media parameter ``name``."""
        value = call.params.get(name)
        upload = call.files.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = call.files.get(value.removeprefix("attach://"))
        if upload is not None:
            if not upload.content:
                raise _bad_request("file must be non-empty")
            return upload.content, upload, None
        if isinstance(value, str) and value in self._files:
            return self._files[value].content, None, value
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return None, None, None
        if value is None:
            raise _bad_request(f"there is no {name} in the request")
        raise _bad_request("wrong file identifier/HTTP URL specified")

    async def _send_photo(self, call: Call) -> JSONDict:
        content, upload, file_id = self._upload(call, "photo")
        if content is not None and _image_size(content) is None:
            raise _bad_request("IMAGE_PROCESS_FAILED")
        caption = call.params.get("caption")
        self._check_text(caption, call.params.get("parse_mode"), caption=True)
        chat_id, sent = self._new_message(call, "photo")
        if file_id is None:
            stored = self._store_file(
                content or b"",
                folder="photos",
                file_name=None,
                mime=upload.content_type if upload else None,
            )
            file_id = stored.file_id
        sent.caption = caption
        sent.photo = content
        sent.file_id = file_id
        sent.message_id = self._next_message_id(chat_id)
        return self._record_sent(sent)

    async def _send_document(self, call: Call) -> JSONDict:
        content, upload, file_id = self._upload(call, "document")
        caption = call.params.get("caption")
        self._check_text(caption, call.params.get("parse_mode"), caption=True)
        chat_id, sent = self._new_message(call, "document")
        if file_id is None:
            stored = self._store_file(
                content or b"",
                folder="documents",
                file_name=upload.filename if upload else None,
                mime=upload.content_type if upload else None,
            )
            file_id = stored.file_id
        stored = self._files[file_id]
        sent.caption = caption
        sent.document = content
        sent.file_id = file_id
        sent.file_name = stored.file_name
        sent.mime_type = stored.mime_type
        sent.message_id = self._next_message_id(chat_id)
        return self._record_sent(sent)

    async def _send_chat_action(self, call: Call) -> bool:
        if call.params.get("chat_id") is None:
            raise _bad_request("chat_id is empty")
        self._ensure_chat(call.params["chat_id"])
        if not call.params.get("action"):
            raise _bad_request("action is empty")
        return True

    def _target(self, call: Call, *, action: str) -> SentMessage:
        params = call.params
        if "inline_message_id" in params:
            raise _bad_request("inline messages are not supported by FakeTelegram")
        chat_id = params.get("chat_id")
        message_id = params.get("message_id")
        if chat_id is None:
            raise _bad_request("chat_id is empty")
        if not isinstance(message_id, int):
            raise _bad_request("message identifier is not specified")
        self._ensure_chat(chat_id)
        sent = self._messages.get((chat_id, message_id))
        if sent is None or sent.deleted:
            if action == "edit" and (chat_id, message_id) in self._incoming:
                raise _bad_request("message can't be edited")
            raise _bad_request(f"message to {action} not found")
        return sent

    def _apply_edit(
        self,
        call: Call,
        sent: SentMessage,
        *,
        text: str | None,
        caption: str | None,
        parse_mode: str | None,
        markup: JSONDict | None,
    ) -> JSONDict:
        markup = _normalize_markup(markup)
        if self.validate_formatting:
            _check_reply_markup(markup)
        if (text, caption, parse_mode, markup) == (
            sent.text,
            sent.caption,
            sent.parse_mode,
            sent.reply_markup,
        ):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        sent.text, sent.caption, sent.parse_mode, sent.reply_markup = (
            text,
            caption,
            parse_mode,
            markup,
        )
        sent.edits.append(
            MessageEdit(
                method=call.method,
                params=call.params,
                text=text,
                caption=caption,
                parse_mode=parse_mode,
                reply_markup=markup,
                date=int(time.time()),
            )
        )
        return self._message_json(sent)

    async def _edit_message_text(self, call: Call) -> JSONDict:
        sent = self._target(call, action="edit")
        if sent.kind != "text":
            raise _bad_request("there is no text in the message to edit")
        text = call.params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad_request("message text is empty")
        parse_mode = call.params.get("parse_mode")
        self._check_text(text, parse_mode, caption=False)
        return self._apply_edit(
            call,
            sent,
            text=text,
            caption=None,
            parse_mode=parse_mode,
            markup=call.params.get("reply_markup"),
        )

    async def _edit_message_caption(self, call: Call) -> JSONDict:
        sent = self._target(call, action="edit")
        if sent.kind == "text":
            raise _bad_request("there is no caption in the message to edit")
        caption = call.params.get("caption")
        parse_mode = call.params.get("parse_mode")
        self._check_text(caption, parse_mode, caption=True)
        return self._apply_edit(
            call,
            sent,
            text=None,
            caption=caption,
            parse_mode=parse_mode,
            markup=call.params.get("reply_markup"),
        )

    async def _edit_message_reply_markup(self, call: Call) -> JSONDict:
        sent = self._target(call, action="edit")
        return self._apply_edit(
            call,
            sent,
            text=sent.text,
            caption=sent.caption,
            parse_mode=sent.parse_mode,
            markup=call.params.get("reply_markup"),
        )

    async def _delete_message(self, call: Call) -> bool:
        chat_id = call.params.get("chat_id")
        message_id = call.params.get("message_id")
        if (
            isinstance(chat_id, int | str)
            and isinstance(message_id, int)
            and self._incoming.pop((chat_id, message_id), None) is not None
        ):
            return True
        sent = self._target(call, action="delete")
        sent.deleted = True
        return True

    async def _answer_callback_query(self, call: Call) -> bool:
        query_id = call.params.get("callback_query_id")
        if query_id not in self._callback_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = call.params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[str(query_id)] = call.params
        return True

    async def _get_chat(self, call: Call) -> JSONDict:
        chat_id = call.params.get("chat_id")
        if chat_id is None:
            raise _bad_request("chat_id is empty")
        chat = self._ensure_chat(chat_id)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _leave_chat(self, call: Call) -> bool:
        chat_id = call.params.get("chat_id")
        if chat_id is None:
            raise _bad_request("chat_id is empty")
        chat = self._ensure_chat(chat_id)
        if chat.get("type") == "private":
            raise _bad_request("chat member status can't be changed in private chats")
        self.left_chats.append(chat_id)
        self._blocked[chat_id] = "Forbidden: bot is not a member of the group chat"
        return True

    async def _get_file(self, call: Call) -> JSONDict:
        stored = self._files.get(str(call.params.get("file_id")))
        if stored is None:
            raise _bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD_SIZE:
            raise _bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }
