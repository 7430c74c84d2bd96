"""`--api-version N`: the simulated box reports N and refuses what N lacks, as an older box.

Each expectation is read from the document's changelog, independently of the bot's
`freeboxos.capabilities`, which the feature tests then check against this box.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from freeboxos.simulator import BoxInfo, SimulatorState, create_simulator_app, session_password
from freeboxos.simulator.routing import AUTH_HEADER
from freeboxos.simulator.versions import parse
from tests.process import free_port

VERSIONS = ["7.0", "8.0", "10.0", "11.0", "12.0", "12.1", "13.0", "14.0", "15.0"]


@dataclass
class OldBox:
    """A simulated box playing one version, with a logged-in session."""

    state: SimulatorState
    http: aiohttp.ClientSession
    version: str
    headers: dict[str, str]

    @property
    def at_least(self) -> tuple[int, int]:
        return parse(self.version)

    async def call(
        self, method: str, path: str, *, major: int | None = None, **kwargs: Any
    ) -> tuple[int, dict[str, Any]]:
        """Call `/api/v{major}/{path}` (the box's own major by default) with the session."""
        url = f"/api/v{major or self.state.box.major}/{path}"
        async with self.http.request(method, url, headers=self.headers, **kwargs) as response:
            return response.status, await response.json()


@pytest.fixture(params=VERSIONS)
async def box(request: pytest.FixtureRequest) -> AsyncIterator[OldBox]:
    version = str(request.param)
    state = SimulatorState(auto_approve=True, box=BoxInfo(version=version))
    state.auth.default_permissions.update({p: True for p in state.auth.default_permissions})
    async with (
        TestServer(create_simulator_app(state), host="127.0.0.1") as server,
        aiohttp.ClientSession(base_url=str(server.make_url("/"))) as http,
    ):
        token = await _login(http, state)
        yield OldBox(state, http, version, {AUTH_HEADER: token})
        await state.aclose()


async def _login(http: aiohttp.ClientSession, state: SimulatorState) -> str:
    """Pair and log in through the box's own major version (an older box has no v15)."""
    api = f"/api/v{state.box.major}"
    request = {"app_id": "a", "app_name": "A", "app_version": "1", "device_name": "pc"}
    async with http.post(f"{api}/login/authorize/", json=request) as response:
        app_token = (await response.json())["result"]["app_token"]
    async with http.get(f"{api}/login/") as response:
        challenge = (await response.json())["result"]["challenge"]
    password = session_password(app_token, challenge)
    login = {"app_id": "a", "password": password}
    async with http.post(f"{api}/login/session/", json=login) as response:
        return str((await response.json())["result"]["session_token"])


def _target(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Freebox Bot",
        "type": "android",
        "token": "t0k3n",
        "subscriptions": ["phone", "security"],
        "api_url": "http://127.0.0.1:9/secret",
        "message_type": "notification",
    }
    body.update(changes)
    return body


def _refused(answer: tuple[int, dict[str, Any]], status: int, error_code: str) -> bool:
    code, body = answer
    return code == status and body["success"] is False and body["error_code"] == error_code


async def test_the_box_reports_its_version_and_serves_no_newer_api(box: OldBox) -> None:
    async with box.http.get("/api_version") as response:
        assert (await response.json())["api_version"] == box.version
    status, answer = await box.call("GET", "connection/")
    assert status == 200 and answer["success"]
    if box.state.box.major < 15:
        newer = await box.call("GET", "connection/", major=box.state.box.major + 1)
        assert _refused(newer, 404, "invalid_api_version")


async def test_the_dedicated_guest_network_needs_v14(box: OldBox) -> None:
    answer = await box.call("GET", "wifi/custom_keys/config/")
    if box.at_least >= (14, 0):
        assert answer[0] == 200 and answer[1]["result"]["ssid"] == "Freebox-C0001B-guest"
    else:
        assert _refused(answer, 404, "invalid_request"), "an unknown path on that box"
    _, listed = await box.call("GET", "wifi/bss/")
    statuses = [bss["status"] for bss in listed["result"]]
    has_field = ["custom_key_ssid" in status for status in statuses]
    assert has_field == [box.at_least >= (11, 0)] * len(statuses), "custom_key_ssid is v11"


async def test_pushing_to_our_server_needs_v11_and_new_subscriptions_v12(box: OldBox) -> None:
    created = await box.call("POST", "notif/targets/", json=_target())
    if box.at_least < (11, 0):
        assert _refused(created, 400, "inval"), "no api_url before v11"
        assert box.state.targets == {}
        return
    assert created == (200, {"success": True})
    newer = await box.call(
        "POST", "notif/targets/", json=_target(subscriptions=["phone", "lan_host"])
    )
    changed = await box.call(
        "PUT",
        f"notif/targets/{next(iter(box.state.targets))}",
        json={"subscriptions": ["password_change"]},
    )
    if box.at_least < (12, 0):
        assert _refused(newer, 400, "inval") and _refused(changed, 400, "inval")
        assert len(box.state.targets) == 1
    else:
        assert newer[0] == 200 and changed[0] == 200
    await box.state.wait_idle()


async def test_unlimited_guest_keys_need_v12_1(box: OldBox) -> None:
    def key(max_use_count: int | None) -> dict[str, Any]:
        body: dict[str, Any] = {"key": "YY5Sg74W3VNx", "duration": 3600}
        if max_use_count is not None:
            body["max_use_count"] = max_use_count
        return body

    limited = await box.call("POST", "wifi/custom_key/", json=key(127))
    assert limited[0] == 200 and limited[1]["result"]["params"]["max_use_count"] == 127
    for unlimited in (key(0), key(None)):
        answer = await box.call("POST", "wifi/custom_key/", json=unlimited)
        if box.at_least >= (12, 1):
            assert answer[0] == 200 and answer[1]["result"]["params"]["max_use_count"] == 0
        else:
            assert _refused(answer, 400, "inval")


async def test_the_event_websocket_needs_v8(box: OldBox) -> None:
    url = f"/api/v{box.state.box.major}/ws/event"
    if box.at_least >= (8, 0):
        async with box.http.ws_connect(url, headers=box.headers) as socket:
            await socket.send_json({"action": "register", "events": ["lan_host_l3addr_reachable"]})
            answer = await socket.receive_json(timeout=5)
            assert answer["success"] is True
        return
    async with box.http.get(url, headers=box.headers) as response:
        assert response.status == 404
        assert (await response.json())["error_code"] == "invalid_request"


async def test_the_simulate_command_plays_the_version_it_is_given() -> None:
    port = free_port()
    simulator = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "simulate", "--port", str(port), "--auto-approve", "--api-version", "13"),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert simulator.stdout is not None
        async with asyncio.timeout(20):
            banner = (await simulator.stdout.readline()).decode()
        assert f"http://127.0.0.1:{port}/api/v13/" in banner
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/api_version") as response,
        ):
            assert (await response.json())["api_version"] == "13.0"
    finally:
        simulator.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            assert await simulator.wait() == 0


def test_the_simulate_command_refuses_a_version_that_does_not_exist() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "simulate", "--api-version", "16"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "not an API version from 1 to 15: '16'" in result.stderr
