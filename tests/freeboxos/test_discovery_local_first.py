"""Discovery prefers the box's local address whenever it answers (pairing works only there)."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import trustme
from aiohttp import web
from aiohttp.test_utils import TestServer

from freeboxos.discovery import MdnsService, discover
from freeboxos.tls import create_ssl_context
from tests.process import free_port

UID = "23b86ec8091013d668829fe12791fdab"


class Announced:
    """mDNS announcing the box's remote domain (`localhost` on a TLS port here)."""

    def __init__(self, https_port: int) -> None:
        self.https_port = https_port

    async def find(self, service_type: str, duration: float) -> MdnsService | None:
        return MdnsService(
            name="Freebox Server._fbx-api._tcp.local.",
            addresses=("127.0.0.1",),
            port=80,
            properties={
                "api_version": "15.0",
                "uid": UID,
                "box_model_name": "Freebox v7 (r1)",
                "api_domain": "localhost",
                "https_available": "1",
                "https_port": str(self.https_port),
            },
        )


def _answering(answer: dict[str, Any]) -> web.Application:
    async def api_version(request: web.Request) -> web.Response:
        return web.json_response(answer)

    app = web.Application()
    app.router.add_get("/api_version", api_version)
    return app


@pytest.fixture
async def remote(tmp_path: Path) -> AsyncIterator[tuple[TestServer, ssl.SSLContext]]:
    """The box over TLS for `localhost`, and a client context trusting its test CA."""
    ca = trustme.CA()
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_ssl)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    server = TestServer(_answering({"api_version": "15.0", "uid": UID}), host="127.0.0.1")
    await server.start_server(ssl=server_ssl)
    try:
        yield server, create_ssl_context(cafile=tmp_path / "ca.pem")
    finally:
        await server.close()


async def test_the_local_address_is_used_when_it_answers(
    remote: tuple[TestServer, ssl.SSLContext],
) -> None:
    server, client_ssl = remote
    async with (
        TestServer(_answering({"api_version": "15.0", "uid": UID}), host="127.0.0.1") as local,
        aiohttp.ClientSession() as session,
    ):
        local_url = str(local.make_url("")).rstrip("/")
        box = await discover(
            session,
            freebox_url=None,
            mdns=Announced(server.port or 0),
            timeout=5,
            ssl_context=client_ssl,
            fallback_url=local_url,
        )

    assert box.base_url == local_url
    assert box.authorize_root == f"{local_url}/api/v15/"
    assert box.api.box_model_name == "Freebox v7 (r1)", "completed from the TXT record"


async def test_another_box_on_the_local_name_is_not_taken_for_ours(
    remote: tuple[TestServer, ssl.SSLContext],
) -> None:
    server, client_ssl = remote
    other = {"api_version": "15.0", "uid": "0000000000000000000000000000beef"}
    async with (
        TestServer(_answering(other), host="127.0.0.1") as local,
        aiohttp.ClientSession() as session,
    ):
        local_url = str(local.make_url("")).rstrip("/")
        box = await discover(
            session,
            freebox_url=None,
            mdns=Announced(server.port or 0),
            timeout=5,
            ssl_context=client_ssl,
            fallback_url=local_url,
        )

    assert box.base_url == f"https://localhost:{server.port}"
    assert box.source == "mdns"


async def test_the_remote_domain_keeps_the_local_address_for_pairing(
    remote: tuple[TestServer, ssl.SSLContext],
) -> None:
    server, client_ssl = remote
    silent_local = f"http://127.0.0.1:{free_port()}"  # mafreebox.freebox.fr: no answer
    async with aiohttp.ClientSession() as session:
        box = await discover(
            session,
            freebox_url=None,
            mdns=Announced(server.port or 0),
            timeout=5,
            ssl_context=client_ssl,
            fallback_url=silent_local,
        )

    assert box.api_root == f"https://localhost:{server.port}/api/v15/"
    assert box.authorize_root == f"{silent_local}/api/v15/"
