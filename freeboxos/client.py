"""The FreeboxOS client: typed methods over one request funnel.

The client owns no connection: it is given an `aiohttp.ClientSession`, the API
root (discovery is another module's job) and a token store. `_request()` is the
only code on the network; it logs in on demand and renews an expired session
once, under a lock, so concurrent callers share one login.
"""

from __future__ import annotations

import asyncio
import enum
import json as _json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import aiohttp

from freeboxos import auth as login_flow
from freeboxos.areas import (
    CallsArea,
    ContactsArea,
    DownloadsArea,
    LanArea,
    ProfilesArea,
    ShareLinksArea,
    SystemArea,
    VoicemailArea,
    WifiArea,
)
from freeboxos.auth import AppInfo, LoginBackoff
from freeboxos.errors import (
    AuthRequiredError,
    FreeboxApiError,
    FreeboxConnectionError,
    error_from_envelope,
)
from freeboxos.models import (
    AuthorizationRequest,
    AuthorizationStatus,
    CallEntry,
    ConnectionStatus,
    DownloadAddResult,
    DownloadTask,
    EndpointScalar,
    EndpointValue,
    GuestNetworkConfig,
    HomeNode,
    HomeTile,
    LanHost,
    LanInterface,
    NotificationTarget,
    Player,
    PlayerStatus,
    PlayerVolume,
    SessionInfo,
    SystemInfo,
    TvChannel,
    WifiBss,
    WifiCustomKey,
    WifiGlobalConfig,
    encode_path,
)
from freeboxos.parsing import parse_list as _parse_list
from freeboxos.parsing import parse_one as _parse
from freeboxos.parsing import path_segment as _segment
from freeboxos.tokens import AppCredentials, TokenStore

_LOGGER = logging.getLogger(__name__)

AUTH_HEADER = "X-Fbx-App-Auth"

_UPLOAD_TYPES = {".torrent": "application/x-bittorrent", ".nzb": "application/x-nzb"}


class _State(enum.Enum):
    UNOPENED = enum.auto()
    OPENED = enum.auto()
    CLOSED = enum.auto()


@dataclass(frozen=True)
class UploadFile:
    """A file part of a multipart body."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def unwrap_envelope(http_status: int, body: object) -> Any:
    """Return the envelope's `result`, or raise what the box said.

    The envelope is read before the HTTP status, so a 403 or 404 still yields
    the box's error_code rather than a bare status.

    Args:
        http_status: the HTTP status of the answer.
        body: the decoded JSON body.

    Returns:
        The `result` member (None when the box sent none).

    Raises:
        FreeboxApiError: (a subclass of) when `success` is not true.
        FreeboxConnectionError: when the body is not an envelope at all.
    """
    if not isinstance(body, Mapping):
        raise FreeboxConnectionError(
            f"the box answered HTTP {http_status} with no envelope", http_status=http_status
        )
    if body.get("success") is True and http_status < 400:
        return body.get("result")
    raise error_from_envelope(http_status, body)


def _build_body(
    form: Mapping[str, str] | None, multipart: Mapping[str, str | UploadFile] | None
) -> aiohttp.FormData | dict[str, str] | None:
    """A fresh body per attempt: a multipart FormData cannot be sent twice."""
    if multipart is not None:
        # Raw UTF-8 file names, as browsers (and Freebox OS itself) send them; not %-quoted.
        data = aiohttp.FormData(quote_fields=False)
        for name, value in multipart.items():
            if isinstance(value, UploadFile):
                data.add_field(
                    name, value.content, filename=value.filename, content_type=value.content_type
                )
            else:
                data.add_field(name, value)
        return data
    if form is not None:
        return dict(form)  # aiohttp sends a dict as application/x-www-form-urlencoded
    return None


class FreeboxClient:
    """Typed access to a Freebox's API, used as `async with FreeboxClient(...)`.

    Once closed, the client cannot be reopened or used.
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        base_url: str,
        token_store: TokenStore,
        app: AppInfo,
        timeout: float = 10,
        authorize_url: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Prepare a client; nothing touches the network until a call.

        Args:
            session: the HTTP session to use (owned and closed by the caller).
            base_url: the API root, e.g. "https://host:port/api/v15/".
            token_store: where the app token lives.
            app: how this app introduces itself when pairing and logging in.
            timeout: seconds allowed for each request, answer included.
            authorize_url: the API root on the box's local address
                (`https://mafreebox.freebox.fr/api/v15/`), tried first for pairing: the
                box refuses to add an app from outside (`denied_from_external_ip`).
            clock: aware UTC time, for spacing out logins the box refused.
        """
        self._http = session
        self._base_url = _with_slash(base_url)
        local = [_with_slash(authorize_url)] if authorize_url else []
        self._authorize_roots = tuple(dict.fromkeys([*local, self._base_url]))
        self._token_store = token_store
        self._app = app
        self._timeout = timeout
        self._state = _State.UNOPENED
        self._session_info: SessionInfo | None = None
        self._login_lock = asyncio.Lock()
        self._backoff = LoginBackoff(clock or _utc_now)
        # The pairing request in progress: its token is adopted only once granted, so a
        # denied or abandoned pairing leaves the working token in place.
        self._pending_pairing: tuple[str, AuthorizationRequest] | None = None
        # The API areas added for household controls, over the same funnel.
        self.downloads = DownloadsArea(self._request)
        self.share_links = ShareLinksArea(self._request)
        self.contacts = ContactsArea(self._request)
        self.calls = CallsArea(self._request)
        self.voicemail = VoicemailArea(self._request)
        self.profiles = ProfilesArea(self._request)
        self.wifi = WifiArea(self._request)
        self.lan = LanArea(self._request)
        self.system = SystemArea(self._request)

    @property
    def base_url(self) -> str:
        """The API root this client talks to (ends with "/")."""
        return self._base_url

    async def __aenter__(self) -> Self:
        if self._state is not _State.UNOPENED:
            raise RuntimeError("a FreeboxClient cannot be reopened once opened or closed")
        self._state = _State.OPENED
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Forget the session; the injected aiohttp session stays open."""
        self._state = _State.CLOSED
        self._session_info = None

    # -- the funnel ---------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        form: Mapping[str, str] | None = None,
        multipart: Mapping[str, str | UploadFile] | None = None,
        auth: bool = True,
        renew: bool = True,
        root: str | None = None,
        binary: bool = False,
    ) -> Any:
        """Send one API call and return the envelope's `result`.

        Args:
            method: HTTP method.
            path: path under the API root, without a leading "/".
            json: JSON body (most endpoints).
            form: form-encoded body (downloads/add by URL).
            multipart: multipart body (downloads/add by file).
            auth: send the session token, logging in first if needed.
            renew: on auth_required, log in again and retry once.
            root: another API root than the client's (the local address, for pairing).
            binary: the answer is a file (a voicemail's audio): its bytes are returned,
                unless the box answers with its JSON envelope (an error).

        Returns:
            The `result` member of the envelope, or None; the body's bytes for `binary`.

        Raises:
            FreeboxConnectionError: the box did not answer usably.
            FreeboxApiError: the box refused (see its subclasses).
            RuntimeError: the client is closed.
        """
        if self._state is _State.CLOSED:
            raise RuntimeError("this FreeboxClient is closed")
        url = (root or self._base_url) + path
        stale_token: str | None = None
        for retried in (False, True):
            headers: dict[str, str] = {}
            token: str | None = None
            if auth:
                token = (await self._login(stale_token)).session_token
                headers[AUTH_HEADER] = token
            try:
                async with (
                    asyncio.timeout(self._timeout),
                    self._http.request(
                        method,
                        url,
                        json=json,
                        data=_build_body(form, multipart),
                        headers=headers,
                    ) as response,
                ):
                    status = response.status
                    raw = await response.read()
                    is_json = response.content_type == "application/json"
            except TimeoutError as exc:
                raise FreeboxConnectionError(
                    f"the box did not answer {method} {path} within {self._timeout} s"
                ) from exc
            except aiohttp.ClientError as exc:
                raise FreeboxConnectionError(f"cannot reach the box at {url}: {exc}") from exc
            _LOGGER.debug("%s %s -> HTTP %s", method, path, status)
            if binary and status < 400 and not is_json:
                return raw
            try:
                body = _json.loads(raw)
            except ValueError as exc:
                raise FreeboxConnectionError(
                    f"the box answered {method} {path} with HTTP {status} and no JSON",
                    http_status=status,
                ) from exc
            try:
                return unwrap_envelope(status, body)
            except AuthRequiredError:
                if not auth or not renew or retried:
                    raise
                _LOGGER.info("session expired, logging in again")
                stale_token = token
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def _call_unauthenticated(
        self, method: str, path: str, *, json: Mapping[str, Any] | None = None
    ) -> Any:
        return await self._request(method, path, json=json, auth=False)

    def _caller_on(self, root: str) -> login_flow.Caller:
        async def call(method: str, path: str, *, json: Mapping[str, Any] | None = None) -> Any:
            return await self._request(method, path, json=json, auth=False, root=root)

        return call

    async def _login(self, stale_token: str | None) -> SessionInfo:
        """Return a session newer than `stale_token`, logging in at most once.

        Concurrent callers queue on the lock; the first logs in, the others find
        a fresh session on re-checking and reuse it.
        """
        current = self._session_info
        if current is not None and current.session_token != stale_token:
            return current
        async with self._login_lock:
            current = self._session_info
            if current is not None and current.session_token != stale_token:
                return current
            self._session_info = None
            credentials = await self._token_store.load()
            if credentials is None:
                raise AuthRequiredError("this app is not paired with the box yet")
            self._backoff.check()
            try:
                self._session_info = await login_flow.open_session(
                    self._call_unauthenticated, credentials, self._app.app_version
                )
            except FreeboxApiError as refusal:
                # Revoked, rate limited, apps disabled: asking again at once cannot help.
                self._backoff.refused(refusal)
                raise
            self._backoff.reset()
            _LOGGER.debug("logged in to the box as %s", credentials.app_id)
            return self._session_info

    # -- pairing and session ------------------------------------------------------

    async def request_authorization(self) -> AuthorizationRequest:
        """Ask the box for an app token, over the local address when it answers.

        The box shows a prompt on its front panel; poll `authorization_status`
        until the user answers. The new token is saved only once the box says
        granted: until then the token store keeps the one that works.

        Returns:
            `(app_token, track_id)`, as a named tuple.

        Raises:
            DeniedFromExternalIpError: only the remote address answered, and the box
                adds apps only from the home network.
            FreeboxApiError: e.g. new_apps_denied, ratelimited.
            FreeboxConnectionError: the box is unreachable.
        """
        unreachable: FreeboxConnectionError | None = None
        for root in self._authorize_roots:
            try:
                request = await login_flow.request_authorization(self._caller_on(root), self._app)
            except FreeboxConnectionError as exc:
                _LOGGER.info("cannot ask for authorization at %s: %s", root, exc.msg)
                unreachable = exc
                continue
            self._pending_pairing = (root, request)
            return request
        assert unreachable is not None
        raise unreachable

    async def authorization_status(self, track_id: int) -> AuthorizationStatus:
        """Read the progress of a pairing request; a granted one becomes the app token.

        Args:
            track_id: from `request_authorization`.

        Returns:
            Its status: unknown (revoked), pending, timeout, granted or denied.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        pending = self._pending_pairing
        ours = pending is not None and pending[1].track_id == track_id
        root = pending[0] if pending is not None and ours else self._authorize_roots[0]
        status = await login_flow.track_authorization(self._caller_on(root), track_id)
        if status.is_granted and pending is not None and ours:
            await self._adopt(pending[1])
        return status

    async def _adopt(self, request: AuthorizationRequest) -> None:
        """Make a granted token the app's token; the next call logs in with it."""
        await self._token_store.save(
            AppCredentials(app_id=self._app.app_id, app_token=request.app_token)
        )
        self._pending_pairing = None
        self._session_info = None
        self._backoff.reset()

    async def session_token(self, *, renew: bool = False) -> str:
        """Return a valid session token, logging in if needed.

        Args:
            renew: discard the current session and log in again (for a caller,
                such as the websocket, whose token the box rejected).

        Returns:
            The token to send as the X-Fbx-App-Auth header.

        Raises:
            AuthRequiredError: not paired, or the app token was revoked.
            FreeboxError: the box refused or is unreachable.
        """
        if self._state is _State.CLOSED:
            raise RuntimeError("this FreeboxClient is closed")
        stale = self._session_info.session_token if renew and self._session_info else None
        return (await self._login(stale)).session_token

    @property
    def permissions(self) -> Mapping[str, bool]:
        """The app's permissions from the last session (empty before login)."""
        return dict(self._session_info.permissions) if self._session_info else {}

    async def logout(self) -> None:
        """Close the current session on the box, if there is one.

        Raises:
            FreeboxConnectionError: the box is unreachable.
        """
        if self._session_info is None:
            return
        try:
            await self._request("POST", "login/logout/", renew=False)
        except AuthRequiredError:
            pass  # the session had already expired
        finally:
            self._session_info = None

    # -- notification targets -----------------------------------------------------

    async def list_notification_targets(self) -> list[NotificationTarget]:
        """List the devices the box pushes notifications to.

        Returns:
            The registered targets.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(
            NotificationTarget.from_api, await self._request("GET", "notif/targets/")
        )

    async def get_notification_target(self, target_id: str) -> NotificationTarget:
        """Read one notification target.

        Args:
            target_id: the target's id.

        Returns:
            The target.

        Raises:
            NotFoundError: no such target.
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", f"notif/targets/{_segment(target_id)}")
        if isinstance(result, list):  # the document shows a one-item list here
            result = result[0] if result else None
        return _parse(NotificationTarget.from_api, result)

    async def create_notification_target(
        self,
        *,
        name: str,
        target_type: str,
        token: str,
        subscriptions: Sequence[str],
        api_url: str,
        message_type: str = "notification",
    ) -> NotificationTarget | None:
        """Register a device to receive pushes through our notification server.

        Args:
            name: device name shown in Freebox OS.
            target_type: "ios", "android" or "firebase".
            token: the notification service token, handed back on /register.
            subscriptions: among phone, download, security, box_state, lan_host,
                password_change.
            api_url: base URL of our notification server (with its secret path).
            message_type: "notification" (title and body too) or "data".

        Returns:
            The created target when the box returns it (the documented answer
            carries no result: None).

        Raises:
            InvalidRequestError: the box rejected the parameters.
            FreeboxError: the box refused or is unreachable.
        """
        payload = {
            "name": name,
            "type": target_type,
            "token": token,
            "subscriptions": list(subscriptions),
            "api_url": api_url,
            "message_type": message_type,
        }
        result = await self._request("POST", "notif/targets/", json=payload)
        return None if result is None else _parse(NotificationTarget.from_api, result)

    async def update_notification_target(
        self,
        target_id: str,
        *,
        name: str,
        target_type: str,
        token: str,
        subscriptions: Sequence[str],
        api_url: str,
        message_type: str = "notification",
    ) -> None:
        """Replace a notification target with the whole object, as the document's example does.

        A PUT may replace the target (fields missing from it would be lost), so every
        field is sent. A box may also drop a subscription name it does not know instead of
        refusing it: read the target back to see what it kept.

        Args:
            target_id: the target's id.
            name: see `create_notification_target`.
            target_type: see `create_notification_target`.
            token: see `create_notification_target`.
            subscriptions: see `create_notification_target`.
            api_url: see `create_notification_target`.
            message_type: see `create_notification_target`.

        Raises:
            NotFoundError: no such target.
            InvalidRequestError: the box rejected the parameters.
            FreeboxError: the box refused or is unreachable.
        """
        payload = {
            "name": name,
            "type": target_type,
            "token": token,
            "subscriptions": list(subscriptions),
            "api_url": api_url,
            "message_type": message_type,
        }
        await self._request("PUT", f"notif/targets/{_segment(target_id)}", json=payload)

    async def delete_notification_target(self, target_id: str) -> None:
        """Unregister a notification target.

        Args:
            target_id: the target's id.

        Raises:
            NotFoundError: no such target.
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("DELETE", f"notif/targets/{_segment(target_id)}")

    # -- downloads ----------------------------------------------------------------

    async def list_downloads(self) -> list[DownloadTask]:
        """List the download tasks.

        Returns:
            All tasks, in the box's order.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(DownloadTask.from_api, await self._request("GET", "downloads/"))

    async def get_download(self, task_id: int) -> DownloadTask:
        """Read one download task.

        Args:
            task_id: the task's id.

        Returns:
            The task.

        Raises:
            NotFoundError: no such task (task_not_found).
            FreeboxError: the box refused or is unreachable.
        """
        return _parse(DownloadTask.from_api, await self._request("GET", f"downloads/{task_id}"))

    async def update_download(
        self, task_id: int, *, status: str | None = None, io_priority: str | None = None
    ) -> DownloadTask:
        """Pause, resume, retry or reprioritise a download task.

        Args:
            task_id: the task's id.
            status: "stopped" to pause, "downloading" to resume, "retry",
                "seeding"...
            io_priority: "low", "normal" or "high".

        Returns:
            The task as updated.

        Raises:
            NotFoundError: no such task.
            FreeboxApiError: e.g. invalid_operation.
            FreeboxConnectionError: the box is unreachable.
        """
        fields = {"status": status, "io_priority": io_priority}
        payload = {key: value for key, value in fields.items() if value is not None}
        result = await self._request("PUT", f"downloads/{task_id}", json=payload)
        if result is None:
            return await self.get_download(task_id)
        return _parse(DownloadTask.from_api, result)

    async def delete_download(self, task_id: int, *, erase_files: bool = False) -> None:
        """Remove a download task, stopping it if needed.

        Args:
            task_id: the task's id.
            erase_files: also delete the downloaded files.

        Raises:
            NotFoundError: no such task.
            FreeboxError: the box refused or is unreachable.
        """
        path = f"downloads/{task_id}/erase" if erase_files else f"downloads/{task_id}"
        await self._request("DELETE", path)

    async def add_download_urls(
        self, urls: str | Sequence[str], *, download_dir: str | None = None
    ) -> DownloadAddResult:
        """Add downloads by URL (http, ftp, magnet), as a form: never JSON.

        Args:
            urls: one URL, or several (sent newline-separated in
                download_url_list).
            download_dir: destination directory, e.g. "/Disque dur/Films";
                the box's default when None.

        Returns:
            The new task ids, one per URL.

        Raises:
            ValueError: no URL given.
            FreeboxApiError: e.g. invalid_url, exists.
            FreeboxConnectionError: the box is unreachable.
        """
        url_list = [urls] if isinstance(urls, str) else list(urls)
        url_list = [url.strip() for url in url_list if url.strip()]
        if not url_list:
            raise ValueError("at least one URL is needed")
        form: dict[str, str] = (
            {"download_url": url_list[0]}
            if len(url_list) == 1
            else {"download_url_list": "\n".join(url_list)}
        )
        if download_dir is not None:
            form["download_dir"] = encode_path(download_dir)
        result = await self._request("POST", "downloads/add", form=form)
        return _parse(DownloadAddResult.from_api, result)

    async def add_download_file(
        self,
        filename: str,
        content: bytes,
        *,
        download_dir: str | None = None,
        content_type: str | None = None,
    ) -> DownloadAddResult:
        """Add a download from a .torrent or .nzb file, sent as multipart.

        Args:
            filename: the file's name (its suffix picks the default type).
            content: the file's bytes.
            download_dir: destination directory; the box's default when None.
            content_type: MIME type; guessed from the suffix when None.

        Returns:
            The new task id.

        Raises:
            FreeboxApiError: e.g. invalid_file.
            FreeboxConnectionError: the box is unreachable.
        """
        if content_type is None:
            suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
            content_type = _UPLOAD_TYPES.get(suffix, "application/octet-stream")
        parts: dict[str, str | UploadFile] = {}
        if download_dir is not None:
            parts["download_dir"] = encode_path(download_dir)
        parts["download_file"] = UploadFile(filename, content, content_type)
        result = await self._request("POST", "downloads/add", multipart=parts)
        return _parse(DownloadAddResult.from_api, result)

    # -- Wi-Fi --------------------------------------------------------------------

    async def get_wifi_config(self) -> WifiGlobalConfig:
        """Read whether Wi-Fi is on.

        Returns:
            The global Wi-Fi configuration.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse(WifiGlobalConfig.from_api, await self._request("GET", "wifi/config/"))

    async def get_wifi_custom_key_config(self) -> GuestNetworkConfig:
        """Read the dedicated guest network's configuration (its SSID).

        Returns:
            The guest network configuration.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", "wifi/custom_keys/config/")
        return _parse(GuestNetworkConfig.from_api, result)

    async def list_wifi_bss(self) -> list[WifiBss]:
        """List the BSSs (before v14, guest keys join one of them).

        Returns:
            Every BSS with the parameters in effect.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(WifiBss.from_api, await self._request("GET", "wifi/bss/"))

    async def list_wifi_custom_keys(self) -> list[WifiCustomKey]:
        """List the guest Wi-Fi keys.

        Returns:
            The keys, with their remaining lifetime.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(WifiCustomKey.from_api, await self._request("GET", "wifi/custom_key/"))

    async def create_wifi_custom_key(
        self,
        *,
        key: str,
        duration: int,
        description: str = "",
        max_use_count: int = 0,
        access_type: str = "net_only",
    ) -> WifiCustomKey:
        """Create a guest Wi-Fi key on the dedicated guest network.

        Args:
            key: the Wi-Fi password to hand out.
            duration: seconds before the box revokes the key.
            description: shown in Freebox OS.
            max_use_count: distinct hosts allowed (at most 127; 0 is unlimited).
            access_type: "net_only" (Internet only) or "full" (LAN too).

        Returns:
            The created key.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            InvalidRequestError: the box rejected the parameters.
            FreeboxConnectionError: the box is unreachable.
        """
        payload = {
            "key": key,
            "description": description,
            "max_use_count": max_use_count,
            "duration": duration,
            "access_type": access_type,
        }
        result = await self._request("POST", "wifi/custom_key/", json=payload)
        return _parse(WifiCustomKey.from_api, result)

    async def delete_wifi_custom_key(self, key_id: int) -> None:
        """Revoke a guest Wi-Fi key, disconnecting its users.

        Args:
            key_id: the key's id.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            NotFoundError: no such key.
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("DELETE", f"wifi/custom_key/{key_id}")

    # -- player -------------------------------------------------------------------

    @staticmethod
    def _player_path(player: Player | int) -> str:
        # A bare id assumes player API v6, the version the document describes.
        return player.api_path if isinstance(player, Player) else f"player/{player}/api/v6/"

    async def list_players(self) -> list[Player]:
        """List the Freebox Players on the LAN.

        Returns:
            The players, with the API version each speaks.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(Player.from_api, await self._request("GET", "player"))

    async def player_status(self, player: Player | int) -> PlayerStatus:
        """Read a player's power state and foreground app.

        Args:
            player: a listed Player (its API version is used), or a player id.

        Returns:
            The player's status.

        Raises:
            NotFoundError: no such player.
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", f"{self._player_path(player)}status/")
        return _parse(PlayerStatus.from_api, result)

    async def open_url_on_player(
        self, player: Player | int, url: str, *, content_type: str | None = None
    ) -> None:
        """Open a URL on a player (video, web page, "tv:?channel=2", YouTube...).

        Args:
            player: a listed Player, or a player id.
            url: what to open.
            content_type: MIME type of the content, when known.

        Raises:
            NotFoundError: no such player.
            FreeboxError: the box refused or is unreachable.
        """
        payload = {"url": url} if content_type is None else {"url": url, "type": content_type}
        await self._request("POST", f"{self._player_path(player)}control/open", json=payload)

    async def player_media_control(self, player: Player | int, cmd: str) -> None:
        """Send a command to the player's active media player.

        Args:
            player: a listed Player, or a player id.
            cmd: play_pause, stop, prev, next, select_stream, select_audio_track
                or select_srt_track.

        Raises:
            NotFoundError: no such player.
            FreeboxError: the box refused or is unreachable.
        """
        path = f"{self._player_path(player)}control/mediactrl/"
        await self._request("POST", path, json={"cmd": cmd})

    async def list_tv_channels(self) -> list[TvChannel]:
        """The TV bouquet's channels, by number, with their names.

        Returns:
            The channels, numbers ascending (sub-channels such as 2.1 are left out: the
            Player's `tv:?channel=` opens whole numbers).

        Raises:
            FreeboxError: the box refused, is unreachable, or has no TV API.
        """
        names = await self._request("GET", "tv/channels/")
        bouquet = await self._request("GET", "tv/bouquets/freeboxtv/channels/")
        if not isinstance(names, Mapping) or not isinstance(bouquet, list | type(None)):
            raise FreeboxConnectionError("unexpected TV channel lists from the box")
        channels: dict[int, TvChannel] = {}
        for entry in bouquet or []:
            if not isinstance(entry, Mapping) or entry.get("sub_number", 0):
                continue
            uuid, number = str(entry.get("uuid", "")), entry.get("number")
            described = names.get(uuid)
            if not isinstance(number, int) or not isinstance(described, Mapping):
                continue
            channels.setdefault(
                number,
                TvChannel(
                    number=number,
                    name=str(described.get("name") or uuid),
                    uuid=uuid,
                    available=bool(entry.get("available", True)),
                ),
            )
        return [channels[number] for number in sorted(channels)]

    async def get_player_volume(self, player: Player | int) -> PlayerVolume:
        """Read a player's volume.

        Args:
            player: a listed Player, or a player id.

        Returns:
            Volume and mute.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", f"{self._player_path(player)}control/volume/")
        return _parse(PlayerVolume.from_api, result)

    async def set_player_volume(
        self, player: Player | int, *, volume: int | None = None, mute: bool | None = None
    ) -> PlayerVolume:
        """Change a player's volume and/or mute.

        Args:
            player: a listed Player, or a player id.
            volume: 0 to 100.
            mute: True to mute.

        Returns:
            Volume and mute after the change.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        fields: dict[str, Any] = {"volume": volume, "mute": mute}
        payload = {key: value for key, value in fields.items() if value is not None}
        path = f"{self._player_path(player)}control/volume/"
        result = await self._request("PUT", path, json=payload)
        if result is None:
            return await self.get_player_volume(player)
        return _parse(PlayerVolume.from_api, result)

    # -- home automation ----------------------------------------------------------

    async def list_home_nodes(self) -> list[HomeNode]:
        """List the home automation nodes (alarm, sensors, cameras, shutters...).

        Returns:
            The nodes with their endpoints.

        Raises:
            InsufficientRightsError: the app lacks the "home" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(HomeNode.from_api, await self._request("GET", "home/nodes"))

    async def get_home_node(self, node_id: int) -> HomeNode:
        """Read one home automation node.

        Args:
            node_id: the node's id.

        Returns:
            The node.

        Raises:
            NotFoundError: no such node.
            FreeboxError: the box refused or is unreachable.
        """
        return _parse(HomeNode.from_api, await self._request("GET", f"home/nodes/{node_id}"))

    async def get_home_tileset(self, node_id: int | None = None) -> list[HomeTile]:
        """List the home tiles, all of them or a node's sub-tileset.

        Args:
            node_id: a node whose tile has action "tileset"; None for all tiles.

        Returns:
            The tiles.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        path = "home/tileset/all" if node_id is None else f"home/tileset/{node_id}"
        return _parse_list(HomeTile.from_api, await self._request("GET", path))

    async def get_endpoint_value(self, node_id: int, endpoint_id: int) -> EndpointValue:
        """Read an endpoint's current value (e.g. the alarm's "state" signal).

        Args:
            node_id: the node's id.
            endpoint_id: the endpoint's id on that node.

        Returns:
            The value and its type.

        Raises:
            NotFoundError: no such node or endpoint.
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", f"home/endpoints/{node_id}/{endpoint_id}")
        return _parse(EndpointValue.from_api, result)

    async def set_endpoint_value(
        self, node_id: int, endpoint_id: int, value: EndpointScalar = None
    ) -> None:
        """Push a value to a slot endpoint (None for "void" slots such as "alarm1").

        Args:
            node_id: the node's id.
            endpoint_id: the slot endpoint's id on that node.
            value: the value to push.

        Raises:
            InsufficientRightsError: the app lacks the "home" permission.
            FreeboxError: the box refused or is unreachable.
        """
        path = f"home/endpoints/{node_id}/{endpoint_id}"
        await self._request("PUT", path, json={"value": value})

    # -- calls, LAN, system -------------------------------------------------------

    async def list_calls(self) -> list[CallEntry]:
        """List the call log, newest first as the box sends it.

        Returns:
            The call entries.

        Raises:
            InsufficientRightsError: the app lacks the "calls" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return _parse_list(CallEntry.from_api, await self._request("GET", "call/log/"))

    async def list_lan_interfaces(self) -> list[LanInterface]:
        """List the browsable LAN interfaces ("pub", "wifiguest"...).

        Returns:
            The interfaces with their host counts.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", "lan/browser/interfaces/")
        return _parse_list(LanInterface.from_api, result)

    async def list_lan_hosts(self, interface: str = "pub") -> list[LanHost]:
        """List the hosts seen on a LAN interface.

        Args:
            interface: the interface name.

        Returns:
            The hosts.

        Raises:
            NotFoundError: no such interface (nodev).
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", f"lan/browser/{_segment(interface)}/")
        return _parse_list(LanHost.from_api, result)

    async def get_lan_host(self, host_id: str, *, interface: str = "pub") -> LanHost:
        """Read one LAN host.

        Args:
            host_id: the host's id, e.g. "ether-8c:97:ea:00:00:00".
            interface: the interface it was seen on.

        Returns:
            The host.

        Raises:
            NotFoundError: no such host (nohost) or interface (nodev).
            FreeboxError: the box refused or is unreachable.
        """
        path = f"lan/browser/{_segment(interface)}/{_segment(host_id)}/"
        return _parse(LanHost.from_api, await self._request("GET", path))

    async def get_system_info(self) -> SystemInfo:
        """Read the box's model, serial, firmware and uptime.

        Returns:
            The system information.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse(SystemInfo.from_api, await self._request("GET", "system/"))

    async def get_connection_status(self) -> ConnectionStatus:
        """Read the Internet link's state, addresses and rates.

        Returns:
            The connection status.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return _parse(ConnectionStatus.from_api, await self._request("GET", "connection/"))


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else f"{url}/"


def _utc_now() -> datetime:
    return datetime.now(UTC)
