"""The simulated box, driven with raw aiohttp requests as a client would."""

from __future__ import annotations

import asyncio
import base64
import io
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from freeboxos.simulator import (
    SimulatorState,
    create_simulator_app,
    run_simulator,
    session_password,
)
from freeboxos.simulator.downloads import DEFAULT_DOWNLOAD_DIR

API = "/api/v15"
TIMEOUT = 5


@dataclass
class Received:
    """A request the fake notification server received."""

    method: str
    path: str
    body: Any


@dataclass
class Receiver:
    """A minimal notification server on loopback, recording what the box sends."""

    url: str = ""
    received: asyncio.Queue[Received] = field(default_factory=asyncio.Queue)
    fail_devices: set[str] = field(default_factory=set)

    async def next(self) -> Received:
        """The next request received (wrap in asyncio.timeout)."""
        return await self.received.get()


def _receiver_app(receiver: Receiver) -> web.Application:
    async def register(request: web.Request) -> web.Response:
        await receiver.received.put(Received("POST", request.path, await request.json()))
        return web.json_response({"success": True})

    async def unregister(request: web.Request) -> web.Response:
        await receiver.received.put(Received("DELETE", request.path, None))
        return web.json_response({"success": True})

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        await receiver.received.put(Received("POST", request.path, body))
        devices = body["devices"]
        return web.json_response(
            {
                "failureIds": [d for d in devices if d in receiver.fail_devices],
                "successIds": [d for d in devices if d not in receiver.fail_devices],
            }
        )

    app = web.Application()
    app.router.add_post("/secret/register", register)
    app.router.add_delete("/secret/register/{box_id}/{device_id}", unregister)
    app.router.add_post("/secret/send", send)
    return app


@pytest.fixture
def state() -> SimulatorState:
    return SimulatorState()


@pytest.fixture
async def server(state: SimulatorState) -> AsyncIterator[TestServer]:
    test_server = TestServer(create_simulator_app(state), host="127.0.0.1")
    await test_server.start_server()
    yield test_server
    await test_server.close()


@pytest.fixture
async def http(server: TestServer) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=str(server.make_url("/"))) as session:
        yield session


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    async with TestServer(_receiver_app(receiver), host="127.0.0.1") as test_server:
        receiver.url = str(test_server.make_url("/secret"))
        yield receiver


async def pair(
    http: aiohttp.ClientSession, state: SimulatorState, app_id: str = "fr.example.bot"
) -> tuple[str, str]:
    """Run the whole pairing and login flow; returns (app_token, session_token)."""
    request = {
        "app_id": app_id,
        "app_name": "Freebox Bot",
        "app_version": "0.1.0",
        "device_name": "Raspberry",
    }
    async with http.post(f"{API}/login/authorize/", json=request) as response:
        result = (await response.json())["result"]
    state.approve(result["track_id"])
    async with http.get(f"{API}/login/") as response:
        challenge = (await response.json())["result"]["challenge"]
    password = session_password(result["app_token"], challenge)
    async with http.post(
        f"{API}/login/session/", json={"app_id": app_id, "password": password}
    ) as response:
        session = (await response.json())["result"]
    return result["app_token"], session["session_token"]


@pytest.fixture
async def auth(http: aiohttp.ClientSession, state: SimulatorState) -> dict[str, str]:
    """Headers of a logged-in app with default permissions."""
    _, token = await pair(http, state)
    return {"X-Fbx-App-Auth": token}


async def call(
    http: aiohttp.ClientSession, method: str, path: str, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    async with http.request(method, f"{API}/{path}", **kwargs) as response:
        return response.status, await response.json()


async def add_target(
    http: aiohttp.ClientSession,
    auth: dict[str, str],
    receiver: Receiver,
    subscriptions: list[str],
    message_type: str = "notification",
    name: str = "Freebox Bot",
) -> str:
    body = {
        "name": name,
        "type": "android",
        "token": f"token-{name}",
        "subscriptions": subscriptions,
        "api_url": receiver.url,
        "message_type": message_type,
    }
    status, answer = await call(http, "POST", "notif/targets/", json=body, headers=auth)
    assert (status, answer) == (200, {"success": True})
    async with asyncio.timeout(TIMEOUT):
        registered = await receiver.next()
    assert registered.path == "/secret/register"
    return str(registered.body["device_id"])


# -- discovery and authentication ------------------------------------------------


async def test_api_version(http: aiohttp.ClientSession) -> None:
    async with http.get("/api_version") as response:
        info = await response.json()
    assert info["api_version"] == "15.0"
    assert info["api_base_url"] == "/api/"
    assert {"uid", "device_name", "device_type", "box_model", "box_model_name"} <= info.keys()
    assert {"api_domain", "https_available", "https_port"} <= info.keys()


async def test_full_auth_flow(http: aiohttp.ClientSession, state: SimulatorState) -> None:
    request = {
        "app_id": "fr.example.bot",
        "app_name": "Freebox Bot",
        "app_version": "0.1.0",
        "device_name": "Raspberry",
    }
    status, answer = await call(http, "POST", "login/authorize/", json=request)
    assert status == 200 and answer["success"]
    app_token, track_id = answer["result"]["app_token"], answer["result"]["track_id"]

    _, answer = await call(http, "GET", f"login/authorize/{track_id}")
    assert answer["result"]["status"] == "pending"
    assert answer["result"]["challenge"]
    assert [r.track_id for r in state.pending_authorizations()] == [track_id]

    state.approve()
    _, answer = await call(http, "GET", f"login/authorize/{track_id}")
    assert answer["result"]["status"] == "granted"

    _, answer = await call(http, "GET", "login/")
    assert answer["result"]["logged_in"] is False
    password = session_password(app_token, answer["result"]["challenge"])
    status, answer = await call(
        http, "POST", "login/session/", json={"app_id": "fr.example.bot", "password": password}
    )
    assert status == 200
    permissions = answer["result"]["permissions"]
    assert permissions["downloader"] is True
    assert permissions["settings"] is False and permissions["home"] is False
    headers = {"X-Fbx-App-Auth": answer["result"]["session_token"]}

    _, answer = await call(http, "GET", "login/", headers=headers)
    assert answer["result"]["logged_in"] is True
    status, answer = await call(http, "GET", "system/", headers=headers)
    assert status == 200 and answer["result"]["model_info"]["has_home_automation"]

    status, answer = await call(http, "POST", "login/logout/", headers=headers)
    assert (status, answer) == (200, {"success": True})
    status, answer = await call(http, "GET", "system/", headers=headers)
    assert status == 403 and answer["error_code"] == "auth_required"


async def test_denied_and_timed_out_requests(
    http: aiohttp.ClientSession, state: SimulatorState
) -> None:
    tokens = {}
    for app_id in ("denied.app", "slow.app"):
        request = {"app_id": app_id, "app_name": "X", "app_version": "1", "device_name": "pc"}
        _, answer = await call(http, "POST", "login/authorize/", json=request)
        tokens[app_id] = answer["result"]
    state.deny(tokens["denied.app"]["track_id"])
    state.time_out(tokens["slow.app"]["track_id"])

    for app_id, expected in (("denied.app", "denied"), ("slow.app", "timeout")):
        track_id = tokens[app_id]["track_id"]
        _, answer = await call(http, "GET", f"login/authorize/{track_id}")
        assert answer["result"]["status"] == expected
        _, login = await call(http, "GET", "login/")
        password = session_password(tokens[app_id]["app_token"], login["result"]["challenge"])
        status, answer = await call(
            http, "POST", "login/session/", json={"app_id": app_id, "password": password}
        )
        assert status == 403 and answer["error_code"] == "invalid_token"
        assert answer["result"]["challenge"] != login["result"]["challenge"]


async def test_timeout_by_clock_and_pending_token(
    http: aiohttp.ClientSession, state: SimulatorState
) -> None:
    request = {"app_id": "a", "app_name": "A", "app_version": "1", "device_name": "pc"}
    _, answer = await call(http, "POST", "login/authorize/", json=request)
    token, track_id = answer["result"]["app_token"], answer["result"]["track_id"]
    _, login = await call(http, "GET", "login/")
    password = session_password(token, login["result"]["challenge"])
    status, answer = await call(
        http, "POST", "login/session/", json={"app_id": "a", "password": password}
    )
    assert status == 403 and answer["error_code"] == "pending_token"

    state.auth.authorize_timeout = 0.0
    _, answer = await call(http, "GET", f"login/authorize/{track_id}")
    assert answer["result"]["status"] == "timeout"
    _, answer = await call(http, "GET", "login/authorize/999")
    assert answer["result"]["status"] == "unknown"


async def test_wrong_password(http: aiohttp.ClientSession, state: SimulatorState) -> None:
    app_token, _ = await pair(http, state)
    _, login = await call(http, "GET", "login/")
    bad = session_password(app_token + "x", login["result"]["challenge"])
    status, answer = await call(
        http, "POST", "login/session/", json={"app_id": "fr.example.bot", "password": bad}
    )
    assert status == 403
    assert answer["success"] is False and answer["error_code"] == "invalid_token"
    assert answer["msg"] and answer["uid"] == state.box.uid


async def test_auth_required(http: aiohttp.ClientSession) -> None:
    for headers in ({}, {"X-Fbx-App-Auth": "not-a-session"}):
        status, answer = await call(http, "GET", "downloads/", headers=headers)
        assert status == 403
        assert answer["success"] is False and answer["error_code"] == "auth_required"
        assert answer["result"]["challenge"]


async def test_session_expiry(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    assert (await call(http, "GET", "connection/", headers=auth))[0] == 200
    state.expire_sessions()
    status, answer = await call(http, "GET", "connection/", headers=auth)
    assert status == 403 and answer["error_code"] == "auth_required"
    _, new_token = await pair(http, state)
    status, answer = await call(http, "GET", "connection/", headers={"X-Fbx-App-Auth": new_token})
    assert status == 200 and answer["result"]["state"] == "up"


async def test_insufficient_rights_until_granted(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    key = {"description": "soirée", "key": "rzR18eLeh6D8B7n1", "max_use_count": "10"}
    status, answer = await call(http, "POST", "wifi/custom_key/", json=key, headers=auth)
    assert status == 403
    assert answer["error_code"] == "insufficient_rights" and answer["missing_right"] == "settings"
    status, answer = await call(http, "GET", "home/nodes", headers=auth)
    assert answer["error_code"] == "insufficient_rights" and answer["missing_right"] == "home"
    assert (await call(http, "GET", "wifi/custom_key/", headers=auth))[0] == 200

    state.grant("settings", "home")
    status, answer = await call(http, "POST", "wifi/custom_key/", json=key, headers=auth)
    assert status == 200
    assert answer["result"]["params"]["max_use_count"] == 10
    assert (await call(http, "GET", "home/nodes", headers=auth))[0] == 200


# -- notification targets and pushes -------------------------------------------------


async def test_targets_crud_calls_register(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    device_id = await add_target(http, auth, receiver, ["download", "phone"])
    async with asyncio.timeout(TIMEOUT):
        await state.wait_until(lambda: state.outgoing_calls[-1].done)
    register = state.outgoing_calls[-1]
    assert register.kind == "register" and register.status == 200
    assert register.body == {
        "box_id": state.box_id,
        "device_type": "android",
        "token": "token-Freebox Bot",
        "device_name": "Freebox Bot",
        "device_id": device_id,
    }

    _, answer = await call(http, "GET", "notif/targets/", headers=auth)
    assert [t["id"] for t in answer["result"]] == [device_id]
    assert "token" not in answer["result"][0]
    _, answer = await call(http, "GET", f"notif/targets/{device_id}", headers=auth)
    assert answer["result"][0]["subscriptions"] == ["download", "phone"]

    change = {"subscriptions": ["phone", "security"]}
    status, _ = await call(http, "PUT", f"notif/targets/{device_id}", json=change, headers=auth)
    assert status == 200 and state.targets[device_id].subscriptions == ["phone", "security"]

    status, _ = await call(http, "DELETE", f"notif/targets/{device_id}", headers=auth)
    assert status == 200
    async with asyncio.timeout(TIMEOUT):
        deleted = await receiver.next()
    assert (deleted.method, deleted.path) == (
        "DELETE",
        f"/secret/register/{state.box_id}/{device_id}",
    )
    status, answer = await call(http, "GET", f"notif/targets/{device_id}", headers=auth)
    assert status == 404 and answer["error_code"] == "noent"


async def test_forget_targets_makes_no_call(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    await add_target(http, auth, receiver, ["phone"])
    calls_before = len(state.outgoing_calls)
    state.forget_targets()
    _, answer = await call(http, "GET", "notif/targets/", headers=auth)
    assert answer == {"success": True}  # an empty list: no result, as on real boxes
    assert len(state.outgoing_calls) == calls_before
    assert await state.missed_call("0102030405") and receiver.received.empty()


async def test_bad_target_is_refused(http: aiohttp.ClientSession, auth: dict[str, str]) -> None:
    body = {"name": "x", "type": "pager", "token": "t", "subscriptions": [], "api_url": "x"}
    status, answer = await call(http, "POST", "notif/targets/", json=body, headers=auth)
    assert status == 400 and answer["error_code"] == "inval"


async def test_push_download_done(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    chat = await add_target(http, auth, receiver, ["download"], name="chat")
    data = await add_target(http, auth, receiver, ["downloader"], "data", name="data")
    await add_target(http, auth, receiver, ["phone"], name="phone-only")
    receiver.fail_devices.add(data)
    task = state.downloads.add_urls(["http://example.org/debian.iso"])[0]

    completed = await state.complete_task(task.id)
    assert completed.status == "done" and completed.rx_pct == 10000
    async with asyncio.timeout(TIMEOUT):
        sends = [await receiver.next(), await receiver.next()]
    by_devices = {tuple(s.body["devices"]): s.body for s in sends}
    payload = {"box_id": state.box_id, "type": "downloader", "data": task.id, "event": "task_done"}
    notification = by_devices[(chat,)]
    assert list(notification) == ["devices", "title", "body", "payload", "box_id"]
    assert notification["payload"] == payload and "debian.iso" in notification["body"]
    assert by_devices[(data,)] == {"devices": [data], "payload": payload, "box_id": state.box_id}

    results = {tuple(c.body["devices"]): c.response for c in state.outgoing_calls[-2:] if c.body}
    assert results[(data,)] == {"failureIds": [data], "successIds": []}
    assert results[(chat,)] == {"failureIds": [], "successIds": [chat]}


async def test_push_missed_call_and_lan_host(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    device = await add_target(http, auth, receiver, ["phone", "lan_host", "security"])
    entry = await state.missed_call("0612345678", "Maman")
    async with asyncio.timeout(TIMEOUT):
        sent = await receiver.next()
    assert sent.body["devices"] == [device]
    assert sent.body["payload"] == {
        "box_id": state.box_id,
        "type": "phone",
        "data": entry,
        "event": "missed_call",
    }
    _, answer = await call(http, "GET", "call/log/", headers=auth)
    assert answer["result"][0] == entry

    host = await state.new_lan_host("AA:BB:CC:DD:EE:FF", "Switch", "192.168.1.77")
    async with asyncio.timeout(TIMEOUT):
        sent = await receiver.next()
    assert sent.body["payload"] == {
        "box_id": state.box_id,
        "type": "lan_host",
        "host_id": "ether-aa:bb:cc:dd:ee:ff",
        "interface": "pub",
        "event": "first_connection",
    }
    _, answer = await call(http, "GET", f"lan/browser/pub/{host['id']}/", headers=auth)
    assert answer["result"]["primary_name"] == "Switch"

    await state.trigger_alarm()
    async with asyncio.timeout(TIMEOUT):
        sent = await receiver.next()
    assert sent.body["payload"]["type"] == "security" and sent.body["title"]
    assert state.home.alarm_state() == "alert"


async def test_reboot_pushes_box_state_and_drops_sessions(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    await add_target(http, auth, receiver, ["box_state"])
    status, answer = await call(http, "POST", "system/reboot/", headers=auth)
    assert answer["error_code"] == "insufficient_rights"
    state.grant("settings")
    status, _ = await call(http, "POST", "system/reboot/", headers=auth)
    assert status == 200
    async with asyncio.timeout(TIMEOUT):
        sent = await receiver.next()
        await state.wait_idle()
    assert sent.body["payload"]["event"] == "reboot"
    assert (await call(http, "GET", "system/", headers=auth))[0] == 403


# -- downloads -------------------------------------------------------------------


async def test_downloads_add_by_form_and_refuse_json(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    _, answer = await call(http, "GET", "downloads/", headers=auth)
    assert answer == {"success": True}

    url = "http://cdimage.debian.org/debian-6.0.6-amd64-CD-1.iso.torrent"
    status, answer = await call(
        http, "POST", "downloads/add", json={"download_url": url}, headers=auth
    )
    assert status == 400 and answer["error_code"] == "invalid_request"
    assert state.requests[-1].content_type == "application/json"

    status, answer = await call(
        http, "POST", "downloads/add", data={"download_url": url}, headers=auth
    )
    assert status == 200 and answer["result"] == {"id": 1}
    received = state.requests_to("downloads/add", "POST")[-1]
    assert received.content_type == "application/x-www-form-urlencoded"
    assert received.parsed_body == {"download_url": url}

    urls = "ftp://test-debit.free.fr/1024.rnd\nhttp://test-debit.free.fr/4096.rnd"
    directory = base64.b64encode(b"/Disque dur/Films/").decode()
    form = {"download_url_list": urls, "download_dir": directory}
    _, answer = await call(http, "POST", "downloads/add", data=form, headers=auth)
    assert answer["result"] == {"id": [2, 3]}

    upload = aiohttp.FormData()
    upload.add_field("download_file", b"d8:announce...", filename="film.torrent")
    _, answer = await call(http, "POST", "downloads/add", data=upload, headers=auth)
    assert answer["result"] == {"id": 4}
    assert state.requests[-1].content_type == "multipart/form-data"

    _, answer = await call(http, "GET", "downloads/", headers=auth)
    tasks = {t["id"]: t for t in answer["result"]}
    assert tasks[1]["type"] == "bt" and tasks[1]["download_dir"] == DEFAULT_DOWNLOAD_DIR
    assert tasks[2]["type"] == "ftp" and tasks[2]["download_dir"] == directory
    assert tasks[4]["name"] == "film"

    status, answer = await call(
        http, "POST", "downloads/add", data={"download_url": "gopher://x"}, headers=auth
    )
    assert answer["error_code"] == "invalid_url"
    _, answer = await call(http, "POST", "downloads/add", data={"download_url": url}, headers=auth)
    assert answer["error_code"] == "exists"


async def test_downloads_update_and_delete(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    task = state.downloads.add_urls(["https://example.org/a.mkv"])[0]
    for wanted in ("stopped", "downloading"):
        status, answer = await call(
            http, "PUT", f"downloads/{task.id}", json={"status": wanted}, headers=auth
        )
        assert status == 200 and answer["result"]["status"] == wanted
    _, answer = await call(
        http, "PUT", f"downloads/{task.id}", json={"status": "seeding"}, headers=auth
    )
    assert answer["error_code"] == "invalid_operation"
    _, answer = await call(http, "GET", f"downloads/{task.id}/log", headers=auth)
    assert "stopped" in answer["result"]

    status, _ = await call(http, "DELETE", f"downloads/{task.id}/erase", headers=auth)
    assert status == 200 and task.erased
    status, answer = await call(http, "GET", f"downloads/{task.id}", headers=auth)
    assert status == 404 and answer["error_code"] == "task_not_found"


# -- home ----------------------------------------------------------------------------


def endpoint_ids(node: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(e["ep_type"], e["name"]): e["id"] for e in node["type"]["endpoints"]}


async def test_alarm_arm_and_disarm(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    state.grant("home")
    _, answer = await call(http, "GET", "home/nodes", headers=auth)
    alarm = next(n for n in answer["result"] if n["category"] == "alarm")
    ids = endpoint_ids(alarm)
    node = alarm["id"]
    state_path = f"home/endpoints/{node}/{ids['signal', 'state']}"

    async def alarm_state() -> str:
        _, answer = await call(http, "GET", state_path, headers=auth)
        assert answer["result"]["value_type"] == "string"
        return str(answer["result"]["value"])

    assert await alarm_state() == "idle"
    for slot, expected in (("alarm1", "alarm1_armed"), ("off", "idle"), ("alarm2", "alarm2_armed")):
        status, answer = await call(
            http,
            "PUT",
            f"home/endpoints/{node}/{ids['slot', slot]}",
            json={"value": None},
            headers=auth,
        )
        assert (status, answer) == (200, {"success": True})
        assert await alarm_state() == expected

    _, answer = await call(
        http, "GET", f"home/endpoints/{node}/{ids['signal', 'pin']}", headers=auth
    )
    assert answer["result"]["value"] == "0000"
    await call(
        http,
        "PUT",
        f"home/endpoints/{node}/{ids['slot', 'pin']}",
        json={"value": "4321"},
        headers=auth,
    )
    _, answer = await call(
        http, "GET", f"home/endpoints/{node}/{ids['signal', 'pin']}", headers=auth
    )
    assert answer["result"]["value"] == "4321"

    status, answer = await call(http, "PUT", state_path, json={"value": "idle"}, headers=auth)
    assert status == 400 and answer["error_code"] == "inval"

    _, answer = await call(http, "GET", "home/tileset/all", headers=auth)
    tile = next(t for t in answer["result"] if t["type"] == "alarm_control")
    assert tile["data"][0]["ep_id"] == ids["signal", "state"]
    assert tile["data"][0]["value"] == "alarm2_armed"
    assert [d["ep_id"] for d in tile["data"][1:4]] == [
        ids["slot", n] for n in ("alarm1", "alarm2", "off")
    ]


async def test_alarm_arming_countdown(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    state.grant("home")
    state.home.arming_delay = 0.05
    status, _ = await call(http, "PUT", "home/endpoints/7/1", json={"value": None}, headers=auth)
    assert status == 200 and state.home.alarm_state() == "alarm1_arming"
    async with asyncio.timeout(TIMEOUT):
        while state.home.alarm_state() != "alarm1_armed":
            await asyncio.sleep(0.01)


# -- websocket -------------------------------------------------------------------------


async def test_websocket_events(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await http.ws_connect(f"{API}/ws/event")
    assert refused.value.status == 403

    async with http.ws_connect(f"{API}/ws/event", headers=auth) as ws:
        await ws.send_json({"action": "register", "events": ["lan_host_l3addr_reachable"]})
        async with asyncio.timeout(TIMEOUT):
            assert await ws.receive_json() == {"action": "register", "success": True}
        await ws.send_str("not json")
        async with asyncio.timeout(TIMEOUT):
            assert (await ws.receive_json())["error_code"] == "invalid_request"

        host_id = "ether-dc:00:b0:00:00:00"
        await state.set_host_reachable(host_id, False)  # not registered: not sent
        await state.set_host_reachable(host_id, True)
        async with asyncio.timeout(TIMEOUT):
            event = await ws.receive_json()
        assert (event["action"], event["success"]) == ("notification", True)
        assert (event["source"], event["event"]) == ("lan_host", "l3addr_reachable")
        assert event["result"]["id"] == host_id and event["result"]["reachable"] is True

        assert await state.drop_websockets() == 1
        async with asyncio.timeout(TIMEOUT):
            message = await ws.receive()
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


# -- robustness and other areas ------------------------------------------------------------


async def test_bad_input_gets_an_envelope(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    for data in (b"{not json", b"[1, 2]"):
        status, answer = await call(
            http,
            "POST",
            "login/authorize/",
            data=data,
            headers={"Content-Type": "application/json"},
        )
        assert status == 400 and answer == {
            "success": False,
            "error_code": "invalid_request",
            "msg": "Requête invalide",
        }
    assert [r.body.kind for r in state.requests_to("login/authorize/")[-2:]] == ["invalid", "json"]

    status, answer = await call(http, "GET", "no/such/thing", headers=auth)
    assert status == 404 and answer["success"] is False
    status, answer = await call(http, "DELETE", "login/", headers=auth)
    assert status == 405 and answer["success"] is False
    status, answer = await call(http, "GET", "downloads/abc", headers=auth)
    assert status == 404 and answer["error_code"] == "task_not_found"
    async with http.get("/api/v99/login/") as response:
        assert response.status == 404


async def test_player(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    _, answer = await call(http, "GET", "player", headers=auth)
    players = {p["id"]: p for p in answer["result"]}
    assert set(players) == {11, 12}
    _, answer = await call(http, "GET", "player/12/api/v6/status/", headers=auth)
    assert answer["result"] == {"power_state": "standby"}

    url = {"url": "https://www.youtube.com/watch?v=plty5v5-a0Y"}
    status, _ = await call(http, "POST", "player/11/api/v6/control/open", json=url, headers=auth)
    assert status == 200 and state.players[11].opened == [{**url, "type": ""}]
    _, answer = await call(http, "GET", "player/11/api/v6/status/", headers=auth)
    assert answer["result"]["foreground_app"]["cur_url"] == url["url"]
    _, answer = await call(
        http, "PUT", "player/11/api/v6/control/volume/", json={"volume": 50}, headers=auth
    )
    assert answer["result"] == {"mute": False, "volume": 50}

    state.players[12].reachable = False
    status, answer = await call(
        http, "POST", "player/12/api/v6/control/open", json=url, headers=auth
    )
    assert status == 500 and answer["error_code"] == "internal_error"
    status, answer = await call(http, "GET", "player/99/api/v6/status/", headers=auth)
    assert status == 404 and answer["error_code"] == "noent"


async def test_guest_wifi_keys(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    state.grant("settings")
    key = {"params": {"description": "mario", "key": "YY5Sg74W3VNx", "duration": 3600}}
    _, answer = await call(http, "POST", "wifi/custom_key/", json=key, headers=auth)
    created = answer["result"]
    assert created["params"]["access_type"] == "full" and 0 < created["remaining"] <= 3600
    _, answer = await call(http, "GET", f"wifi/custom_key/{created['id']}", headers=auth)
    assert answer["result"]["params"]["key"] == "YY5Sg74W3VNx"
    _, answer = await call(
        http, "PUT", "wifi/custom_keys/config/", json={"ssid": "Invités"}, headers=auth
    )
    assert answer["result"]["ssid"] == "Invités"
    status, _ = await call(http, "DELETE", f"wifi/custom_key/{created['id']}", headers=auth)
    assert status == 200 and not state.wifi.keys
    _, answer = await call(http, "POST", "wifi/custom_key/", json={"key": "short"}, headers=auth)
    assert answer["error_code"] == "inval"


async def test_lan_and_calls(http: aiohttp.ClientSession, auth: dict[str, str]) -> None:
    _, answer = await call(http, "GET", "lan/browser/interfaces/", headers=auth)
    assert {"name": "pub", "host_count": 4} in answer["result"]
    _, answer = await call(http, "GET", "lan/browser/nope/", headers=auth)
    assert answer["error_code"] == "nodev"
    _, answer = await call(http, "PUT", "call/log/94", json={"new": False}, headers=auth)
    assert answer["result"]["new"] is False
    _, answer = await call(http, "GET", "call/log/1", headers=auth)
    assert answer["error_code"] == "invalid_id"


# -- runner ----------------------------------------------------------------------------------


class LineSink(io.StringIO):
    """A stdout whose lines can be awaited."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: asyncio.Queue[str] = asyncio.Queue()

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line:
                self.lines.put_nowait(line)
        return len(text)


async def test_runner_serves_and_reads_approve() -> None:
    read_fd, write_fd = os.pipe()
    out = LineSink()
    with os.fdopen(read_fd, "r") as stdin, os.fdopen(write_fd, "w") as commands:
        task = asyncio.create_task(
            run_simulator(
                "127.0.0.1",
                0,
                auto_approve=False,
                demo=False,
                demo_interval=1.0,
                stdin=stdin,
                stdout=out,
            )
        )
        try:
            async with asyncio.timeout(TIMEOUT):
                first = await out.lines.get()
            base = first.split(" on ", 1)[1].split(" ", 1)[0]
            async with aiohttp.ClientSession(base_url=base) as http:
                request = {"app_id": "a", "app_name": "A", "app_version": "1", "device_name": "pc"}
                _, answer = await call(http, "POST", "login/authorize/", json=request)
                track_id = answer["result"]["track_id"]
                async with asyncio.timeout(TIMEOUT):
                    while "Authorization request" not in await out.lines.get():
                        pass
                commands.write("approve\n")
                commands.flush()
                async with asyncio.timeout(TIMEOUT):
                    while "granted" not in await out.lines.get():
                        pass
                _, answer = await call(http, "GET", f"login/authorize/{track_id}")
                assert answer["result"]["status"] == "granted"
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task


# -- console and demo ------------------------------------------------------------------------


async def test_console_commands(
    http: aiohttp.ClientSession, state: SimulatorState, receiver: Receiver
) -> None:
    from freeboxos.simulator.console import execute

    request = {"app_id": "a", "app_name": "A", "app_version": "1", "device_name": "pc"}
    for _ in range(3):
        await call(http, "POST", "login/authorize/", json=request | {"app_id": f"a{_}"})
    assert "track 1" in await execute(state, "pending")
    assert "granted" in await execute(state, "approve 1")
    assert "denied" in await execute(state, "deny")
    assert "timed out" in await execute(state, "timeout")
    assert await execute(state, "approve") == "error: no pending authorization request"
    assert "settings" in await execute(state, "grant settings home")
    assert state.auth.apps["a0"].permissions["home"] is True
    assert "withdrew" in await execute(state, "withdraw home")
    assert "revoked" in await execute(state, "revoke a0")
    assert "expired" in await execute(state, "expire")

    task = state.downloads.add_urls(["http://example.org/x.iso", "http://example.org/y.iso"])
    assert "done" in await execute(state, f"complete {task[0].id}")
    assert "http_500" in await execute(state, f"fail {task[1].id} http_500")
    assert "Maman" in await execute(state, "call 0612345678 Maman")
    assert "ether-aa:00:00:00:00:01" in await execute(
        state, "host aa:00:00:00:00:01 Tab 192.168.1.9"
    )
    assert "unreachable" in await execute(state, "unreachable ether-aa:00:00:00:00:01")
    assert "reachable" in await execute(state, "reachable ether-aa:00:00:00:00:01")
    assert "pub_up" in await execute(state, "boxstate pub_up")
    assert "error" in await execute(state, "boxstate exploded")
    assert "password_change" in await execute(state, "password 10.0.0.1")
    assert "alarm" in await execute(state, "alarm")
    assert "0 websocket" in await execute(state, "drop")
    assert "forgotten" in await execute(state, "forget")
    assert "approve" in await execute(state, "help")
    assert "unknown command" in await execute(state, "dance")
    assert await execute(state, "") == ""
    assert "error" in await execute(state, 'call "unterminated')
    assert [p.kind for p in state.pushed] == [
        "downloader",
        "downloader",
        "phone",
        "lan_host",
        "box_state",
        "password_change",
        "security",
    ]


async def test_demo_events_push(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    import random

    from freeboxos.simulator.demo import DEMO_EVENTS, demo_loop

    kinds = ["download", "phone", "lan_host", "box_state", "password_change", "security"]
    await add_target(http, auth, receiver, kinds)
    rng = random.Random(7)
    for event in DEMO_EVENTS:
        assert await event(state, rng)
    assert {p.kind for p in state.pushed} == {
        "downloader",
        "phone",
        "lan_host",
        "box_state",
        "password_change",
        "security",
    }
    assert all(c.ok for c in state.outgoing_calls)

    reports: asyncio.Queue[str] = asyncio.Queue()
    loop_task = asyncio.create_task(demo_loop(state, 0.001, reports.put_nowait, rng))
    try:
        async with asyncio.timeout(TIMEOUT):
            assert (await reports.get()).startswith("demo: ")
    finally:
        loop_task.cancel()


async def test_more_box_areas(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    state.grant("settings", "home")
    host_id = "ether-de:00:b0:00:00:00"
    change = {"primary_name": "NAS", "host_type": "nas", "persistent": True}
    _, answer = await call(http, "PUT", f"lan/browser/pub/{host_id}/", json=change, headers=auth)
    assert answer["result"]["primary_name"] == "NAS" and answer["result"]["primary_name_manual"]
    _, answer = await call(
        http, "PUT", f"lan/browser/pub/{host_id}/", json={"host_type": "ufo"}, headers=auth
    )
    assert answer["error_code"] == "inval"
    _, answer = await call(http, "GET", "lan/browser/pub/ether-00/", headers=auth)
    assert answer["error_code"] == "nohost"
    wol = {"mac": "DE:00:B0:00:00:00", "password": ""}
    assert (await call(http, "POST", "lan/wol/pub/", json=wol, headers=auth))[0] == 200
    assert state.lan.wol == [("pub", wol)]

    assert (await call(http, "POST", "call/log/mark_all_as_read/", headers=auth))[0] == 200
    assert not any(e["new"] for e in state.calls.entries)
    assert (await call(http, "DELETE", "call/log/95", headers=auth))[0] == 200
    _, answer = await call(http, "GET", "call/account/", headers=auth)
    assert answer["result"]["phone_number"]
    assert (await call(http, "POST", "call/log/delete_all/", headers=auth))[0] == 200
    assert await call(http, "GET", "call/log/", headers=auth) == (200, {"success": True})

    _, answer = await call(http, "GET", "home/adapters", headers=auth)
    assert answer["result"][0]["type"]["name"] == "adapter::domus"
    _, answer = await call(http, "GET", "home/nodes/26", headers=auth)
    assert answer["result"]["category"] == "pir"
    _, answer = await call(http, "GET", "home/tileset/11", headers=auth)
    assert answer["result"][0]["type"] == "alarm_sensor"
    _, answer = await call(http, "GET", "home/endpoints/7/99", headers=auth)
    assert answer["error_code"] == "noent"
    _, answer = await call(http, "PUT", "home/endpoints/7/6", json={"value": "loud"}, headers=auth)
    assert answer["error_code"] == "inval"
    _, answer = await call(http, "GET", "wifi/config/", headers=auth)
    assert answer["result"]["enabled"] is True

    await add_target(http, auth, receiver, ["downloader"])
    task = state.downloads.add_urls(["magnet:?xt=urn:btih:abc&dn=Big+Buck+Bunny"])[0]
    assert task.name == "Big Buck Bunny" and task.type == "bt"
    assert state.progress_task(task.id, 42).rx_pct == 4200
    assert (await state.complete_task(task.id)).status == "seeding"
    assert (await state.finish_seeding(task.id)).status == "done"
    _, answer = await call(
        http, "PUT", f"downloads/{task.id}", json={"status": "retry"}, headers=auth
    )
    assert answer["result"]["status"] == "downloading" and answer["result"]["rx_pct"] == 0
    _, answer = await call(
        http, "PUT", f"downloads/{task.id}", json={"io_priority": "max"}, headers=auth
    )
    assert answer["error_code"] == "invalid_priority"
    events = []
    for _ in range(2):
        async with asyncio.timeout(TIMEOUT):
            events.append((await receiver.next()).body["payload"]["event"])
    assert events == ["task_done", "task_seeding_done"]


async def test_unreachable_notification_server_is_recorded(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    body = {
        "name": "gone",
        "type": "firebase",
        "token": "t",
        "subscriptions": ["phone"],
        "api_url": f"http://127.0.0.1:{port}/x",
    }
    assert (await call(http, "POST", "notif/targets/", json=body, headers=auth))[0] == 200
    async with asyncio.timeout(TIMEOUT):
        await state.wait_idle()
    register = state.outgoing_calls[-1]
    assert register.status is None and register.error and not register.ok
    await state.missed_call("0102030405")
    send = state.outgoing_calls[-1]
    assert send.error and send.body and send.body["devices"] == [next(iter(state.targets))]


async def test_target_moved_to_new_server(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    receiver: Receiver,
) -> None:
    device_id = await add_target(http, auth, receiver, ["phone"])
    moved = {"api_url": receiver.url + "/v2", "token": "new"}
    status, _ = await call(http, "PUT", f"notif/targets/{device_id}", json=moved, headers=auth)
    assert status == 200
    async with asyncio.timeout(TIMEOUT):
        await state.wait_idle()
    unregister, register = state.outgoing_calls[-2:]
    assert unregister.url == f"{receiver.url}/register/{state.box_id}/{device_id}"
    assert register.url == f"{receiver.url}/v2/register" and register.body
    assert register.body["token"] == "new"


async def test_websocket_refusals_and_player_controls(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    async with http.ws_connect(f"{API}/ws/event", headers=auth) as ws:
        await ws.send_json({"request_id": 3, "action": "subscribe"})
        async with asyncio.timeout(TIMEOUT):
            answer = await ws.receive_json()
        assert answer["request_id"] == 3 and answer["success"] is False
        await ws.send_json({"action": "register", "events": ["coffee_ready"]})
        async with asyncio.timeout(TIMEOUT):
            assert (await ws.receive_json())["success"] is False
    status, answer = await call(http, "GET", "ws/event", headers=auth)
    assert status == 400 and answer["error_code"] == "invalid_request"

    path = "player/11/api/v6/control/mediactrl/"
    assert (await call(http, "POST", path, json={"cmd": "play_pause"}, headers=auth))[0] == 200
    assert state.players[11].commands == ["play_pause"]
    _, answer = await call(http, "POST", path, json={"cmd": "dance"}, headers=auth)
    assert answer["error_code"] == "inval"
    _, answer = await call(
        http, "POST", "player/12/api/v6/control/mediactrl/", json={"cmd": "stop"}, headers=auth
    )
    assert answer["error_code"] == "inval"  # in standby
    _, answer = await call(http, "GET", "player/11/api/v6/control/volume/", headers=auth)
    assert answer["result"] == {"mute": False, "volume": 25}


async def test_surprise_is_an_internal_error(
    http: aiohttp.ClientSession,
    state: SimulatorState,
    auth: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> list[dict[str, Any]]:
        raise RuntimeError("boom")

    monkeypatch.setattr(state.lan, "interfaces", broken)
    status, answer = await call(http, "GET", "lan/browser/interfaces/", headers=auth)
    assert status == 500 and answer["error_code"] == "internal_error"


async def test_no_route_crashes_on_bad_input(
    http: aiohttp.ClientSession, state: SimulatorState, auth: dict[str, str]
) -> None:
    from freeboxos.simulator.app import ROUTES

    state.grant("settings", "home", "profile")
    bodies: list[dict[str, Any]] = [
        {"data": b"{oops", "headers": {"Content-Type": "application/json"}},
        {"json": [1, 2]},
        {"json": {"value": {"x": 1}, "status": 3, "url": 4, "cmd": None, "volume": "x"}},
        {"json": {"ssid": "", "key": 12345678, "name": None, "new": "maybe", "mute": 1}},
        {"data": {"download_url": "", "download_dir": "%%%"}},
        {"data": b"\xff\xfe", "headers": {"Content-Type": "multipart/form-data; boundary=x"}},
    ]
    values = {
        "track_id": "1",
        "target_id": "nope",
        "task_id": "1",
        "key_id": "x",
        "player_id": "11",
        "player_version": "6",
        "node_id": "7",
        "endpoint_id": "1",
        "interface": "pub",
        "host_id": "ether-8c:97:ea:00:00:00",
        "call_id": "94",
        "token": "gAnweF2Xg50wcJwn",
        "contact_id": "1",
        "voicemail_id": "20221215_154135_r0334371508.au",
        "profile_id": "2",
        "filter_id": "00:07:CB:01:02:03",
    }
    state.downloads.add_urls(["http://example.org/a"])
    for api_route in ROUTES:
        if api_route.path in ("ws/event", "login/logout/") or "system/" in api_route.path:
            continue
        path = api_route.path.replace(":\\d+", "").format(**values)
        for body in bodies:
            headers = {**auth, **body.get("headers", {})}
            kwargs = {k: v for k, v in body.items() if k != "headers"}
            async with http.request(
                api_route.method, f"{API}/{path}", headers=headers, **kwargs
            ) as response:
                answer = await response.json()
            assert response.status < 500, (api_route.method, path, body, answer)
            assert isinstance(answer, dict) and "success" in answer
            assert answer.get("error_code") != "auth_required"
