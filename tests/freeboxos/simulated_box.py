"""A FreeboxClient paired with the box simulator over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from aiohttp.test_utils import TestServer

from freeboxos import AppCredentials, AppInfo, FreeboxClient
from freeboxos.simulator import SimulatorState, create_simulator_app
from freeboxos.simulator.state import BoxInfo
from tests.freeboxos.conftest import MemoryTokenStore

APP = AppInfo(
    app_id="fr.example.freeboxbot",
    app_name="Freebox Bot",
    app_version="0.1.0",
    device_name="test host",
)


@dataclass
class SimulatedBox:
    """The simulator's state, and a client paired with it."""

    state: SimulatorState
    client: FreeboxClient


@asynccontextmanager
async def simulated_box(
    *permissions: str, version: str = "15.0", withheld: tuple[str, ...] = ()
) -> AsyncIterator[SimulatedBox]:
    """Serve a simulator playing `version`, with a paired app holding its default
    permissions plus `permissions`, minus `withheld`."""
    state = SimulatorState(box=BoxInfo(version=version))
    state.auth.default_permissions.update(dict.fromkeys(permissions, True))
    state.auth.default_permissions.update(dict.fromkeys(withheld, False))
    record = state.auth.request_authorization(
        APP.app_id, APP.app_name, APP.app_version, APP.device_name, auto_approve=True
    )
    tokens = MemoryTokenStore(AppCredentials(app_id=APP.app_id, app_token=record.app_token))
    major = version.split(".", 1)[0]
    try:
        async with (
            TestServer(create_simulator_app(state), host="127.0.0.1") as server,
            aiohttp.ClientSession() as http,
            FreeboxClient(
                session=http,
                base_url=str(server.make_url(f"/api/v{major}/")),
                token_store=tokens,
                app=APP,
                timeout=5,
            ) as client,
        ):
            yield SimulatedBox(state, client)
    finally:
        await state.aclose()
