"""The simulator plays a box too old to push to us (`--api-version 10.0`)."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from freeboxos.simulator import BoxInfo, SimulatorState, create_simulator_app
from freeboxos.simulator.envelope import ApiError

TARGET = {
    "name": "Telegram",
    "type": "android",
    "api_url": "http://127.0.0.1:9/secret",
    "token": "t",
    "subscriptions": ["phone"],
}


async def test_an_old_box_reports_its_version_and_refuses_our_targets() -> None:
    state = SimulatorState(box=BoxInfo(version="10.0"))
    async with (
        TestServer(create_simulator_app(state), host="127.0.0.1") as server,
        aiohttp.ClientSession() as http,
        http.get(str(server.make_url("/api_version"))) as response,
    ):
        assert (await response.json())["api_version"] == "10.0"
    with pytest.raises(ApiError) as refused:
        state.create_target(dict(TARGET))
    assert refused.value.error_code == "inval"
    assert state.targets == {}
    await state.aclose()


async def test_the_connection_coming_back_up_is_pushed() -> None:
    state = SimulatorState()
    await state.set_connection("down")
    assert state.connection["state"] == "down"
    assert state.pushed == [], "a box whose link is down says nothing"
    await state.set_connection("up")
    assert [(m.kind, m.payload["event"]) for m in state.pushed] == [("box_state", "pub_up")]
    await state.aclose()
