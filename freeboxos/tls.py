"""TLS for talking to the box: trust the Freebox root CAs, and only them.

The box's certificate is issued by Free's private CAs ("Freebox Root CA",
"Freebox ECC Root CA", and "Iliadbox ECC Root CA" and "Iliadbox RSA Root CA" for
boxes sold in Italy), for
`mafreebox.freebox.fr` and for the box's own `api_domain`. Public CAs know nothing
of them, so the default context would refuse the box; trusting the system store as
well would let any public CA vouch for the box, so we do not load it.
"""

from __future__ import annotations

import ssl
from importlib import resources
from pathlib import Path

__all__ = ["BUNDLED_CA_FILE", "LOCAL_HOSTNAME", "bundled_ca_pem", "create_ssl_context"]

BUNDLED_CA_FILE = "freebox-root-ca.pem"
"""Name of the CA bundle shipped inside the `freeboxos` package."""

LOCAL_HOSTNAME = "mafreebox.freebox.fr"
"""The name the box's certificate carries on the local network (besides api_domain)."""


def bundled_ca_pem() -> str:
    """Return the Freebox root CAs shipped with the package, as PEM text.

    The certificates printed in the API document are damaged; these are the real ones.
    """
    return resources.files("freeboxos").joinpath(BUNDLED_CA_FILE).read_text(encoding="ascii")


def create_ssl_context(cafile: Path | None = None) -> ssl.SSLContext:
    """Build the client context for the box: its CAs, certificate and hostname checked.

    Connect by name (`mafreebox.freebox.fr` or the box's `api_domain`), not by IP
    address: the certificate names no address, so hostname checking refuses an IP.

    Args:
        cafile: a PEM file of CAs to trust *instead of* the bundled Freebox CAs (a
            test CA, or a reverse proxy in front of the box).

    Returns:
        A context for `aiohttp.TCPConnector(ssl=...)` or `websockets` `connect(ssl=...)`.

    Raises:
        OSError: `cafile` cannot be read.
        ssl.SSLError: `cafile` holds no usable certificate.
    """
    if cafile is None:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=bundled_ca_pem())
    else:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(cafile))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    # Python 3.13 turns on OpenSSL's strict X.509 checks by default, and the
    # Freebox root CAs fail them: without this, 3.13 refuses every box.
    context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    return context
