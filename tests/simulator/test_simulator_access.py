"""The simulated box refusing access as real ones do: from outside, rate limited, revoked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.cli import _parser
from freeboxos.simulator import SimulatorState, create_simulator_app, session_password

API = "/api/v15"
APP = {"app_id": "fr.example.bot", "app_name": "Bot", "app_version": "1", "device_name": "pc"}


@pytest.fixture
def state() -> SimulatorState:
    return SimulatorState()


@pytest.fixture
async def http(state: SimulatorState) -> AsyncIterator[aiohttp.ClientSession]:
    async with (
        TestServer(create_simulator_app(state), host="127.0.0.1") as server,
        aiohttp.ClientSession(base_url=str(server.make_url("/"))) as session,
    ):
        yield session
    await state.aclose()


async def call(
    http: aiohttp.ClientSession, method: str, path: str, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    async with http.request(method, f"{API}/{path}", **kwargs) as response:
        return response.status, await response.json()


async def login(http: aiohttp.ClientSession, app_token: str) -> tuple[int, dict[str, Any]]:
    _, answer = await call(http, "GET", "login/")
    password = session_password(app_token, answer["result"]["challenge"])
    body = {"app_id": APP["app_id"], "password": password}
    return await call(http, "POST", "login/session/", json=body)


async def authorize(http: aiohttp.ClientSession, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    return await call(http, "POST", "login/authorize/", json=APP, **kwargs)


async def test_pairing_by_the_remote_name_is_denied_from_external_ip(
    http: aiohttp.ClientSession, state: SimulatorState
) -> None:
    state.auth.local_pairing_only = True

    status, answer = await authorize(http, headers={"Host": "s1mu1at0r.fbxos.fr:3615"})
    assert status == 403 and answer["error_code"] == "denied_from_external_ip"
    assert state.pending_authorizations() == []

    for local in ("mafreebox.freebox.fr", "192.168.1.254"):
        status, answer = await authorize(http, headers={"Host": local})
        assert status == 200 and answer["result"]["track_id"], local


async def test_a_rate_limited_box_refuses_logins_and_pairing(
    http: aiohttp.ClientSession, state: SimulatorState
) -> None:
    state.auto_approve = True
    _, answer = await authorize(http)
    app_token = answer["result"]["app_token"]
    state.auth.ratelimited = True

    status, answer = await login(http, app_token)
    assert status == 403 and answer["error_code"] == "ratelimited"
    status, answer = await authorize(http)
    assert status == 403 and answer["error_code"] == "ratelimited"

    state.auth.ratelimited = False
    status, _ = await login(http, app_token)
    assert status == 200


async def test_the_granted_token_works_until_a_new_one_is_granted(
    http: aiohttp.ClientSession, state: SimulatorState
) -> None:
    state.auto_approve = True
    _, answer = await authorize(http)
    first = answer["result"]["app_token"]
    state.auto_approve = False

    _, answer = await authorize(http)
    second = answer["result"]["app_token"]
    assert (await login(http, first))[0] == 200, "still working while the new one is pending"
    state.deny()
    assert (await login(http, first))[0] == 200, "a denied request changes nothing"

    _, answer = await authorize(http)
    third = answer["result"]["app_token"]
    state.approve()
    status, answer = await login(http, first)
    assert status == 403 and answer["error_code"] == "invalid_token", "replaced once granted"
    assert (await login(http, third))[0] == 200
    assert second != third


async def test_a_revoked_app_reads_unknown_and_cannot_log_in(
    http: aiohttp.ClientSession, state: SimulatorState
) -> None:
    state.auto_approve = True
    _, answer = await authorize(http)
    app_token = answer["result"]["app_token"]
    state.auto_approve = False
    _, answer = await authorize(http)
    pending_track = answer["result"]["track_id"]

    state.revoke(APP["app_id"])

    status, answer = await login(http, app_token)
    assert status == 403 and answer["error_code"] == "invalid_token"  # the document, 983
    _, answer = await call(http, "GET", f"login/authorize/{pending_track}")
    assert answer["result"]["status"] == "unknown"  # the document, 746


def test_the_cli_offers_the_refusals() -> None:
    args = _parser().parse_args(["simulate", "--local-pairing-only", "--ratelimited"])
    assert args.local_pairing_only and args.ratelimited
