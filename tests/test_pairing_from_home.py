"""Pairing from home: the box adds an app only over its local address (doc line 677).

The simulator listens twice: plain HTTP on 127.0.0.1 plays `mafreebox.freebox.fr` (an IP
address counts as the home network) and TLS for `localhost` plays the remote
`api_domain`, which mDNS announces. With `local_pairing_only`, the box answers
`denied_from_external_ip` to an authorization sent to the remote name.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import trustme
from aiohttp import web

from bot.box.link import BoxLink
from bot.box.pairing import PairingStatus, PairingUpdate, pair_with_box
from bot.config import Settings
from bot.telegram.pairing import describe_pairing
from freeboxos.discovery import MdnsService
from freeboxos.simulator import SimulatorState, create_simulator_app
from freeboxos.tls import create_ssl_context
from tests.process import free_port


class AnnouncedOnMdns:
    """The box's `_fbx-api._tcp` announcement: its remote domain and port."""

    def __init__(self, https_port: int) -> None:
        self.https_port = https_port

    async def find(self, service_type: str, duration: float) -> MdnsService | None:
        return MdnsService(
            name="Freebox Server._fbx-api._tcp.local.",
            addresses=("127.0.0.1",),
            port=80,
            properties={
                "api_version": "15.0",
                "api_base_url": "/api/",
                "uid": "23b86ec8091013d668829fe12791fdab",
                "api_domain": "localhost",
                "https_available": "1",
                "https_port": str(self.https_port),
            },
        )


@dataclass
class TwoAddressBox:
    state: SimulatorState
    runner: web.AppRunner
    local_port: int
    remote_port: int
    client_ssl: ssl.SSLContext

    @property
    def local_url(self) -> str:
        return f"http://127.0.0.1:{self.local_port}"

    async def open_local_address(self) -> None:
        await web.TCPSite(self.runner, "127.0.0.1", self.local_port).start()

    def hosts_asked_to_authorize(self) -> list[str]:
        return [r.headers["Host"] for r in self.state.requests_to("login/authorize/", "POST")]


@asynccontextmanager
async def two_address_box(
    tmp_path: Path, *, local_answers: bool = True
) -> AsyncIterator[TwoAddressBox]:
    ca = trustme.CA()
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_ssl)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))

    state = SimulatorState(auto_approve=True)
    state.box.api_domain = "localhost"
    state.auth.local_pairing_only = True
    runner = web.AppRunner(create_simulator_app(state))
    await runner.setup()
    try:
        remote = free_port()
        await web.TCPSite(runner, "127.0.0.1", remote, ssl_context=server_ssl).start()
        state.box.https_port = remote
        box = TwoAddressBox(state, runner, free_port(), remote, create_ssl_context(cafile=ca_file))
        if local_answers:
            await box.open_local_address()
        yield box
    finally:
        await state.aclose()
        await runner.cleanup()


def _link(tmp_path: Path, box: TwoAddressBox, local_url: str) -> BoxLink:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    return BoxLink(
        settings,
        mdns=AnnouncedOnMdns(box.remote_port),
        local_url=local_url,
        ssl_context=box.client_ssl,
        timeout=5,
    )


async def _quiet(_update: PairingUpdate) -> None:
    return None


async def test_pairing_goes_to_the_local_address_when_mdns_announced_the_remote_domain(
    tmp_path: Path,
) -> None:
    async with two_address_box(tmp_path) as box:
        link = _link(tmp_path, box, box.local_url)
        try:
            result = await pair_with_box(link, _quiet, poll_interval=0.01)
            client = await link.client()
            await client.get_system_info()
        finally:
            await link.close()

    assert result.status is PairingStatus.GRANTED, result
    assert box.hosts_asked_to_authorize() == [box.local_url.removeprefix("http://")]
    # The local address answers, so every call goes there, not only the authorization.
    assert all(r.headers["Host"].startswith("127.0.0.1") for r in box.state.requests)


async def test_pairing_tries_the_local_address_even_when_discovery_settled_on_the_remote(
    tmp_path: Path,
) -> None:
    async with two_address_box(tmp_path, local_answers=False) as box:
        link = _link(tmp_path, box, box.local_url)
        try:
            found = await link.box()  # mafreebox.freebox.fr was silent: the remote domain
            await box.open_local_address()  # ...and now it answers
            result = await pair_with_box(link, _quiet, poll_interval=0.01)
        finally:
            await link.close()

    assert found.base_url == f"https://localhost:{box.remote_port}"
    assert result.status is PairingStatus.GRANTED, result
    assert box.hosts_asked_to_authorize() == [box.local_url.removeprefix("http://")]


async def test_pairing_from_outside_says_how_to_pair_from_home(tmp_path: Path) -> None:
    async with two_address_box(tmp_path) as box:
        # mafreebox.freebox.fr does not answer here: only the remote domain does.
        link = _link(tmp_path, box, f"http://127.0.0.1:{free_port()}")
        try:
            result = await pair_with_box(link, _quiet, poll_interval=0.01)
            paired = await link.is_paired()
        finally:
            await link.close()

    assert result.status is PairingStatus.FAILED
    assert result.error_code == "denied_from_external_ip"
    assert box.hosts_asked_to_authorize() == [f"localhost:{box.remote_port}"]
    assert not paired
    reply_fr, reply_en = describe_pairing("fr", result), describe_pairing("en", result)
    assert "réseau de la maison" in reply_fr and "https://mafreebox.freebox.fr" in reply_fr
    assert "FREEBOX_URL" in reply_en and "home network" in reply_en
