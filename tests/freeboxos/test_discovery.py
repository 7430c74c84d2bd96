"""Finding the box: api_version parsing, URL building, FREEBOX_URL, mDNS, SRV port change."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import ssl
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import aiohttp
import dns.asyncresolver
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest
import trustme
from aiohttp import web
from aiohttp.test_utils import TestServer

from freeboxos.discovery import (
    MDNS_SERVICE_TYPE,
    ApiVersion,
    DiscoveryError,
    DnsPythonResolver,
    MdnsService,
    SrvRecord,
    ZeroconfBrowser,
    check_base_url,
    discover,
    fetch_api_version,
    rediscover_https_port,
    remote_base_url,
)
from freeboxos.errors import FreeboxConnectionError
from freeboxos.tls import create_ssl_context

# The example answer of the API document's "Discovery using HTTP".
DOCUMENT_EXAMPLE: dict[str, Any] = {
    "uid": "23b86ec8091013d668829fe12791fdab",
    "device_name": "Freebox Server",
    "box_model": "fbxgw7-r1/full",
    "box_model_name": "Freebox v7 (r1)",
    "api_version": "15.0",
    "api_base_url": "/api/",
    "api_domain": "example.fbxos.fr",
    "https_available": True,
    "https_port": 3615,
}


class StubMdns:
    """An MdnsBrowser that announces a fixed service (or nothing), recording calls."""

    def __init__(self, service: MdnsService | None) -> None:
        self.service = service
        self.calls: list[tuple[str, float]] = []

    async def find(self, service_type: str, duration: float) -> MdnsService | None:
        self.calls.append((service_type, duration))
        return self.service


class StubResolver:
    """A SrvResolver answering from a dict, recording the names asked."""

    def __init__(self, records: Mapping[str, Sequence[SrvRecord]]) -> None:
        self.records = records
        self.asked: list[str] = []

    async def resolve_srv(self, name: str) -> Sequence[SrvRecord]:
        self.asked.append(name)
        return self.records.get(name, [])


def _api_version_app(answer: Any) -> web.Application:
    async def api_version(request: web.Request) -> web.Response:
        return web.json_response(answer)

    app = web.Application()
    app.router.add_get("/api_version", api_version)
    return app


@pytest.fixture
async def http_box() -> AsyncIterator[TestServer]:
    """A plain-HTTP box on loopback answering the document's example."""
    server = TestServer(_api_version_app(DOCUMENT_EXAMPLE), host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def client_ssl(ca: trustme.CA, tmp_path: Path) -> ssl.SSLContext:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return create_ssl_context(cafile=ca_file)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- parsing and URL building ---------------------------------------------------------


def test_parses_the_document_example() -> None:
    api = ApiVersion.from_dict(DOCUMENT_EXAMPLE)

    assert api.uid == "23b86ec8091013d668829fe12791fdab"
    assert api.device_name == "Freebox Server"
    assert api.box_model == "fbxgw7-r1/full"
    assert api.box_model_name == "Freebox v7 (r1)"
    assert api.api_domain == "example.fbxos.fr"
    assert api.https_available is True
    assert api.https_port == 3615
    assert api.device_type is None
    assert api.major == 15


def test_builds_urls_from_the_major_version() -> None:
    api = ApiVersion.from_dict(DOCUMENT_EXAMPLE)

    assert api.api_root("https://mafreebox.freebox.fr") == "https://mafreebox.freebox.fr/api/v15/"
    assert api.api_root("https://mafreebox.freebox.fr/") == "https://mafreebox.freebox.fr/api/v15/"
    assert remote_base_url(api) == "https://example.fbxos.fr:3615"
    # The document's example of a full URL.
    assert api.api_root(remote_base_url(api)) + "login/" == (
        "https://example.fbxos.fr:3615/api/v15/login/"
    )


def test_tolerates_an_old_box_with_few_fields() -> None:
    api = ApiVersion.from_dict({"api_version": "1.0", "device_name": "Freebox Server"})

    assert api.major == 1
    assert api.api_base_url == "/api/"
    assert api.uid is None and api.box_model is None and api.api_domain is None
    assert api.https_available is False
    assert api.api_root("http://127.0.0.1:8080") == "http://127.0.0.1:8080/api/v1/"
    with pytest.raises(ValueError, match="remote HTTPS"):
        remote_base_url(api)


def test_parses_mdns_txt_strings() -> None:
    api = ApiVersion.from_dict(
        {
            "api_version": "8.0",
            "device_type": "FreeboxServer7,1",
            "api_base_url": "/api",
            "https_available": "1",
            "https_port": "3615",
            "api_domain": "example.fbxos.fr",
        }
    )

    assert api.https_available is True
    assert api.https_port == 3615
    assert api.device_type == "FreeboxServer7,1"
    assert api.api_root("https://example.fbxos.fr:3615") == "https://example.fbxos.fr:3615/api/v8/"


@pytest.mark.parametrize("answer", [{}, {"api_version": ""}, {"api_version": "beta"}])
def test_refuses_an_answer_without_a_usable_version(answer: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ApiVersion.from_dict(answer)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mafreebox.freebox.fr/", "https://mafreebox.freebox.fr"),
        ("https://example.fbxos.fr:3615", "https://example.fbxos.fr:3615"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.5.6.7", "http://127.5.6.7"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("http://localhost:8080", "http://localhost:8080"),
    ],
)
def test_accepts_https_and_loopback_http(url: str, expected: str) -> None:
    assert check_base_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["http://192.168.1.254", "http://mafreebox.freebox.fr", "http://[2a01:e34::1]:80"],
)
def test_refuses_plain_http_off_loopback(url: str) -> None:
    with pytest.raises(ValueError, match=r"refusing plain http://"):
        check_base_url(url)


@pytest.mark.parametrize(
    "url", ["ftp://box", "mafreebox.freebox.fr", "https://", "https://h:99999"]
)
def test_refuses_malformed_urls(url: str) -> None:
    with pytest.raises(ValueError):
        check_base_url(url)


# --- FREEBOX_URL and HTTP -------------------------------------------------------------


async def test_freebox_url_is_used_without_discovery(
    session: aiohttp.ClientSession, http_box: TestServer
) -> None:
    mdns = StubMdns(None)
    base = f"http://127.0.0.1:{http_box.port}"

    box = await discover(session, freebox_url=base + "/", mdns=mdns, timeout=5)

    assert box.source == "env"
    assert box.base_url == base
    assert box.api == ApiVersion.from_dict(DOCUMENT_EXAMPLE)
    assert box.api_root == f"{base}/api/v15/"
    assert mdns.calls == []


async def test_freebox_url_over_plain_http_off_loopback_is_refused(
    session: aiohttp.ClientSession,
) -> None:
    with pytest.raises(ValueError, match="https://"):
        await discover(session, freebox_url="http://192.168.1.254", mdns=None, timeout=5)


async def test_unreachable_freebox_url_is_a_connection_error(
    session: aiohttp.ClientSession,
) -> None:
    url = f"http://127.0.0.1:{_free_port()}"

    with pytest.raises(FreeboxConnectionError) as caught:
        await discover(session, freebox_url=url, mdns=StubMdns(None), timeout=5)
    assert not isinstance(caught.value, DiscoveryError)  # no fallback for an explicit URL


@pytest.mark.parametrize("answer", [["not", "an", "object"], {"nothing": "useful"}])
async def test_an_answer_that_is_no_api_description_is_a_connection_error(
    session: aiohttp.ClientSession, answer: Any
) -> None:
    async with TestServer(_api_version_app(answer), host="127.0.0.1") as server:
        with pytest.raises(FreeboxConnectionError):
            await fetch_api_version(session, f"http://127.0.0.1:{server.port}", 5)


async def test_an_http_error_is_a_connection_error(session: aiohttp.ClientSession) -> None:
    async with TestServer(web.Application(), host="127.0.0.1") as server:
        with pytest.raises(FreeboxConnectionError) as caught:
            await fetch_api_version(session, f"http://127.0.0.1:{server.port}", 5)
    assert caught.value.http_status == 404


async def test_accepts_an_enveloped_answer(session: aiohttp.ClientSession) -> None:
    app = _api_version_app({"success": True, "result": DOCUMENT_EXAMPLE})
    async with TestServer(app, host="127.0.0.1") as server:
        api = await fetch_api_version(session, f"http://127.0.0.1:{server.port}", 5)
    assert api.major == 15


# --- mDNS and the fallback ------------------------------------------------------------


async def test_mdns_leads_to_the_box_over_https(
    session: aiohttp.ClientSession, ca: trustme.CA, client_ssl: ssl.SSLContext
) -> None:
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_ssl)
    port_holder: dict[str, int] = {}

    async def terse_remote_answer(request: web.Request) -> web.Response:
        # Reached through api_domain, the box gives only the URL fields.
        return web.json_response(
            {
                "api_version": "15.0",
                "api_base_url": "/api/",
                "api_domain": "localhost",
                "https_available": True,
                "https_port": port_holder["port"],
            }
        )

    app = web.Application()
    app.router.add_get("/api_version", terse_remote_answer)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(ssl=server_ssl)
    port = port_holder["port"] = server.port or 0
    try:
        mdns = StubMdns(
            MdnsService(
                name="Freebox Server._fbx-api._tcp.local.",
                addresses=("127.0.0.1",),
                port=80,
                properties={
                    "api_version": "15.0",
                    "api_base_url": "/api/",
                    "uid": "23b86ec8091013d668829fe12791fdab",
                    "device_type": "FreeboxServer7,1",
                    "box_model": "fbxgw7-r1/full",
                    "box_model_name": "Freebox v7 (r1)",
                    "api_domain": "localhost",
                    "https_available": "1",
                    "https_port": str(port),
                },
            )
        )

        box = await discover(
            session,
            freebox_url=None,
            mdns=mdns,
            timeout=5,
            ssl_context=client_ssl,
            fallback_url=f"http://127.0.0.1:{_free_port()}",
        )
    finally:
        await server.close()

    assert mdns.calls == [(MDNS_SERVICE_TYPE, 5)]
    assert box.source == "mdns"
    assert box.base_url == f"https://localhost:{port}"
    assert box.api_root == f"https://localhost:{port}/api/v15/"
    # Fields the terse remote answer lacks come from the TXT record.
    assert box.api.uid == "23b86ec8091013d668829fe12791fdab"
    assert box.api.box_model == "fbxgw7-r1/full"


@pytest.mark.parametrize(
    "service",
    [
        None,
        MdnsService(
            name="Old Freebox._fbx-api._tcp.local.",
            addresses=("127.0.0.1",),
            port=80,
            properties={"api_version": "4.0", "https_available": "0"},
        ),
    ],
    ids=["nothing-on-mdns", "no-https-announced"],
)
async def test_falls_back_to_the_well_known_name(
    session: aiohttp.ClientSession, http_box: TestServer, service: MdnsService | None
) -> None:
    fallback = f"http://127.0.0.1:{http_box.port}"

    box = await discover(
        session, freebox_url=None, mdns=StubMdns(service), timeout=5, fallback_url=fallback
    )

    assert box.source == "http"
    assert box.base_url == fallback
    assert box.api.major == 15


async def test_a_box_announced_but_silent_falls_back(
    session: aiohttp.ClientSession, http_box: TestServer
) -> None:
    silent = MdnsService(
        name="Freebox Server._fbx-api._tcp.local.",
        addresses=("127.0.0.1",),
        port=80,
        properties={
            "api_version": "15.0",
            "api_domain": "localhost",
            "https_available": "1",
            "https_port": str(_free_port()),
        },
    )

    box = await discover(
        session,
        freebox_url=None,
        mdns=StubMdns(silent),
        timeout=5,
        fallback_url=f"http://127.0.0.1:{http_box.port}",
    )
    assert box.source == "http"


async def test_a_failing_browser_falls_back(
    session: aiohttp.ClientSession, http_box: TestServer
) -> None:
    class BrokenMdns:
        async def find(self, service_type: str, duration: float) -> MdnsService | None:
            raise OSError("no multicast here")

    box = await discover(
        session,
        freebox_url=None,
        mdns=BrokenMdns(),
        timeout=5,
        fallback_url=f"http://127.0.0.1:{http_box.port}",
    )
    assert box.source == "http"


async def test_no_box_anywhere_is_a_discovery_error(session: aiohttp.ClientSession) -> None:
    with pytest.raises(DiscoveryError, match="FREEBOX_URL") as caught:
        await discover(
            session,
            freebox_url=None,
            mdns=StubMdns(None),
            timeout=5,
            fallback_url=f"http://127.0.0.1:{_free_port()}",
        )
    assert isinstance(caught.value, FreeboxConnectionError)
    assert "mDNS" in str(caught.value)


async def test_zeroconf_browser_finds_a_service_on_loopback() -> None:
    from zeroconf import ServiceInfo
    from zeroconf.asyncio import AsyncZeroconf

    try:
        announcer = AsyncZeroconf(interfaces=["127.0.0.1"])
    except OSError as exc:
        pytest.skip(f"no multicast socket on loopback: {exc}")
    info = ServiceInfo(
        MDNS_SERVICE_TYPE,
        f"Freebox Server.{MDNS_SERVICE_TYPE}",
        addresses=[socket.inet_aton("127.0.0.1")],
        port=80,
        properties={"api_version": "15.0", "https_available": "1", "https_port": "3615"},
        server="freebox-server.local.",
    )
    try:
        await announcer.async_register_service(info)
        browser_zc = AsyncZeroconf(interfaces=["127.0.0.1"])
        try:
            service = await ZeroconfBrowser(browser_zc).find(MDNS_SERVICE_TYPE, 5)
        finally:
            await browser_zc.async_close()
    finally:
        await announcer.async_close()

    if service is None:
        pytest.skip("multicast does not loop back on this host")
    assert service.properties["https_port"] == "3615"
    assert ApiVersion.from_dict(service.properties).major == 15


# --- remote port change (SRV) ---------------------------------------------------------


async def test_reads_the_new_port_from_the_srv_record() -> None:
    resolver = StubResolver(
        {"_https._tcp.example.fbxs.fr": [SrvRecord(13, 37, 12345, "example.fbxs.fr")]}
    )

    port = await rediscover_https_port("example.fbxs.fr", resolver)

    assert port == 12345
    assert resolver.asked == ["_https._tcp.example.fbxs.fr"]
    api = dataclasses.replace(ApiVersion.from_dict(DOCUMENT_EXAMPLE), https_port=port)
    assert remote_base_url(api) == "https://example.fbxos.fr:12345"


async def test_prefers_the_lowest_priority_record() -> None:
    resolver = StubResolver(
        {
            "_https._tcp.example.fbxs.fr": [
                SrvRecord(20, 0, 2000, "example.fbxs.fr"),
                SrvRecord(10, 0, 0, "example.fbxs.fr"),  # unusable: ignored
                SrvRecord(10, 5, 1000, "example.fbxs.fr"),
            ]
        }
    )
    assert await rediscover_https_port("example.fbxs.fr.", resolver) == 1000


async def test_no_srv_record_is_a_connection_error() -> None:
    with pytest.raises(FreeboxConnectionError, match=r"_https\._tcp\.example\.fbxs\.fr"):
        await rediscover_https_port("example.fbxs.fr", StubResolver({}))


class _DnsServer(asyncio.DatagramProtocol):
    """A one-record DNS server on loopback, to exercise the dnspython resolver for real."""

    def __init__(self, name: str, port: int) -> None:
        self.name = name
        self.port = port
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        query = dns.message.from_wire(data)
        response = dns.message.make_response(query)
        question = query.question[0]
        if question.name.to_text() == self.name and question.rdtype == dns.rdatatype.SRV:
            response.answer.append(
                dns.rrset.from_text(
                    self.name, 300, "IN", "SRV", f"13 37 {self.port} example.fbxs.fr."
                )
            )
        else:
            response.set_rcode(dns.rcode.NXDOMAIN)
        assert self.transport is not None
        self.transport.sendto(response.to_wire(), addr)


async def test_dnspython_resolver_reads_a_real_srv_answer() -> None:
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(
        lambda: _DnsServer("_https._tcp.example.fbxs.fr.", 12345), local_addr=("127.0.0.1", 0)
    )
    try:
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = ["127.0.0.1"]
        resolver.port = transport.get_extra_info("sockname")[1]
        srv = DnsPythonResolver(resolver, lifetime=5)

        assert await rediscover_https_port("example.fbxs.fr", srv) == 12345
        assert await srv.resolve_srv("_https._tcp.other.fbxs.fr") == []
    finally:
        transport.close()
