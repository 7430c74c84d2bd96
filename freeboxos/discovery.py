"""Finding the box and the root of its API, as the API document's "Discovery" describes.

Order of preference: the operator's `FREEBOX_URL`, then mDNS (`_fbx-api._tcp`, which
needs no hard-coded address), then `https://mafreebox.freebox.fr/api_version`.
Whenever the local address `https://mafreebox.freebox.fr` answers, every call goes
there: the box adds new apps only from its own network (`denied_from_external_ip`).
Remote access, `https://{api_domain}:{https_port}` as mDNS announces it, is the
fallback when the local name does not answer; when that port stops answering, the box
announces the new one in the `_https._tcp.{api_domain}` SRV record.

mDNS and DNS sit behind two small protocols (`MdnsBrowser`, `SrvResolver`) so tests,
and hosts without multicast, can swap them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import logging
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import urlsplit

import aiohttp

from .errors import FreeboxConnectionError

if TYPE_CHECKING:
    from dns.asyncresolver import Resolver as AsyncResolver
    from zeroconf import ServiceStateChange
    from zeroconf.asyncio import AsyncZeroconf

__all__ = [
    "DEFAULT_BOX_URL",
    "MDNS_SERVICE_TYPE",
    "ApiVersion",
    "DiscoveredBox",
    "DiscoveryError",
    "DnsPythonResolver",
    "MdnsBrowser",
    "MdnsService",
    "SrvRecord",
    "SrvResolver",
    "ZeroconfBrowser",
    "check_base_url",
    "discover",
    "fetch_api_version",
    "is_loopback_host",
    "rediscover_https_port",
    "remote_base_url",
]

_LOGGER = logging.getLogger(__name__)

DEFAULT_BOX_URL = "https://mafreebox.freebox.fr"
"""The last resort: the name every box answers to on its own network."""

MDNS_SERVICE_TYPE = "_fbx-api._tcp.local."
"""The service every box broadcasts on the local network."""

_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class DiscoveryError(FreeboxConnectionError):
    """No box could be found: FREEBOX_URL, mDNS and mafreebox.freebox.fr all failed."""


@dataclass(frozen=True)
class ApiVersion:
    """What `GET /api_version` (or the mDNS TXT record) says about a box.

    Only `api_version` and `api_base_url` are needed to build URLs. Old boxes omit
    the model fields, and a box reached remotely answers only the URL fields, so
    everything else may be None.
    """

    api_version: str
    api_base_url: str = "/api/"
    uid: str | None = None
    device_name: str | None = None
    device_type: str | None = None
    box_model: str | None = None
    box_model_name: str | None = None
    api_domain: str | None = None
    https_available: bool = False
    https_port: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ApiVersion:
        """Parse the `/api_version` JSON object, or the decoded mDNS TXT record.

        Raises:
            ValueError: `api_version` is missing or has no numeric major.
        """
        raw_version = data.get("api_version")
        if raw_version is None or str(raw_version).strip() == "":
            raise ValueError("the box did not say its api_version")
        base_url = _optional_str(data.get("api_base_url")) or "/api/"
        api = cls(
            api_version=str(raw_version).strip(),
            api_base_url=_normalize_base_path(base_url),
            uid=_optional_str(data.get("uid")),
            device_name=_optional_str(data.get("device_name")),
            device_type=_optional_str(data.get("device_type")),
            box_model=_optional_str(data.get("box_model")),
            box_model_name=_optional_str(data.get("box_model_name")),
            api_domain=_optional_str(data.get("api_domain")),
            https_available=_to_bool(data.get("https_available")),
            https_port=_optional_port(data.get("https_port")),
        )
        _ = api.major  # fail now, not when the first URL is built
        return api

    @property
    def major(self) -> int:
        """The major API version, used in every URL ("15.0" gives 15)."""
        head = self.api_version.split(".", 1)[0]
        try:
            return int(head)
        except ValueError:
            raise ValueError(f"api_version {self.api_version!r} has no numeric major") from None

    def api_root(self, base: str) -> str:
        """Return the API root for a box base URL, ending with a slash.

        `api_root("https://mafreebox.freebox.fr")` gives
        `"https://mafreebox.freebox.fr/api/v15/"`.
        """
        return f"{base.rstrip('/')}{self.api_base_url}v{self.major}/"


@dataclass(frozen=True)
class DiscoveredBox:
    """A box we found, where we found it, and how to reach its API."""

    base_url: str
    """`scheme://host[:port]`, without a trailing slash."""
    api: ApiVersion
    source: Literal["env", "mdns", "http"]
    """Where it answered: FREEBOX_URL, the remote address mDNS announced, or the local
    address (`mafreebox.freebox.fr`)."""
    local_url: str | None = None
    """The local address to pair over when `base_url` is the remote one (None: `base_url`)."""

    @property
    def api_root(self) -> str:
        """The root every API call hangs from, such as `https://host/api/v15/`."""
        return self.api.api_root(self.base_url)

    @property
    def authorize_root(self) -> str:
        """The API root to ask for an app token on: the local address when there is one."""
        return self.api.api_root(self.local_url or self.base_url)


@dataclass(frozen=True)
class MdnsService:
    """One resolved mDNS service: its instance name, addresses, port and TXT record."""

    name: str
    addresses: tuple[str, ...]
    port: int
    properties: Mapping[str, str]


class MdnsBrowser(Protocol):
    """Finds a service on the local network by multicast DNS."""

    async def find(self, service_type: str, duration: float) -> MdnsService | None:
        """Return the first service of `service_type` resolved within `duration` s, or None."""
        ...


@dataclass(frozen=True)
class SrvRecord:
    """One DNS SRV answer; for the box only `port` matters."""

    priority: int
    weight: int
    port: int
    target: str


class SrvResolver(Protocol):
    """Looks up DNS SRV records."""

    async def resolve_srv(self, name: str) -> Sequence[SrvRecord]:
        """Return the SRV records of `name` (empty when there are none).

        Raises:
            FreeboxConnectionError: DNS could not answer.
        """
        ...


def check_base_url(url: str) -> str:
    """Validate a box base URL and return it without its trailing slash.

    The box's API carries the session token: plain `http://` would hand it to anyone
    on the path, so it is accepted only for a loopback host (a local simulator).

    Raises:
        ValueError: not `https://host[:port]` (or `http://` on a loopback host).
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"the box URL must look like https://host[:port], got {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"the box URL must not carry a query or fragment, got {url!r}")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError(
            f"refusing plain http:// for {parts.hostname!r}: the box must be reached over "
            "https:// (http:// is allowed only on loopback, for the simulator)"
        )
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(f"the box URL has an invalid port: {url!r}") from None
    return url.strip().rstrip("/")


def remote_base_url(api: ApiVersion) -> str:
    """Return `https://{api_domain}:{https_port}`, the box's address from anywhere.

    Raises:
        ValueError: the box has no HTTPS access configured.
    """
    if not api.https_available or not api.api_domain or api.https_port is None:
        raise ValueError("the box has no remote HTTPS access (https_available, api_domain)")
    return f"https://{api.api_domain}:{api.https_port}"


async def fetch_api_version(
    session: aiohttp.ClientSession,
    base_url: str,
    timeout: float,  # noqa: ASYNC109 - the public contract; bounds this one request
    *,
    ssl_context: ssl.SSLContext | None = None,
) -> ApiVersion:
    """Ask a box for its API information (`GET {base_url}/api_version`).

    Args:
        session: the shared HTTP session.
        base_url: `https://host[:port]` (or `http://` on loopback).
        timeout: seconds for the whole request.
        ssl_context: the context for this request (see `tls.create_ssl_context`),
            when the session's connector does not already carry it.

    Returns:
        The parsed answer.

    Raises:
        ValueError: `base_url` is not acceptable (see `check_base_url`).
        FreeboxConnectionError: no answer, an HTTP error, or not an API description.
    """
    base = check_base_url(base_url)
    url = f"{base}/api_version"
    extra: dict[str, Any] = {} if ssl_context is None else {"ssl": ssl_context}
    try:
        async with asyncio.timeout(timeout):
            async with session.get(url, allow_redirects=False, **extra) as response:
                status = response.status
                data = await response.json(content_type=None) if status == 200 else None
    except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
        raise FreeboxConnectionError(f"no API description at {url}: {exc!r}") from exc
    if status != 200 or not isinstance(data, Mapping):
        raise FreeboxConnectionError(
            f"no API description at {url} (HTTP {status})", http_status=status
        )
    # The document shows a bare object; tolerate the usual envelope around it too.
    if "api_version" not in data and isinstance(data.get("result"), Mapping):
        data = data["result"]
    try:
        return ApiVersion.from_dict(data)
    except ValueError as exc:
        raise FreeboxConnectionError(f"unusable API description at {url}: {exc}") from exc


async def discover(
    session: aiohttp.ClientSession,
    *,
    freebox_url: str | None,
    mdns: MdnsBrowser | None,
    timeout: float,  # noqa: ASYNC109 - bounds each step, not the whole search
    ssl_context: ssl.SSLContext | None = None,
    fallback_url: str = DEFAULT_BOX_URL,
) -> DiscoveredBox:
    """Find the box: FREEBOX_URL if set, else the local address, else the remote one.

    An explicit `freebox_url` is the operator's choice: it is never second-guessed,
    so its failure is final. Otherwise the local address (`fallback_url`) is preferred
    whenever it answers (pairing works only there), and the remote address mDNS
    announces (`api_domain` and `https_port`, which the box's certificate covers) is used
    when it does not; the box is then asked for its full description.

    Args:
        session: the shared HTTP session.
        freebox_url: the `FREEBOX_URL` setting, or None to discover.
        mdns: the mDNS browser, or None to skip mDNS.
        timeout: seconds for each step (mDNS browse, each HTTP request).
        ssl_context: the context for the requests, if the session lacks it.
        fallback_url: the last resort, overridable for tests.

    Returns:
        The box and its API root.

    Raises:
        ValueError: `freebox_url` is not acceptable (see `check_base_url`).
        FreeboxConnectionError: `freebox_url` is set and the box there does not answer.
        DiscoveryError: no box was found without `freebox_url`.
    """
    if freebox_url:
        base = check_base_url(freebox_url)
        api = await fetch_api_version(session, base, timeout, ssl_context=ssl_context)
        return DiscoveredBox(base_url=base, api=api, source="env")

    failures: list[str] = []
    announced = None if mdns is None else await _announced_on_mdns(mdns, timeout, failures)
    local = check_base_url(fallback_url)
    try:
        api = await fetch_api_version(session, local, timeout, ssl_context=ssl_context)
    except FreeboxConnectionError as exc:
        failures.append(f"{local}: {exc.msg}")
    else:
        if announced is None or _same_box(api, announced[1]):
            filled = api if announced is None else _fill_missing(api, announced[1])
            return DiscoveredBox(base_url=local, api=filled, source="http")
        failures.append(f"{local}: another box than the one announced on mDNS")
    if announced is not None:
        found = await _reach_remote(session, *announced, timeout, ssl_context, failures)
        if found is not None:
            return dataclasses.replace(found, local_url=local)
    raise DiscoveryError(
        "no Freebox found (set FREEBOX_URL to skip discovery): " + "; ".join(failures)
    )


async def _announced_on_mdns(
    mdns: MdnsBrowser, step_timeout: float, failures: list[str]
) -> tuple[MdnsService, ApiVersion] | None:
    """The box announced on mDNS, if one is; note why not in `failures`."""
    try:
        service = await mdns.find(MDNS_SERVICE_TYPE, step_timeout)
    except Exception as exc:  # mDNS is a convenience: any failure falls through
        _LOGGER.warning("mDNS discovery failed", exc_info=True)
        failures.append(f"mDNS: {exc!r}")
        return None
    if service is None:
        failures.append("mDNS: no _fbx-api._tcp service answered")
        return None
    try:
        return service, ApiVersion.from_dict(service.properties)
    except ValueError as exc:
        failures.append(f"mDNS ({service.name}): {exc}")
        return None


def _same_box(local: ApiVersion, announced: ApiVersion) -> bool:
    """False only when both name a uid and they differ (another box on the local name)."""
    return local.uid is None or announced.uid is None or local.uid == announced.uid


async def _reach_remote(
    session: aiohttp.ClientSession,
    service: MdnsService,
    announced: ApiVersion,
    step_timeout: float,
    ssl_context: ssl.SSLContext | None,
    failures: list[str],
) -> DiscoveredBox | None:
    """Try the remote address the mDNS announcement gives; note why not in `failures`."""
    try:
        base = remote_base_url(announced)
    except ValueError as exc:
        failures.append(f"mDNS ({service.name}): {exc}")
        return None
    try:
        fetched = await fetch_api_version(session, base, step_timeout, ssl_context=ssl_context)
    except FreeboxConnectionError as exc:
        failures.append(f"mDNS ({service.name}) {base}: {exc.msg}")
        _LOGGER.info("Box announced on mDNS at %s does not answer: %s", base, exc.msg)
        return None
    return DiscoveredBox(base_url=base, api=_fill_missing(fetched, announced), source="mdns")


async def rediscover_https_port(api_domain: str, resolver: SrvResolver | None = None) -> int:
    """Read the box's current remote HTTPS port from its `_https._tcp` SRV record.

    Call it when `https://{api_domain}:{https_port}` stops answering: the port may
    have changed (automatically, or by the user). Then use
    `dataclasses.replace(api, https_port=port)`.

    Args:
        api_domain: the box's `api_domain` (the record exists only for it).
        resolver: the DNS resolver; by default dnspython's, which gives up after 10 s.

    Returns:
        The announced port.

    Raises:
        FreeboxConnectionError: DNS failed or announces no usable port.
    """
    name = f"_https._tcp.{api_domain.rstrip('.')}"
    active = resolver if resolver is not None else DnsPythonResolver()
    records = await active.resolve_srv(name)
    usable = [record for record in records if 0 < record.port < 65536]
    if not usable:
        raise FreeboxConnectionError(f"no SRV record announces the box's HTTPS port at {name}")
    best = min(usable, key=lambda record: (record.priority, -record.weight))
    return best.port


class DnsPythonResolver:
    """`SrvResolver` on dnspython's asyncio resolver.

    Args:
        resolver: a configured `dns.asyncresolver.Resolver`; by default one reading
            the system's DNS settings.
        lifetime: seconds before a lookup gives up.
    """

    def __init__(self, resolver: AsyncResolver | None = None, *, lifetime: float = 10.0) -> None:
        self._resolver = resolver
        self._lifetime = lifetime

    async def resolve_srv(self, name: str) -> Sequence[SrvRecord]:
        """Return the SRV records of `name`; empty when the name has none.

        Raises:
            FreeboxConnectionError: no DNS server answered, or one failed.
        """
        import dns.asyncresolver
        import dns.exception
        import dns.rdtypes.IN.SRV
        import dns.resolver

        resolver = self._resolver or dns.asyncresolver.get_default_resolver()
        try:
            answer = await resolver.resolve(name, "SRV", lifetime=self._lifetime, search=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except dns.exception.DNSException as exc:
            raise FreeboxConnectionError(f"DNS lookup of {name} failed: {exc}") from exc
        return [
            SrvRecord(
                priority=rdata.priority,
                weight=rdata.weight,
                port=rdata.port,
                target=rdata.target.to_text(omit_final_dot=True),
            )
            for rdata in answer
            if isinstance(rdata, dns.rdtypes.IN.SRV.SRV)
        ]


class ZeroconfBrowser:
    """`MdnsBrowser` on python-zeroconf's asyncio API.

    Args:
        aiozc: a running `AsyncZeroconf` to share; by default one is opened for each
            `find` and closed after it.
    """

    def __init__(self, aiozc: AsyncZeroconf | None = None) -> None:
        self._aiozc = aiozc

    async def find(self, service_type: str, duration: float) -> MdnsService | None:
        """Browse for `service_type` and return the first service that resolves."""
        from zeroconf.asyncio import AsyncZeroconf

        aiozc = self._aiozc if self._aiozc is not None else AsyncZeroconf()
        try:
            return await self._find(aiozc, service_type, duration)
        finally:
            if self._aiozc is None:
                await aiozc.async_close()

    @staticmethod
    async def _find(aiozc: AsyncZeroconf, service_type: str, duration: float) -> MdnsService | None:
        from zeroconf import ServiceStateChange
        from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo

        loop = asyncio.get_running_loop()
        found: asyncio.Future[MdnsService] = loop.create_future()
        pending: set[asyncio.Task[None]] = set()

        async def resolve(name: str) -> None:
            info = AsyncServiceInfo(service_type, name)
            if not await info.async_request(aiozc.zeroconf, duration * 1000):
                return
            properties = {key: value or "" for key, value in info.decoded_properties.items() if key}
            service = MdnsService(
                name=name,
                addresses=tuple(info.parsed_addresses()),
                port=info.port or 0,
                properties=properties,
            )
            if not found.done():
                found.set_result(service)

        def on_change(*, name: str, state_change: ServiceStateChange, **_: Any) -> None:
            if state_change in (ServiceStateChange.Added, ServiceStateChange.Updated):
                task = loop.create_task(resolve(name))
                pending.add(task)
                task.add_done_callback(pending.discard)

        browser = AsyncServiceBrowser(aiozc.zeroconf, service_type, handlers=[on_change])
        try:
            async with asyncio.timeout(duration):
                return await found
        except TimeoutError:
            return None
        finally:
            await browser.async_cancel()
            for task in list(pending):
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


def is_loopback_host(host: str) -> bool:
    """Tell whether `host` is this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _normalize_base_path(path: str) -> str:
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _to_bool(value: Any) -> bool:
    # JSON gives true/false; the mDNS TXT record gives "1"/"0".
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return False


def _optional_port(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        port = int(str(value).strip())
    except ValueError:
        return None
    return port if 0 < port < 65536 else None


def _fill_missing(primary: ApiVersion, fallback: ApiVersion) -> ApiVersion:
    """Complete `primary` with the fields only `fallback` knows (a remote answer is terse)."""
    changes = {
        field.name: getattr(fallback, field.name)
        for field in dataclasses.fields(primary)
        if getattr(primary, field.name) is None and getattr(fallback, field.name) is not None
    }
    return dataclasses.replace(primary, **changes) if changes else primary
