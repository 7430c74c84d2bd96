"""The simulated box's whole state, and the controls tests and demos drive it with.

A ``SimulatorState`` is what the HTTP routes read and change, and what a test
reaches into: approve a pairing, expire sessions, complete a download (which
pushes ``task_done`` to the notification servers), drop websockets, read the
requests the box received and the calls it made.
"""

from __future__ import annotations

import asyncio
import copy
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from . import pushes
from .auth import AppRecord, AuthState, AuthStatus, Session
from .calls import CallLog
from .contacts import ContactBook
from .download_files import DownloadFiles
from .downloads import DownloadQueue, DownloadTask
from .envelope import ApiError, JsonObject
from .event_hub import EventHub
from .fixtures import CONNECTION_STATUS, SYSTEM_CONFIG, WIFI_GLOBAL_CONFIG
from .home import HomeState
from .lan import LanBrowser, make_host
from .mac_filter import MacFilters
from .notify import (
    MESSAGE_TYPES,
    SUBSCRIPTIONS,
    TARGET_TYPES,
    NotificationTarget,
    Notifier,
    OutgoingCall,
    join_url,
    normalise_url,
)
from .player import Player, default_players
from .profiles import Profiles
from .pushes import PushMessage
from .recording import RecordedRequest
from .sharing import ShareLinks
from .tv import Channel, default_channels
from .voicemail import VoicemailBox
from .wifi import GuestWifi

API_VERSION = "15.0"
API_MAJOR = 15
#: Notification targets take our own ``api_url`` since v11 (document, "API change (v11.0)").
TARGET_API_URL_SINCE = 11


@dataclass
class BoxInfo:
    """Identity of the simulated box, as ``GET /api_version`` reports it."""

    uid: str = "23b86ec8091013d668829fe12791fdab"
    device_name: str = "Freebox Server"
    device_type: str = "FreeboxServer7,1"
    box_model: str = "fbxgw7-r1/full"
    box_model_name: str = "Freebox v7 (r1)"
    api_domain: str = "s1mu1at0r.fbxos.fr"
    https_available: bool = True
    https_port: int = 3615
    #: the API version this box plays (``--api-version``); it refuses what that lacks
    version: str = API_VERSION

    @property
    def major(self) -> int:
        """The major version, the highest ``/api/v{N}/`` this box serves."""
        return int(self.version.split(".", 1)[0])

    def api_version(self) -> JsonObject:
        """The discovery document."""
        return {
            "uid": self.uid,
            "device_name": self.device_name,
            "api_version": self.version,
            "api_base_url": "/api/",
            "device_type": self.device_type,
            "box_model": self.box_model,
            "box_model_name": self.box_model_name,
            "api_domain": self.api_domain,
            "https_available": self.https_available,
            "https_port": self.https_port,
        }


def _system_config(box: BoxInfo) -> JsonObject:
    config = copy.deepcopy(SYSTEM_CONFIG)
    config["model_info"].update(
        {"name": box.box_model, "pretty_name": box.box_model_name, "has_home_automation": True}
    )
    return config


@dataclass(kw_only=True, eq=False, repr=False)
class SimulatorState:
    """Everything the simulated box knows.

    Args:
        auto_approve: grant authorization requests without waiting for ``approve``.
        authorize_timeout: seconds before a pending authorization turns ``timeout``
            (None: never); later changes go to ``auth.authorize_timeout``.
        omit_empty_lists: answer ``{"success": true}`` without ``result`` for an
            empty list, as real boxes do.
        arming_delay: seconds the alarm takes to arm; later changes go to
            ``home.arming_delay``.
        notify_timeout: seconds allowed to each call to a notification server;
            later changes go to ``notifier.timeout``.
        lan_payload_type: ``type`` of lan_host push payloads ("lan_host" or "lan").
        box: identity of the box.
        push_box_id: the ``box_id`` sent to notification servers (None: the uid); the
            document never says the two are equal.
        put_replaces: ``PUT notif/targets/{id}`` replaces the whole target, as a REST PUT
            does: fields missing from the body are lost.
        drop_unknown_subscriptions: subscription names the box does not know (and those in
            ``refused_subscriptions``) are silently dropped instead of refused.
        normalises_api_url: the box stores ``api_url`` normalised (lower-case scheme and
            host, no default port, a trailing slash) and shows it so.
        calls_register: the box calls ``/register`` when a target is created; False plays a
            box that cannot reach the notification server's URL.
    """

    auto_approve: bool = False
    authorize_timeout: float | None = None
    omit_empty_lists: bool = True
    arming_delay: float = 0.0
    notify_timeout: float = 10.0
    lan_payload_type: str = "lan_host"
    box: BoxInfo = field(default_factory=BoxInfo)
    push_box_id: str | None = None
    put_replaces: bool = False
    drop_unknown_subscriptions: bool = False
    normalises_api_url: bool = False
    calls_register: bool = True

    auth: AuthState = field(init=False)
    notifier: Notifier = field(init=False)
    targets: dict[str, NotificationTarget] = field(init=False, default_factory=dict)
    downloads: DownloadQueue = field(init=False, default_factory=DownloadQueue)
    wifi: GuestWifi = field(init=False, default_factory=GuestWifi)
    home: HomeState = field(init=False)
    players: dict[int, Player] = field(init=False, default_factory=default_players)
    tv_channels: list[Channel] = field(init=False, default_factory=default_channels)
    lan: LanBrowser = field(init=False, default_factory=LanBrowser)
    calls: CallLog = field(init=False, default_factory=CallLog)
    download_files: DownloadFiles = field(init=False, default_factory=DownloadFiles)
    share_links: ShareLinks = field(init=False, default_factory=ShareLinks)
    contacts: ContactBook = field(init=False, default_factory=ContactBook)
    voicemail: VoicemailBox = field(init=False, default_factory=VoicemailBox)
    profiles: Profiles = field(init=False, default_factory=Profiles)
    mac_filters: MacFilters = field(init=False, default_factory=MacFilters)
    system: JsonObject = field(init=False)
    connection: JsonObject = field(init=False)
    wifi_config: JsonObject = field(init=False)
    events: EventHub = field(init=False, default_factory=EventHub)
    requests: list[RecordedRequest] = field(init=False, default_factory=list)
    pushed: list[PushMessage] = field(init=False, default_factory=list)
    box_actions: list[str] = field(init=False, default_factory=list)
    unplugged: bool = field(init=False, default=False)
    #: paths of the requests the box is sitting on (see ``hold``), in arrival order
    held: list[str] = field(init=False, default_factory=list)
    #: subscription names this box refuses (``inval``), for the two spellings of downloads
    refused_subscriptions: set[str] = field(init=False, default_factory=set)
    on_authorization_request: list[Callable[[AppRecord], None]] = field(
        init=False, default_factory=list
    )

    def __post_init__(self) -> None:
        self.auth = AuthState(authorize_timeout=self.authorize_timeout)
        self.notifier = Notifier(timeout=self.notify_timeout)
        self.notifier.listeners.append(lambda _call: self._notify())
        self.home = HomeState(arming_delay=self.arming_delay)
        self.system = _system_config(self.box)
        self.connection = copy.deepcopy(CONNECTION_STATUS)
        self.wifi_config = copy.deepcopy(WIFI_GLOBAL_CONFIG)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._changed = asyncio.Event()
        self._hold_suffix: str | None = None
        self._released = asyncio.Event()

    @property
    def box_id(self) -> str:
        """The id the box sends as ``box_id`` to notification servers (its uid by default)."""
        return self.push_box_id or self.box.uid

    @property
    def outgoing_calls(self) -> list[OutgoingCall]:
        """Every call the box made to notification servers, in order."""
        return self.notifier.calls

    # -- pairing and sessions --------------------------------------------------

    def request_authorization(
        self, app_id: str, app_name: str, app_version: str, device_name: str
    ) -> AppRecord:
        """What ``POST login/authorize/`` does: the request appears on the front panel."""
        record = self.auth.request_authorization(
            app_id, app_name, app_version, device_name, auto_approve=self.auto_approve
        )
        for listener in list(self.on_authorization_request):
            listener(record)
        self._notify()
        return record

    def pending_authorizations(self) -> list[AppRecord]:
        """Authorization requests waiting for the user, oldest first."""
        return self.auth.pending()

    def approve(self, track_id: int | None = None) -> AppRecord:
        """The user grants a pending request (the latest one by default).

        Raises:
            LookupError: nothing pending with that id.
        """
        return self._decide(track_id, "granted")

    def deny(self, track_id: int | None = None) -> AppRecord:
        """The user denies a pending request (the latest one by default).

        Raises:
            LookupError: nothing pending with that id.
        """
        return self._decide(track_id, "denied")

    def time_out(self, track_id: int | None = None) -> AppRecord:
        """Let a pending request time out (the latest one by default).

        Raises:
            LookupError: nothing pending with that id.
        """
        return self._decide(track_id, "timeout")

    def revoke(self, app_id: str) -> None:
        """The user revokes an app: its token becomes ``unknown``, its sessions close."""
        self.auth.revoke(app_id)
        self._notify()

    def grant(self, *permissions: str, app_id: str | None = None) -> None:
        """The user ticks permissions (e.g. ``"settings"``, ``"home"``) for an app, or all apps."""
        self.auth.grant(app_id, *permissions)
        self._notify()

    def withdraw(self, *permissions: str, app_id: str | None = None) -> None:
        """The user unticks permissions for an app, or all apps."""
        self.auth.grant(app_id, *permissions, value=False)
        self._notify()

    def expire_sessions(self) -> None:
        """Every session token stops working (``auth_required`` until a new login)."""
        self.auth.expire_sessions()
        self._notify()

    def session_for(self, token: str | None) -> Session | None:
        """The live session behind a ``X-Fbx-App-Auth`` value."""
        return self.auth.session_for(token)

    # -- notification targets --------------------------------------------------

    def create_target(self, data: JsonObject) -> NotificationTarget:
        """Store a target from a ``POST notif/targets/`` body and call its ``/register``.

        The call is made in the background, as the box does; see ``wait_idle``.

        Raises:
            ApiError: ``inval`` for a bad body.
        """
        if self.box.major < TARGET_API_URL_SINCE:
            raise ApiError("inval", "api_url non supporté par cette version")
        target = _target_from(self._as_stored(data), self._new_target_id(data.get("id")))
        if self.refused_subscriptions & set(target.subscriptions):
            raise ApiError("inval", "subscriptions invalides")
        previous = self.targets.get(target.id)
        self.targets[target.id] = target
        if previous is not None and previous.api_url != target.api_url:
            self._spawn(self._unregister(previous))
        self._spawn(self._register(target))
        self._notify()
        return target

    def update_target(self, target_id: str, data: JsonObject) -> NotificationTarget:
        """Apply a ``PUT notif/targets/{id}``; a new token or api_url is registered again.

        Raises:
            ApiError: ``noent`` or ``inval``.
        """
        current = self.targets.get(target_id)
        if current is None:
            raise ApiError("noent", "Aucun appareil avec cet identifiant")
        if self.put_replaces:
            lost = dict.fromkeys(("name", "api_url", "token"), "")
            merged = {**lost, "type": "", "subscriptions": [], **data, "id": target_id}
            target = _target_as_given(self._as_stored(merged), target_id)
        else:
            merged = {**_target_fields(current), **data, "id": target_id}
            target = _target_from(self._as_stored(merged), target_id)
        target.last_use = current.last_use
        self.targets[target_id] = target
        if target.api_url != current.api_url:
            self._spawn(self._unregister(current))
        if (target.api_url, target.token) != (current.api_url, current.token):
            self._spawn(self._register(target))
        self._notify()
        return target

    def delete_target(self, target_id: str) -> None:
        """Delete a target and call ``DELETE {api_url}/register/{box_id}/{device_id}``.

        Raises:
            ApiError: ``noent``.
        """
        target = self.targets.pop(target_id, None)
        if target is None:
            raise ApiError("noent", "Aucun appareil avec cet identifiant")
        self._spawn(self._unregister(target))
        self._notify()

    def forget_targets(self) -> None:
        """The box loses its targets (a reset): no call to any server."""
        self.targets.clear()
        self._notify()

    # -- pushes ----------------------------------------------------------------

    async def push(self, message: PushMessage) -> list[OutgoingCall]:
        """Send ``message`` to the targets subscribed to its kind, one ``/send`` per server.

        Returns:
            The calls made (empty when no target is subscribed).
        """
        self.pushed.append(message)
        groups: dict[tuple[str, str], list[NotificationTarget]] = {}
        for target in self.targets.values():
            if message.kind in target.kinds():
                groups.setdefault((target.api_url, target.message_type), []).append(target)
        now = int(time.time())
        calls = []
        for (api_url, message_type), targets in groups.items():
            body: JsonObject = {"devices": [t.id for t in targets]}
            if message_type == "notification":
                body["title"] = message.title
                body["body"] = message.body
            body["payload"] = message.payload
            body["box_id"] = self.box_id
            for target in targets:
                target.last_use = now
            calls.append(
                self.notifier.call(
                    "send", "POST", join_url(api_url, "send"), body, event_kind=message.kind
                )
            )
        self._notify()
        return list(await asyncio.gather(*calls))

    async def push_download(self, task_id: int, event: str = "task_done") -> list[OutgoingCall]:
        """Push a downloader event (task_done, task_error, task_seeding_done) for a task."""
        task = self.downloads.tasks.get(task_id)
        name = task.name if task is not None else str(task_id)
        return await self.push(pushes.download(self.box_id, task_id, event, name))

    def progress_task(self, task_id: int, percent: float) -> DownloadTask:
        """Move a download to ``percent`` (0-100) without finishing it (no push).

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.downloads.get(task_id)
        task.set_progress(min(percent, 99.99))
        task.status = "downloading"
        self._notify()
        return task

    async def complete_task(self, task_id: int) -> DownloadTask:
        """Finish a download and push ``task_done``.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.downloads.complete(task_id)
        await self.push_download(task_id, "task_done")
        return task

    async def fail_task(self, task_id: int, error: str = "http_404") -> DownloadTask:
        """Put a download in error and push ``task_error``.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.downloads.fail(task_id, error)
        await self.push_download(task_id, "task_error")
        return task

    async def finish_seeding(self, task_id: int) -> DownloadTask:
        """End a torrent's seeding and push ``task_seeding_done``.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.downloads.finish_seeding(task_id)
        await self.push_download(task_id, "task_seeding_done")
        return task

    async def missed_call(
        self, number: str, name: str | None = None, duration: int = 0
    ) -> JsonObject:
        """Log a missed call and push it (type ``phone``).

        Returns:
            The new CallEntry.
        """
        entry = self.calls.add_missed(number, name, duration)
        await self.push(pushes.missed_call(self.box_id, dict(entry)))
        return entry

    async def new_lan_host(
        self,
        mac: str,
        name: str,
        ip: str,
        *,
        interface: str = "pub",
        host_type: str = "smartphone",
    ) -> JsonObject:
        """A device joins the LAN for the first time: it is listed, pushed
        (``first_connection``) and announced on websockets (``l3addr_reachable``).

        Returns:
            The new LanHost.
        """
        host = self.lan.add(make_host(interface, mac, name, ip, host_type))
        await self.push(pushes.lan_host(self.box_id, host, self.lan_payload_type))
        await self.events.emit("lan_host_l3addr_reachable", copy.deepcopy(host))
        return host

    async def box_state(self, event: str) -> list[OutgoingCall]:
        """Push a box state event: pub_up, enter_sleep, shut_down or reboot."""
        if event not in pushes.BOX_STATE_EVENTS:
            raise ValueError(f"unknown box_state event {event!r}")
        return await self.push(pushes.box_state(self.box_id, event))

    async def password_change(self, ip: str = "192.168.1.42") -> list[OutgoingCall]:
        """Push a password_change event from ``ip``."""
        return await self.push(pushes.password_change(self.box_id, ip))

    async def set_connection(self, state: str) -> list[OutgoingCall]:
        """The Internet link changes state (``up``, ``down``, ``going_up``...); coming
        back up pushes ``box_state``/``pub_up``, as the box does."""
        was_up = self.connection.get("state") == "up"
        self.connection["state"] = state
        self._notify()
        if state == "up" and not was_up:
            return await self.push(pushes.box_state(self.box_id, "pub_up"))
        return []

    async def trigger_alarm(self, event: str = "alarm_triggered") -> list[OutgoingCall]:
        """The siren goes off: the alarm state turns ``alert`` and a security push is sent."""
        self.home.set_alarm_state("alert")
        return await self.push(pushes.security(self.box_id, event))

    # -- websocket events ------------------------------------------------------

    async def emit_ws_event(self, event_name: str, result: Any = None) -> int:
        """Send an event to the websockets registered for it; returns how many got it."""
        return await self.events.emit(event_name, result)

    async def set_host_reachable(self, host_id: str, reachable: bool) -> JsonObject:
        """A host's addresses become (un)reachable; websockets hear ``lan_host_l3addr_*``.

        Raises:
            KeyError: no such host.
        """
        host = self.lan.set_reachable(host_id, reachable)
        name = "reachable" if reachable else "unreachable"
        await self.events.emit(f"lan_host_l3addr_{name}", copy.deepcopy(host))
        return host

    async def drop_websockets(self) -> int:
        """Close every websocket; returns how many were open."""
        return await self.events.drop_all()

    # -- box -------------------------------------------------------------------

    async def unplug(self) -> None:
        """The box drops off the network: every connection is cut until ``plug()``."""
        self.unplugged = True
        await self.drop_websockets()

    def plug(self) -> None:
        """The box is back on the network (its sessions and sockets were lost meanwhile)."""
        self.unplugged = False
        self.expire_sessions()

    def hold(self, path_suffix: str = "") -> None:
        """The box stops answering requests whose path ends with ``path_suffix`` (every
        request by default): each waits, connection open, until ``release()``.

        A busy or hung box does this; an unplugged one cuts connections instead.
        """
        self._hold_suffix = path_suffix.rstrip("/")
        self._released = asyncio.Event()

    def release(self) -> None:
        """The held requests get their answers; new ones are answered at once."""
        self._hold_suffix = None
        self._released.set()

    async def sit_on(self, path: str) -> None:
        """What the routes do first: wait here while ``hold`` covers ``path``."""
        suffix = self._hold_suffix
        if suffix is None or not path.rstrip("/").endswith(suffix):
            return
        released = self._released
        self.held.append(path)
        self._notify()
        try:
            await released.wait()
        finally:
            self.held.remove(path)
            self._notify()

    async def reboot(self, event: str = "reboot") -> None:
        """What follows ``system/reboot`` (or ``shutdown``): push, drop sockets and sessions."""
        self.box_actions.append(event)
        await self.push(pushes.box_state(self.box_id, event))
        await self.drop_websockets()
        self.expire_sessions()

    # -- observation -----------------------------------------------------------

    def record_request(self, request: RecordedRequest) -> None:
        """Remember a received request."""
        self.requests.append(request)
        self._notify()

    def requests_to(self, path_suffix: str, method: str | None = None) -> list[RecordedRequest]:
        """Received requests whose path ends with ``path_suffix`` (and with ``method``)."""
        return [
            r
            for r in self.requests
            if r.path.rstrip("/").endswith(path_suffix.rstrip("/"))
            and (method is None or r.method == method.upper())
        ]

    async def wait_until(self, predicate: Callable[[], object]) -> None:
        """Wait until ``predicate()`` is true; re-checked after every change of state.

        Wrap it in ``asyncio.timeout``.
        """
        while not predicate():
            changed = self._changed
            await changed.wait()

    async def wait_idle(self) -> None:
        """Wait for the background calls (``/register`` and so on) to finish."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def changed(self) -> None:
        """Wake up ``wait_until`` callers (the state changed outside the controls)."""
        self._notify()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Run ``coro`` in the background, tracked by ``wait_idle`` and ``aclose``."""
        self._spawn(coro)

    async def aclose(self) -> None:
        """Stop background work, close websockets and the HTTP client."""
        self.release()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        self.home.close()
        await self.events.drop_all()
        await self.notifier.aclose()

    # -- internals -------------------------------------------------------------

    def _decide(self, track_id: int | None, status: AuthStatus) -> AppRecord:
        record = self.auth.decide(track_id, status)
        self._notify()
        return record

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _as_stored(self, data: JsonObject) -> JsonObject:
        """The body as this box keeps it: unknown subscriptions refused or dropped, api_url."""
        stored = dict(data)
        subscriptions = data.get("subscriptions", [])
        if isinstance(subscriptions, list):
            known = set(SUBSCRIPTIONS) - self.refused_subscriptions
            unknown = [s for s in subscriptions if not isinstance(s, str) or s not in known]
            if unknown and not self.drop_unknown_subscriptions:
                raise ApiError("inval", "subscriptions invalides")
            stored["subscriptions"] = [s for s in subscriptions if s not in unknown]
        api_url = data.get("api_url")
        if self.normalises_api_url and isinstance(api_url, str) and api_url:
            stored["api_url"] = normalise_url(api_url)
        return stored

    def _new_target_id(self, wanted: object) -> str:
        if isinstance(wanted, str) and wanted:
            return wanted
        return str(uuid.uuid4())

    async def _register(self, target: NotificationTarget) -> OutgoingCall | None:
        if not self.calls_register:
            return None
        body = {
            "box_id": self.box_id,
            "device_type": target.type,
            "token": target.token,
            "device_name": target.name,
            "device_id": target.id,
        }
        return await self.notifier.call(
            "register", "POST", join_url(target.api_url, "register"), body
        )

    async def _unregister(self, target: NotificationTarget) -> OutgoingCall:
        url = join_url(target.api_url, "register", self.box_id, target.id)
        return await self.notifier.call("unregister", "DELETE", url, None)


def _target_fields(target: NotificationTarget) -> JsonObject:
    return {
        "name": target.name,
        "type": target.type,
        "api_url": target.api_url,
        "token": target.token,
        "subscriptions": list(target.subscriptions),
        "message_type": target.message_type,
    }


def _target_as_given(data: JsonObject, target_id: str) -> NotificationTarget:
    """A target from a replacing PUT: what the body lacks is lost, not refused."""
    return NotificationTarget(
        id=target_id,
        name=str(data.get("name") or ""),
        type=str(data.get("type") or ""),
        api_url=str(data.get("api_url") or ""),
        token=str(data.get("token") or ""),
        subscriptions=[str(s) for s in data.get("subscriptions") or []],
        message_type=str(data.get("message_type") or "notification"),
    )


def _target_from(data: JsonObject, target_id: str) -> NotificationTarget:
    """Validate a NotificationTarget body.

    Raises:
        ApiError: ``inval``.
    """
    name, kind, api_url, token = (
        data.get("name"),
        data.get("type"),
        data.get("api_url"),
        data.get("token"),
    )
    subscriptions = data.get("subscriptions", [])
    message_type = data.get("message_type", "notification")
    if not isinstance(name, str) or not name:
        raise ApiError("inval", "name invalide")
    if kind not in TARGET_TYPES:
        raise ApiError("inval", "type invalide")
    if not isinstance(api_url, str) or not api_url.startswith(("http://", "https://")):
        raise ApiError("inval", "api_url invalide")
    if not isinstance(token, str):
        raise ApiError("inval", "token invalide")
    if not isinstance(subscriptions, list) or not all(s in SUBSCRIPTIONS for s in subscriptions):
        raise ApiError("inval", "subscriptions invalides")
    if message_type not in MESSAGE_TYPES:
        raise ApiError("inval", "message_type invalide")
    return NotificationTarget(
        id=target_id,
        name=name,
        type=str(kind),
        api_url=api_url,
        token=token,
        subscriptions=[str(s) for s in subscriptions],
        message_type=str(message_type),
    )
