"""The simulator's hold switch: a box that sits on requests until the test releases them."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp.test_utils import TestServer

from freeboxos.simulator import SimulatorState, create_simulator_app
from freeboxos.simulator.console import execute


async def test_held_requests_wait_until_released_and_others_are_answered() -> None:
    state = SimulatorState()
    async with (
        TestServer(create_simulator_app(state), host="127.0.0.1") as server,
        aiohttp.ClientSession() as http,
    ):
        assert await execute(state, "hold system") == "holding requests ending with 'system'"

        async def status_of(path: str) -> int:
            async with http.get(server.make_url(path)) as resp:
                return resp.status

        held = asyncio.create_task(status_of("/api/v15/system/"))
        async with asyncio.timeout(10):
            await state.wait_until(lambda: state.held)
        assert await status_of("/api_version") == 200, "other paths are answered"
        assert not held.done()

        assert await execute(state, "release") == "released 1 request(s)"
        async with asyncio.timeout(10):
            assert await held == 403  # answered at last (no session: auth_required)
        assert state.held == []
        await state.aclose()
