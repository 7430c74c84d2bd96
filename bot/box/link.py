"""The bot's connection to its Freebox, made lazily so the bot starts while the box is down."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import ssl
from urllib.parse import urlsplit

import aiohttp

from bot import __version__
from bot.clock import Clock, LoopTimer, Timer
from bot.config import Settings
from bot.log_redaction import SecretKeepingTokenStore
from bot.storage.models import utcnow
from freeboxos import (
    AppInfo,
    DiscoveredBox,
    EncryptedFileTokenStore,
    FreeboxClient,
    FreeboxConnectionError,
    MdnsBrowser,
    RememberingTokenStore,
    SrvResolver,
    ZeroconfBrowser,
    create_ssl_context,
    discover,
    rediscover_https_port,
)
from freeboxos.discovery import DEFAULT_BOX_URL
from freeboxos.tls import LOCAL_HOSTNAME

log = logging.getLogger(__name__)

APP_ID = "fr.freeboxbot.telegram"


def app_info() -> AppInfo:
    """How the bot introduces itself on the box's front panel and in Freebox OS."""
    return AppInfo(
        app_id=APP_ID,
        app_name="Freebox Bot (Telegram)",
        app_version=__version__,
        device_name=socket.gethostname()[:64] or "freebox-bot",
    )


class BoxLink:
    """Owns the HTTP session, the discovered box and the client; the token stays encrypted."""

    def __init__(
        self,
        settings: Settings,
        *,
        mdns: MdnsBrowser | None = None,
        srv_resolver: SrvResolver | None = None,
        timeout: float = 10.0,
        clock: Clock = utcnow,
        timer: Timer | None = None,
        local_url: str = DEFAULT_BOX_URL,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Nothing is reached yet.

        Args:
            clock: aware UTC time, for spacing out logins the box refused.
            timer: where the waits for the box are measured (pairing's polls).
            local_url: the box's address on the home network, preferred for every call
                and the only one it pairs over (overridable for tests).
            ssl_context: the TLS context for the box (default: the Freebox root CAs).
        """
        self._settings = settings
        self._mdns = mdns
        self._srv_resolver = srv_resolver
        self._timeout = timeout
        self._clock = clock
        self.timer: Timer = timer or LoopTimer()
        self._local_url = local_url
        self._ssl_context = ssl_context
        self._session: aiohttp.ClientSession | None = None
        self._client: FreeboxClient | None = None
        self._box: DiscoveredBox | None = None
        self._lock = asyncio.Lock()
        # The app token is hidden from the log from the moment it is read or granted.
        self.token_store = RememberingTokenStore(
            SecretKeepingTokenStore(
                EncryptedFileTokenStore(settings.data_dir, key=settings.freebox_token_key)
            )
        )

    async def box(self) -> DiscoveredBox:
        """The discovered box (FREEBOX_URL, else mDNS, else mafreebox.freebox.fr)."""
        await self.client()
        assert self._box is not None
        return self._box

    async def client(self) -> FreeboxClient:
        """The client, discovering the box on first use; raises FreeboxConnectionError."""
        async with self._lock:
            if self._client is not None:
                return self._client
            ssl_context = self._ssl_context or create_ssl_context()
            if self._session is None:
                connector = aiohttp.TCPConnector(ssl=ssl_context)
                self._session = aiohttp.ClientSession(connector=connector)
            mdns = self._mdns
            if mdns is None and self._settings.freebox_url is None:
                mdns = ZeroconfBrowser()
            try:
                self._box = await discover(
                    self._session,
                    freebox_url=self._settings.freebox_url,
                    mdns=mdns,
                    timeout=self._timeout,
                    ssl_context=ssl_context,
                    fallback_url=self._local_url,
                )
            except FreeboxConnectionError as failure:
                self._box = await self._rediscover_remote_port(ssl_context, failure)
            client = FreeboxClient(
                session=self._session,
                base_url=self._box.api_root,
                token_store=self.token_store,
                app=app_info(),
                timeout=self._timeout,
                authorize_url=self._box.authorize_root,
                clock=self._clock,
            )
            self._client = await client.__aenter__()
            log.info(
                "found the box: %s (API v%s) at %s",
                self._box.api.box_model_name or "Freebox",
                self._box.api.major,
                self._box.base_url,
            )
            return self._client

    async def _rediscover_remote_port(
        self, ssl_context: ssl.SSLContext, failure: FreeboxConnectionError
    ) -> DiscoveredBox:
        """Remote access stopped answering: the box may have moved its HTTPS port.

        As the document recommends, read the port again from the `_https._tcp` SRV
        record of the box's domain and try there. Raises `failure` when that does not apply.
        """
        url = urlsplit(self._settings.freebox_url or "")
        host = url.hostname or ""
        if not host or _is_ip(host) or host == LOCAL_HOSTNAME or self._session is None:
            raise failure
        port = await rediscover_https_port(host, self._srv_resolver)
        if port == url.port:
            raise failure
        log.warning("the box's remote port moved to %s (SRV record); using it", port)
        moved = f"{url.scheme}://{host}:{port}"
        return await discover(
            self._session,
            freebox_url=moved,
            mdns=None,
            timeout=self._timeout,
            ssl_context=ssl_context,
        )

    async def is_paired(self) -> bool:
        """True once the box granted an app token (stored encrypted)."""
        return await self.token_store.load() is not None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._session is not None:
            await self._session.close()
            self._session = None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
