"""The simulator plays boxes the document allows: a push `box_id` unlike the uid, a PUT
that replaces the whole target, unknown subscription names dropped, `api_url` normalised,
and a box that never calls `/register`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from freeboxos.simulator import ApiError, SimulatorState

TIMEOUT = 5
PUSH_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


@pytest.fixture
async def server_url() -> AsyncIterator[str]:
    """A notification server that accepts everything."""

    async def accept(request: web.Request) -> web.Response:
        return web.json_response({"success": True, "successIds": [], "failureIds": []})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", accept)
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/Secret"))


def _body(api_url: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Telegram Famille",
        "type": "android",
        "token": "tok",
        "subscriptions": ["phone", "downloader"],
        "api_url": api_url,
        "message_type": "notification",
        **extra,
    }


async def test_the_push_box_id_is_used_everywhere_the_box_names_itself(server_url: str) -> None:
    state = SimulatorState(push_box_id=PUSH_ID)
    try:
        target = state.create_target(_body(server_url))
        await state.wait_idle()
        [send] = await state.push_download(7)
        state.delete_target(target.id)
        await state.wait_idle()
        register, _, unregister = state.outgoing_calls
        assert register.body is not None and register.body["box_id"] == PUSH_ID
        assert send.body is not None and send.body["box_id"] == PUSH_ID
        assert send.body["payload"]["box_id"] == PUSH_ID
        assert unregister.url.endswith(f"/register/{PUSH_ID}/{target.id}")
        assert state.box.api_version()["uid"] != PUSH_ID
    finally:
        await state.aclose()


async def test_a_replacing_put_loses_what_it_does_not_carry(server_url: str) -> None:
    state = SimulatorState(put_replaces=True)
    try:
        target = state.create_target(_body(server_url))
        replaced = state.update_target(target.id, {"subscriptions": ["phone"]})
        assert (replaced.name, replaced.api_url, replaced.token) == ("", "", "")
        whole = state.update_target(target.id, _body(server_url, subscriptions=["phone"]))
        assert (whole.name, whole.api_url, whole.subscriptions) == (
            "Telegram Famille",
            server_url,
            ["phone"],
        )
    finally:
        await state.aclose()


async def test_unknown_names_are_refused_or_dropped(server_url: str) -> None:
    refusing = SimulatorState()
    refusing.refused_subscriptions.add("downloader")
    dropping = SimulatorState(drop_unknown_subscriptions=True)
    dropping.refused_subscriptions.add("downloader")
    try:
        with pytest.raises(ApiError):
            refusing.create_target(_body(server_url))
        target = dropping.create_target(_body(server_url, subscriptions=["phone", "downloader"]))
        assert target.subscriptions == ["phone"]
        updated = dropping.update_target(target.id, {"subscriptions": ["download", "nonsense"]})
        assert updated.subscriptions == ["download"]
    finally:
        await asyncio.gather(refusing.aclose(), dropping.aclose())


async def test_a_normalising_box_shows_its_own_spelling_of_the_url() -> None:
    state = SimulatorState(normalises_api_url=True, calls_register=False)
    try:
        target = state.create_target(_body("HTTP://Bot.Example:80/Secret"))
        assert target.to_api()["api_url"] == "http://bot.example/Secret/"
    finally:
        await state.aclose()


async def test_a_silent_box_never_calls_register(server_url: str) -> None:
    state = SimulatorState(calls_register=False)
    try:
        state.create_target(_body(server_url))
        async with asyncio.timeout(TIMEOUT):
            await state.wait_idle()
        assert state.targets and state.outgoing_calls == []
    finally:
        await state.aclose()
