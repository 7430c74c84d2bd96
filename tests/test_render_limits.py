"""Whatever the box puts in a notification, the chat gets a valid message within Telegram's limit.

Fluent replaces a whole message by `{???}` when one of its placeables passes 2,500
characters, and a long field full of `&` or `<` grows five times once HTML-escaped.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.delivery.enrich import DownloadFacts, HostFacts
from bot.delivery.render import Notification, RenderedMessage, Renderer
from tests.fakes import FakeTelegram
from tests.fakes.telegram_api import _check_html, visible_text
from tests.harness import running_bot

PARIS = ZoneInfo("Europe/Paris")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def _long(piece: str) -> st.SearchStrategy[str]:
    """`piece` repeated into a field of a few thousand characters, with some text around it."""
    return st.builds(
        lambda before, times, after: before + piece * times + after,
        st.text(max_size=5),
        st.integers(min_value=500, max_value=6000),
        st.text(max_size=5),
    )


TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=[])),  # anything, lone surrogates included
    st.text(st.sampled_from("&<>\"'\n\t\x00\x1b\u2068é😀 ab"), max_size=50),
    *(_long(piece) for piece in ("&", "<", "<b>", "&amp;", "é", "😀", "x ", "\x00", "\ud800")),
)
VALUES = st.one_of(
    st.none(),
    TEXTS,
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**4400, max_value=10**4500),  # more digits than Python prints
    st.floats(),
    st.lists(TEXTS, max_size=2),
    st.dictionaries(TEXTS, TEXTS, max_size=2),
)


def _event(*known: str) -> st.SearchStrategy[object]:
    return st.one_of(st.sampled_from(known), VALUES)


PAYLOADS: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["downloader", "download"]),
            "event": _event("task_done", "task_error", "task_seeding_done"),
            "data": st.one_of(st.integers(min_value=0, max_value=10**9), VALUES),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("phone"),
            "event": _event("missed_call"),
            "data": st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "number": VALUES,
                        "name": VALUES,
                        "datetime": st.one_of(st.integers(), VALUES),
                    },
                ),
                VALUES,
            ),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("box_state"),
            "event": _event("pub_up", "enter_sleep", "shut_down", "reboot"),
        }
    ),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["lan_host", "lan"]), "event": _event("first_connection")},
        optional={"host_id": VALUES, "interface": VALUES},
    ),
    st.fixed_dictionaries({"type": st.just("password_change")}, optional={"ip": VALUES}),
    st.fixed_dictionaries(
        {"type": st.just("security"), "event": _event("alarm_triggered")},
        optional={"sensor": VALUES, "zone": VALUES, "datetime": VALUES, "data": VALUES},
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("freebox_bot.notice"),
            "message": st.one_of(st.sampled_from(["health-box-down", "generic"]), TEXTS),
            "args": st.one_of(st.dictionaries(st.sampled_from(["since", "name"]), VALUES), VALUES),
        }
    ),
    st.dictionaries(st.text(max_size=10), VALUES, max_size=4).map(lambda p: {"type": "vm", **p}),
    st.dictionaries(TEXTS, VALUES, max_size=4),
)


class Names:
    """A box that answers every lookup with the same (arbitrary) name."""

    def __init__(self, name: str | None) -> None:
        self._name = name

    async def download(self, task_id: int) -> DownloadFacts | None:
        return None if self._name is None else DownloadFacts(self._name, self._name)

    async def host(self, host_id: str, interface: str | None) -> HostFacts | None:
        return None if self._name is None else HostFacts(self._name, self._name, self._name)

    async def remembered_host_name(self, host_id: str) -> str | None:
        return self._name

    async def contact_name(self, number: str) -> str | None:
        return self._name


def assert_valid_for_telegram(message: RenderedMessage) -> None:
    """What Telegram takes with parse_mode=HTML, as a user would read it."""
    text = message.html
    assert "{???}" not in text, "Fluent gave up on a placeable"
    text.encode("utf-8")  # no lone surrogate: the request could not even be encoded
    _check_html(text)  # the fake Telegram's own check of tags
    assert all(_ENTITY.match(text, i) for i, char in enumerate(text) if char == "&"), (
        "an entity cut in half or a bare &"
    )
    assert not _CONTROL.search(text), "control characters are not text"
    assert len(text.encode("utf-16-le")) // 2 <= 4096, "the markup alone passes the limit"
    assert len(visible_text(text, "HTML").encode("utf-16-le")) // 2 <= 4096


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    payload=PAYLOADS,
    title=st.one_of(st.none(), TEXTS),
    body=st.one_of(st.none(), TEXTS),
    name=st.one_of(st.none(), TEXTS),
    language=st.sampled_from(["fr", "en", None]),
)
@example(
    payload={"type": "lan_host", "event": "first_connection", "host_id": "\t<&>\x00\ud800"},
    title="\t<&>\x00\r\n",
    body="a\tb\x1b\ud800\r\n" + "&" * 3000,
    name="x\ty\nz",
    language="fr",
)
@example(  # the box's error code for a failed download, as odd as the box may make it
    payload={"type": "downloader", "event": "task_error", "data": 0},
    title=None,
    body=None,
    name="<b>&\x1f\ud800" + "0" * 3000,
    language="en",
)
def test_every_payload_renders_as_valid_html_within_the_limit(
    payload: dict[str, Any], title: str | None, body: str | None, name: str | None, language: str
) -> None:
    renderer = Renderer(Names(name), PARIS)
    message = asyncio.run(renderer.render(Notification(title, body, payload), language))
    assert_valid_for_telegram(message)
    assert_valid_for_telegram(RenderedMessage.plain_fallback(Notification(title, body, payload)))


LONG = "Tom & Jerry <3 " * 400
"""6,000 characters, about 9,600 once escaped."""

LONG_FIELDS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "download event": ({"type": "downloader", "data": 7, "event": LONG}, {}),
    "caller": ({"type": "phone", "data": {"number": LONG, "datetime": 1795701900}}, {}),
    "caller name": (
        {"type": "phone", "data": {"number": "0612345678", "name": LONG}},
        {},
    ),
    "box event": ({"type": "box_state", "event": LONG}, {}),
    "host id": ({"type": "lan_host", "event": "first_connection", "host_id": LONG}, {}),
    "download name in the box's text": (
        {"type": "downloader", "data": 7, "event": "task_done"},
        {"body": f"Le téléchargement de « {LONG} » est terminé"},
    ),
    "host event": ({"type": "lan", "host_id": "ether-1", "event": LONG}, {}),
    "ip": ({"type": "password_change", "ip": LONG}, {}),
    "alarm sensor": ({"type": "security", "event": "alarm_triggered", "sensor": LONG}, {}),
    "unknown type": ({"type": "vm"}, {"title": LONG, "body": LONG}),
}


@pytest.mark.parametrize("payload, texts", LONG_FIELDS.values(), ids=LONG_FIELDS.keys())
async def test_a_long_field_full_of_ampersands_is_clipped_not_lost(
    payload: dict[str, Any], texts: dict[str, str]
) -> None:
    renderer = Renderer(Names(None), PARIS)
    message = await renderer.render(
        Notification(texts.get("title"), texts.get("body"), payload), "fr"
    )
    assert_valid_for_telegram(message)
    assert "Tom & Jerry <3 Tom & Jerry" in message.plain, "the start of the field is shown"
    assert "…" in message.plain


async def test_a_pushed_payload_posing_as_a_notice_of_the_bot_is_shown_as_what_it_is() -> None:
    # The bot's own notices name a Fluent message; the box never sends that type, a forger
    # might, and Fluent answers an unknown id with the id itself, unescaped.
    forged = {"type": "freebox_bot.notice", "message": "<b>" + "&" * 3000, "args": []}
    message = await Renderer(Names(None), PARIS).render(Notification("Hi", None, forged), "en")
    assert_valid_for_telegram(message)
    assert message.plain == "🔔 Hi"


async def test_long_fields_with_ampersands_reach_the_chat_through_the_box_push(
    tmp_path: Path,
) -> None:
    """Over `/send` and the fake Telegram, which refuses bad HTML and long messages."""
    async with FakeTelegram() as telegram, running_bot(tmp_path, telegram) as bot:
        chats = {name: 7000 + i for i, name in enumerate(LONG_FIELDS)}
        for name, (payload, texts) in LONG_FIELDS.items():
            await bot.bind(chats[name], f"dev-{name}")
            answer = await bot.push([f"dev-{name}"], payload, **texts)
            assert answer["successIds"] == [f"dev-{name}"]
        for name, chat_id in chats.items():
            [message] = await telegram.wait_for_messages(chat_id, 1, timeout=20)
            assert "Tom & Jerry <3 Tom & Jerry" in message.visible_text, name
            assert "{???}" not in message.visible_text, name
            assert message.parse_mode == "HTML", "sent as rendered, not as the plain fallback"
