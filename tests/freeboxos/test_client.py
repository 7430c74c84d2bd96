"""FreeboxClient against a small fake box served on loopback by aiohttp.

The fake box checks what a real one checks (the hmac-sha1 password, the session
header, the body encoding of downloads/add) and records what it received.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field, is_dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import test_utils, web

from freeboxos import (
    AppCredentials,
    AppInfo,
    AuthRequiredError,
    FreeboxApiError,
    FreeboxClient,
    FreeboxConnectionError,
    InsufficientRightsError,
    NotFoundError,
    compute_password,
)

APP_TOKEN = "dyNYgfk0Ya6FWGq83sBHa7TzwWo+pg4fDFUJHShcJVYzTfaRrZzm93p70TAFH/0"
APP_ID = "fr.example.freeboxbot"
SERIAL = "762601T190510709"


# -- the fake box --------------------------------------------------------------


@dataclass
class FakeBox:
    """State of the fake box, inspected by the tests."""

    challenge: str = "VzhbtpR4r8CLaJ1e2QgJBEkyd8JPb0zL"
    logins: int = 0
    sessions: set[str] = field(default_factory=set)
    rejected: int = 0
    logouts: int = 0
    authorize_payloads: list[dict[str, Any]] = field(default_factory=list)
    added: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    calls: list[tuple[str, str, Any]] = field(default_factory=list)
    canned: dict[tuple[str, str], Any] = field(default_factory=dict)
    release: asyncio.Event = field(default_factory=asyncio.Event)


BOX = web.AppKey("box", FakeBox)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def ok(result: Any = None) -> web.Response:
    body: dict[str, Any] = {"success": True}
    if result is not None:
        body["result"] = result
    return web.json_response(body)


def fail(status: int, error_code: str, msg: str, **extra: Any) -> web.Response:
    body = {"success": False, "error_code": error_code, "msg": msg, **extra}
    return web.json_response(body, status=status)


def authenticated(handler: Handler) -> Handler:
    async def check(request: web.Request) -> web.StreamResponse:
        box = request.app[BOX]
        if request.headers.get("X-Fbx-App-Auth") not in box.sessions:
            box.rejected += 1
            return fail(403, "auth_required", "Vous devez vous connecter pour accéder à cette API")
        return await handler(request)

    return check


async def get_challenge(request: web.Request) -> web.Response:
    return ok({"logged_in": False, "challenge": request.app[BOX].challenge})


async def open_session(request: web.Request) -> web.Response:
    box = request.app[BOX]
    body = await request.json()
    expected = hmac.new(APP_TOKEN.encode(), box.challenge.encode(), hashlib.sha1).hexdigest()
    if body.get("app_id") != APP_ID or body.get("password") != expected:
        return fail(403, "invalid_token", "Erreur d'authentification de l'application")
    box.logins += 1
    box.challenge = f"challenge-{box.logins}"  # a challenge serves once
    token = f"session-{box.logins}"
    box.sessions.add(token)
    return ok({"session_token": token, "permissions": {"downloader": True, "settings": False}})


async def authorize(request: web.Request) -> web.Response:
    request.app[BOX].authorize_payloads.append(await request.json())
    return ok({"app_token": APP_TOKEN, "track_id": 42})


async def track(request: web.Request) -> web.Response:
    if request.match_info["track_id"] != "42":
        return ok({"status": "unknown"})
    return ok({"status": "pending", "challenge": request.app[BOX].challenge})


@authenticated
async def logout(request: web.Request) -> web.Response:
    box = request.app[BOX]
    box.sessions.discard(request.headers["X-Fbx-App-Auth"])
    box.logouts += 1
    return ok()


@authenticated
async def system(request: web.Request) -> web.Response:
    return ok({"firmware_version": "4.2.5", "serial": SERIAL, "board_name": "fbxgw2r"})


@authenticated
async def add_download(request: web.Request) -> web.Response:
    box = request.app[BOX]
    fields: dict[str, Any] = {}
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            fields[name] = (value.filename, value.content_type, value.file.read())
        else:
            fields[name] = value
    box.added.append((request.content_type, fields))
    urls = str(fields.get("download_url_list", "")).split("\n")
    return ok({"id": list(range(1, len(urls) + 1))} if len(urls) > 1 else {"id": 7})


@authenticated
async def missing_download(request: web.Request) -> web.Response:
    return fail(404, "task_not_found", "Impossible de trouver la tâche")


@authenticated
async def custom_keys(request: web.Request) -> web.Response:
    return fail(403, "insufficient_rights", "Accès refusé", missing_right="settings")


@authenticated
async def not_json(request: web.Request) -> web.Response:
    return web.Response(text="<html>Freebox OS</html>", content_type="text/html")


@authenticated
async def hang(request: web.Request) -> web.Response:
    await request.app[BOX].release.wait()
    return ok([])


@authenticated
async def record(request: web.Request) -> web.Response:
    """Any other endpoint: record the call, answer what the test prepared."""
    box = request.app[BOX]
    body = await request.json() if request.can_read_body else None
    path = request.match_info["tail"]
    box.calls.append((request.method, path, body))
    return ok(box.canned.get((request.method, path)))


def create_fake_box(box: FakeBox) -> web.Application:
    app = web.Application()
    app[BOX] = box
    api = "/api/v15/"
    app.router.add_get(api + "login/", get_challenge)
    app.router.add_post(api + "login/session/", open_session)
    app.router.add_post(api + "login/authorize/", authorize)
    app.router.add_get(api + "login/authorize/{track_id}", track)
    app.router.add_post(api + "login/logout/", logout)
    app.router.add_get(api + "system/", system)
    app.router.add_post(api + "downloads/add", add_download)
    app.router.add_get(api + "downloads/{task_id}", missing_download)
    app.router.add_get(api + "wifi/custom_key/", custom_keys)
    app.router.add_get(api + "connection/", not_json)
    app.router.add_get(api + "lan/browser/interfaces/", hang)
    app.router.add_route("*", api + "{tail:.*}", record)
    return app


# -- fixtures -------------------------------------------------------------------


@pytest.fixture
def box() -> FakeBox:
    return FakeBox()


@pytest.fixture
async def base_url(box: FakeBox) -> AsyncIterator[str]:
    async with test_utils.TestServer(create_fake_box(box), host="127.0.0.1") as server:
        yield str(server.make_url("/api/v15/"))
        box.release.set()  # let a hanging handler finish before shutdown


@pytest.fixture
def paired_store(token_store: Any) -> Any:
    token_store.credentials = AppCredentials(app_id=APP_ID, app_token=APP_TOKEN)
    return token_store


@pytest.fixture
async def client(
    http_session: aiohttp.ClientSession, base_url: str, paired_store: Any, app_info: AppInfo
) -> AsyncIterator[FreeboxClient]:
    async with FreeboxClient(
        session=http_session, base_url=base_url, token_store=paired_store, app=app_info
    ) as client:
        yield client


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A loopback port that is bound but not listening: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/api/v15/"


# -- login ---------------------------------------------------------------------


def test_password_is_hmac_sha1_keyed_by_the_app_token() -> None:
    # A well-known HMAC-SHA1 vector: key "key", message the quick brown fox.
    password = compute_password("key", "The quick brown fox jumps over the lazy dog")
    assert password == "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9"


async def test_logs_in_with_hmac_password_then_sends_the_session(
    client: FreeboxClient, box: FakeBox
) -> None:
    info = await client.get_system_info()

    assert info.serial == SERIAL
    assert box.logins == 1
    assert client.permissions == {"downloader": True, "settings": False}
    assert await client.session_token() == "session-1"


async def test_concurrent_first_calls_log_in_once(client: FreeboxClient, box: FakeBox) -> None:
    results = await asyncio.gather(*(client.get_system_info() for _ in range(8)))

    assert {info.serial for info in results} == {SERIAL}
    assert box.logins == 1


async def test_expired_session_is_renewed_once_for_concurrent_calls(
    client: FreeboxClient, box: FakeBox
) -> None:
    await client.get_system_info()
    box.sessions.clear()  # the box forgets the session

    results = await asyncio.gather(*(client.get_system_info() for _ in range(10)))

    assert len(results) == 10
    assert box.rejected == 10  # all ten met auth_required...
    assert box.logins == 2  # ...and shared a single new login
    assert await client.session_token() == "session-2"


async def test_session_token_can_be_renewed_on_demand(client: FreeboxClient, box: FakeBox) -> None:
    first = await client.session_token()
    renewed = await client.session_token(renew=True)

    assert (first, renewed) == ("session-1", "session-2")
    assert box.logins == 2


async def test_revoked_app_token_raises_without_looping(
    client: FreeboxClient, box: FakeBox, paired_store: Any
) -> None:
    paired_store.credentials = AppCredentials(app_id=APP_ID, app_token="revoked")

    with pytest.raises(AuthRequiredError) as caught:
        await client.get_system_info()

    assert caught.value.error_code == "invalid_token"
    assert caught.value.http_status == 403
    assert box.logins == 0


async def test_unpaired_client_asks_for_pairing(
    http_session: aiohttp.ClientSession, base_url: str, token_store: Any, app_info: AppInfo
) -> None:
    async with FreeboxClient(
        session=http_session, base_url=base_url, token_store=token_store, app=app_info
    ) as client:
        with pytest.raises(AuthRequiredError, match="not paired"):
            await client.get_system_info()


async def test_pairing_tracks_progress_and_saves_no_token_while_pending(
    http_session: aiohttp.ClientSession,
    base_url: str,
    token_store: Any,
    app_info: AppInfo,
    box: FakeBox,
) -> None:
    async with FreeboxClient(
        session=http_session, base_url=base_url, token_store=token_store, app=app_info
    ) as client:
        app_token, track_id = await client.request_authorization()
        status = await client.authorization_status(track_id)

    assert (app_token, track_id) == (APP_TOKEN, 42)
    assert token_store.credentials is None, "a token is saved only once the box grants it"
    assert box.authorize_payloads == [
        {
            "app_id": APP_ID,
            "app_name": "Freebox Bot",
            "app_version": "0.1.0",
            "device_name": "test host",
        }
    ]
    assert status.is_pending


async def test_logout_closes_the_session(client: FreeboxClient, box: FakeBox) -> None:
    await client.get_system_info()
    await client.logout()

    assert box.logouts == 1
    assert box.sessions == set()
    assert client.permissions == {}
    await client.logout()  # no session: nothing to do
    assert box.logouts == 1


# -- errors --------------------------------------------------------------------


async def test_box_errors_are_typed_with_code_and_message(client: FreeboxClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.get_download(99)

    error = caught.value
    assert isinstance(error, FreeboxApiError)
    assert error.error_code == "task_not_found"
    assert error.msg == "Impossible de trouver la tâche"
    assert error.http_status == 404


async def test_insufficient_rights_names_the_missing_right(client: FreeboxClient) -> None:
    with pytest.raises(InsufficientRightsError) as caught:
        await client.list_wifi_custom_keys()

    assert caught.value.missing_right == "settings"
    assert caught.value.http_status == 403


async def test_refused_connection_is_a_connection_error(
    http_session: aiohttp.ClientSession, refused_url: str, paired_store: Any, app_info: AppInfo
) -> None:
    client = FreeboxClient(
        session=http_session, base_url=refused_url, token_store=paired_store, app=app_info
    )

    with pytest.raises(FreeboxConnectionError) as caught:
        await client.get_system_info()

    assert isinstance(caught.value.__cause__, aiohttp.ClientError)
    assert caught.value.error_code is None


async def test_timeout_is_a_connection_error(
    http_session: aiohttp.ClientSession, base_url: str, paired_store: Any, app_info: AppInfo
) -> None:
    client = FreeboxClient(
        session=http_session,
        base_url=base_url,
        token_store=paired_store,
        app=app_info,
        timeout=0.2,
    )

    with pytest.raises(FreeboxConnectionError) as caught:
        await client.list_lan_interfaces()

    assert isinstance(caught.value.__cause__, TimeoutError)


async def test_non_json_answer_is_a_connection_error(client: FreeboxClient) -> None:
    with pytest.raises(FreeboxConnectionError) as caught:
        await client.get_connection_status()

    assert caught.value.http_status == 200


# -- downloads/add -------------------------------------------------------------


async def test_add_urls_is_form_encoded_and_newline_joined(
    client: FreeboxClient, box: FakeBox
) -> None:
    urls = ["http://test-debit.free.fr/1024.rnd", "magnet:?xt=urn:btih:abc&dn=x"]

    result = await client.add_download_urls(urls, download_dir="/Disque dur/Téléchargements")

    content_type, fields = box.added[0]
    assert content_type == "application/x-www-form-urlencoded"
    assert fields == {
        "download_url_list": "http://test-debit.free.fr/1024.rnd\nmagnet:?xt=urn:btih:abc&dn=x",
        "download_dir": base64.b64encode("/Disque dur/Téléchargements".encode()).decode(),
    }
    assert result.ids == (1, 2)


async def test_add_one_url_uses_download_url(client: FreeboxClient, box: FakeBox) -> None:
    result = await client.add_download_urls("http://example.org/debian.iso")

    assert box.added == [
        ("application/x-www-form-urlencoded", {"download_url": "http://example.org/debian.iso"})
    ]
    assert result.id == 7


async def test_add_without_urls_is_refused(client: FreeboxClient) -> None:
    with pytest.raises(ValueError):
        await client.add_download_urls(["  "])


async def test_add_file_is_multipart_even_after_a_renewal(
    client: FreeboxClient, box: FakeBox
) -> None:
    await client.get_system_info()
    box.sessions.clear()  # the multipart body must be rebuilt for the retry

    result = await client.add_download_file("debian.torrent", b"d8:announce", download_dir="/dl")

    content_type, fields = box.added[0]
    assert content_type == "multipart/form-data"
    assert fields == {
        "download_dir": base64.b64encode(b"/dl").decode(),
        "download_file": ("debian.torrent", "application/x-bittorrent", b"d8:announce"),
    }
    assert result.id == 7
    assert box.logins == 2


# -- every endpoint: method, path, body and result type ---------------------------

TARGET = {"id": "t-1", "name": "bot", "type": "android", "subscriptions": ["phone"]}
TASK = {"id": 14, "name": "debian.iso", "type": "http", "status": "stopped"}
KEY = {"id": 8, "remaining": 3600, "params": {"key": "k", "duration": 3600}}
PLAYER = {"id": 11, "device_name": "Freebox Player", "api_version": "6.0"}
NODE = {"id": 7, "name": "node_7", "type": {"endpoints": []}}
TILE = {"node_id": 17, "type": "alarm_control", "data": [{"ep_id": 0}]}
HOST = {"id": "ether-8c:97:ea:00:00:00", "primary_name": "Player", "l2ident": {}}
CALL = {"id": 94, "type": "missed", "datetime": 1613752718, "number": "0988290475"}
V6 = "player/11/api/v6/"
Call = Callable[[FreeboxClient], Awaitable[Any]]


@dataclass(frozen=True)
class Endpoint:
    call: Call
    method: str
    path: str
    body: Any = None
    canned: Any = None


ENDPOINTS = {
    "list_notification_targets": Endpoint(
        lambda c: c.list_notification_targets(), "GET", "notif/targets/", None, [TARGET]
    ),
    "get_notification_target": Endpoint(
        lambda c: c.get_notification_target("t-1"), "GET", "notif/targets/t-1", None, [TARGET]
    ),
    "create_notification_target": Endpoint(
        lambda c: c.create_notification_target(
            name="bot",
            target_type="android",
            token="tok",
            subscriptions=["phone", "download"],
            api_url="https://bot.example/s3cret",
        ),
        "POST",
        "notif/targets/",
        {
            "name": "bot",
            "type": "android",
            "token": "tok",
            "subscriptions": ["phone", "download"],
            "api_url": "https://bot.example/s3cret",
            "message_type": "notification",
        },
    ),
    "update_notification_target": Endpoint(
        lambda c: c.update_notification_target(
            "t-1",
            name="bot",
            target_type="android",
            token="tok",
            subscriptions=["phone"],
            api_url="https://bot.example/s3cret",
        ),
        "PUT",
        "notif/targets/t-1",
        {
            "name": "bot",
            "type": "android",
            "token": "tok",
            "subscriptions": ["phone"],
            "api_url": "https://bot.example/s3cret",
            "message_type": "notification",
        },
    ),
    "delete_notification_target": Endpoint(
        lambda c: c.delete_notification_target("t-1"), "DELETE", "notif/targets/t-1"
    ),
    "list_downloads": Endpoint(lambda c: c.list_downloads(), "GET", "downloads/", None, None),
    "update_download": Endpoint(
        lambda c: c.update_download(14, status="stopped"),
        "PUT",
        "downloads/14",
        {"status": "stopped"},
        TASK,
    ),
    "delete_download": Endpoint(lambda c: c.delete_download(14), "DELETE", "downloads/14"),
    "delete_download_erase": Endpoint(
        lambda c: c.delete_download(14, erase_files=True), "DELETE", "downloads/14/erase"
    ),
    "get_wifi_config": Endpoint(
        lambda c: c.get_wifi_config(), "GET", "wifi/config/", None, {"enabled": True}
    ),
    "get_wifi_custom_key_config": Endpoint(
        lambda c: c.get_wifi_custom_key_config(),
        "GET",
        "wifi/custom_keys/config/",
        None,
        {"ssid": "Freebox-guest"},
    ),
    "create_wifi_custom_key": Endpoint(
        lambda c: c.create_wifi_custom_key(key="k", duration=3600, description="party"),
        "POST",
        "wifi/custom_key/",
        {
            "key": "k",
            "description": "party",
            "max_use_count": 0,
            "duration": 3600,
            "access_type": "net_only",
        },
        KEY,
    ),
    "delete_wifi_custom_key": Endpoint(
        lambda c: c.delete_wifi_custom_key(8), "DELETE", "wifi/custom_key/8"
    ),
    "list_players": Endpoint(lambda c: c.list_players(), "GET", "player", None, [PLAYER]),
    "player_status": Endpoint(
        lambda c: c.player_status(11), "GET", V6 + "status/", None, {"power_state": "running"}
    ),
    "open_url_on_player": Endpoint(
        lambda c: c.open_url_on_player(11, "tv:?channel=2"),
        "POST",
        V6 + "control/open",
        {"url": "tv:?channel=2"},
    ),
    "player_media_control": Endpoint(
        lambda c: c.player_media_control(11, "play_pause"),
        "POST",
        V6 + "control/mediactrl/",
        {"cmd": "play_pause"},
    ),
    "get_player_volume": Endpoint(
        lambda c: c.get_player_volume(11), "GET", V6 + "control/volume/", None, {"volume": 25}
    ),
    "set_player_volume": Endpoint(
        lambda c: c.set_player_volume(11, volume=50),
        "PUT",
        V6 + "control/volume/",
        {"volume": 50},
        {"volume": 50, "mute": False},
    ),
    "list_home_nodes": Endpoint(lambda c: c.list_home_nodes(), "GET", "home/nodes", None, [NODE]),
    "get_home_node": Endpoint(lambda c: c.get_home_node(7), "GET", "home/nodes/7", None, NODE),
    "get_home_tileset": Endpoint(
        lambda c: c.get_home_tileset(), "GET", "home/tileset/all", None, [TILE]
    ),
    "get_home_sub_tileset": Endpoint(
        lambda c: c.get_home_tileset(42), "GET", "home/tileset/42", None, [TILE]
    ),
    "get_endpoint_value": Endpoint(
        lambda c: c.get_endpoint_value(7, 11),
        "GET",
        "home/endpoints/7/11",
        None,
        {"value": "idle", "value_type": "string"},
    ),
    "set_endpoint_value": Endpoint(
        lambda c: c.set_endpoint_value(7, 1), "PUT", "home/endpoints/7/1", {"value": None}
    ),
    "list_calls": Endpoint(lambda c: c.list_calls(), "GET", "call/log/", None, [CALL]),
    "list_lan_hosts": Endpoint(
        lambda c: c.list_lan_hosts(), "GET", "lan/browser/pub/", None, [HOST]
    ),
    "get_lan_host": Endpoint(
        lambda c: c.get_lan_host("ether-8c:97:ea:00:00:00"),
        "GET",
        "lan/browser/pub/ether-8c:97:ea:00:00:00/",
        None,
        HOST,
    ),
}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
async def test_endpoint_sends_the_documented_request(
    name: str, client: FreeboxClient, box: FakeBox
) -> None:
    endpoint = ENDPOINTS[name]
    box.canned[(endpoint.method, endpoint.path)] = endpoint.canned

    result = await endpoint.call(client)

    assert box.calls == [(endpoint.method, endpoint.path, endpoint.body)]
    # Results are typed models, never the raw JSON.
    items = result if isinstance(result, list) else [] if result is None else [result]
    assert bool(items) == (endpoint.canned is not None)
    assert all(is_dataclass(item) for item in items)


async def test_player_path_follows_the_players_api_version(
    client: FreeboxClient, box: FakeBox
) -> None:
    box.canned[("GET", "player")] = [{**PLAYER, "api_version": "8.1"}]
    box.canned[("GET", "player/11/api/v8/status/")] = {"power_state": "standby"}

    (player,) = await client.list_players()
    status = await client.player_status(player)

    assert status.power_state == "standby"
    assert box.calls[-1][1] == "player/11/api/v8/status/"


async def test_malformed_result_is_reported_not_leaked(client: FreeboxClient, box: FakeBox) -> None:
    box.canned[("GET", "home/nodes/7")] = {"name": "no id"}

    with pytest.raises(FreeboxConnectionError, match="unexpected answer"):
        await client.get_home_node(7)


# -- lifecycle -----------------------------------------------------------------


async def test_closed_client_refuses_reuse(
    http_session: aiohttp.ClientSession, base_url: str, paired_store: Any, app_info: AppInfo
) -> None:
    client = FreeboxClient(
        session=http_session, base_url=base_url, token_store=paired_store, app=app_info
    )
    async with client:
        await client.get_system_info()

    with pytest.raises(RuntimeError):
        await client.get_system_info()
    with pytest.raises(RuntimeError):
        await client.session_token()
    with pytest.raises(RuntimeError):
        async with client:
            pass
    assert not http_session.closed  # the injected session is the caller's
