"""TLS to the box: only the CAs we trust, hostname checked, Freebox roots bundled."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import trustme
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography import x509
from cryptography.x509.oid import NameOID

from freeboxos.tls import LOCAL_HOSTNAME, bundled_ca_pem, create_ssl_context

SHARED_CA_FILE = Path(__file__).parents[3] / "shared/data/freebox-root-ca.pem"
FREEBOX_ROOTS = {
    "Freebox Root CA",
    "Freebox ECC Root CA",
    "Iliadbox ECC Root CA",
    "Iliadbox RSA Root CA",
}


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def _write_ca(ca: trustme.CA, path: Path) -> Path:
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
async def https_url(ca: trustme.CA) -> AsyncIterator[str]:
    """An HTTPS server on loopback whose certificate (for localhost, 127.0.0.1) `ca` signed."""

    async def api_version(request: web.Request) -> web.Response:
        return web.json_response({"api_version": "15.0"})

    app = web.Application()
    app.router.add_get("/api_version", api_version)
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_ssl)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(ssl=server_ssl)
    try:
        yield f"https://127.0.0.1:{server.port}/api_version"
    finally:
        await server.close()


async def _get(url: str, context: ssl.SSLContext, *, server_hostname: str | None = None) -> int:
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context)) as session,
        session.get(url, server_hostname=server_hostname) as response,
    ):
        return response.status


def _common_name(cert: x509.Certificate) -> str:
    return str(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def test_bundled_pem_holds_the_freebox_roots() -> None:
    certificates = x509.load_pem_x509_certificates(bundled_ca_pem().encode("ascii"))

    names = {_common_name(cert) for cert in certificates}
    assert names >= FREEBOX_ROOTS
    for cert in certificates:
        assert cert.subject == cert.issuer  # self-signed roots


def test_bundled_pem_matches_the_shared_copy() -> None:
    if not SHARED_CA_FILE.is_file():
        pytest.skip("the shared data folder is not available")
    assert bundled_ca_pem() == SHARED_CA_FILE.read_text(encoding="ascii")


def test_default_context_trusts_only_the_freebox_roots() -> None:
    context = create_ssl_context()

    loaded = {
        _common_name(x509.load_der_x509_certificate(der))
        for der in context.get_ca_certs(binary_form=True)
    }
    assert loaded == FREEBOX_ROOTS  # and no public CA from the system store


def test_context_checks_hostnames_but_not_strict_x509() -> None:
    context = create_ssl_context()

    assert context.check_hostname is True
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert not context.verify_flags & ssl.VERIFY_X509_STRICT
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


async def test_a_server_signed_by_the_given_ca_is_accepted(
    https_url: str, ca: trustme.CA, tmp_path: Path
) -> None:
    context = create_ssl_context(cafile=_write_ca(ca, tmp_path / "ca.pem"))

    assert await _get(https_url, context) == 200


async def test_the_freebox_roots_refuse_a_foreign_certificate(https_url: str) -> None:
    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        await _get(https_url, create_ssl_context())


async def test_another_ca_is_refused(https_url: str, tmp_path: Path) -> None:
    stranger = _write_ca(trustme.CA(), tmp_path / "stranger.pem")

    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        await _get(https_url, create_ssl_context(cafile=stranger))


async def test_a_certificate_for_another_name_is_refused(
    https_url: str, ca: trustme.CA, tmp_path: Path
) -> None:
    # Trusted CA, but the certificate does not name mafreebox.freebox.fr.
    context = create_ssl_context(cafile=_write_ca(ca, tmp_path / "ca.pem"))

    with pytest.raises(aiohttp.ClientConnectorCertificateError):
        await _get(https_url, context, server_hostname=LOCAL_HOSTNAME)
