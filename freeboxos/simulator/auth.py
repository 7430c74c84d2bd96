"""App authorization and sessions, as the box's front panel and login API manage them.

The flow: an app asks for a token (``request_authorization``), the user approves
or denies on the front panel (``approve``/``deny``, or it times out), the app
opens sessions with ``hmac-sha1(app_token, challenge)`` and sends the session
token in ``X-Fbx-App-Auth``.

A new request for an app that already has a token leaves that token working until
the user grants the new one. Two refusals can be played: ``local_pairing_only`` (a
request reaching the box by its remote name is ``denied_from_external_ip``) and
``ratelimited`` (every login and authorization refused, as after too many auth errors).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal
from urllib.parse import urlsplit

from .envelope import ApiError

#: The name the box answers to on its own network (the only one it pairs over).
LOCAL_HOSTNAME: Final = "mafreebox.freebox.fr"

AuthStatus = Literal["unknown", "pending", "timeout", "granted", "denied"]

#: What a newly approved app may do. ``settings`` and ``home`` are off: the user
#: must tick them in Freebox OS (see ``SimulatorState.grant``).
DEFAULT_PERMISSIONS: Final[dict[str, bool]] = {
    "settings": False,
    "contacts": True,
    "calls": True,
    "explorer": True,
    "downloader": True,
    "parental": False,
    "pvr": True,
    "profile": False,
    "home": False,
    "camera": False,
    "player": True,
    "tv": True,
    "vm": False,
    "wdo": False,
}


def _random_text(nbytes: int) -> str:
    return base64.b64encode(secrets.token_bytes(nbytes)).decode("ascii")


def session_password(app_token: str, challenge: str) -> str:
    """The password an app sends to open a session: hex of hmac-sha1(app_token, challenge)."""
    return hmac.new(app_token.encode(), challenge.encode(), hashlib.sha1).hexdigest()


@dataclass
class AppRecord:
    """An app that asked for a token, and what the user decided."""

    app_id: str
    app_name: str
    app_version: str
    device_name: str
    app_token: str
    track_id: int
    created_at: float
    status: AuthStatus = "pending"
    permissions: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_PERMISSIONS))


@dataclass
class Session:
    """An open session: the token an app sends in ``X-Fbx-App-Auth``."""

    token: str
    app_id: str
    opened_at: float


class AuthState:
    """Apps, their tokens and sessions, and the current login challenge.

    Args:
        authorize_timeout: seconds after which a pending request turns ``timeout``
            (``None``: never).
        clock: a monotonic clock, injectable for tests.
    """

    def __init__(
        self,
        *,
        authorize_timeout: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.authorize_timeout = authorize_timeout
        self._clock = clock
        #: Permissions given to apps approved from now on.
        self.default_permissions = dict(DEFAULT_PERMISSIONS)
        self.apps: dict[str, AppRecord] = {}
        self.tracks: dict[int, AppRecord] = {}
        self.sessions: dict[str, Session] = {}
        self.challenge = _random_text(24)
        self._next_track_id = 1
        #: Refuse ``login/authorize/`` reaching the box by a name other than its local one.
        self.local_pairing_only = False
        #: Refuse every login and authorization with ``ratelimited``.
        self.ratelimited = False

    # -- front panel -------------------------------------------------------

    def request_authorization(
        self,
        app_id: str,
        app_name: str,
        app_version: str,
        device_name: str,
        *,
        auto_approve: bool = False,
    ) -> AppRecord:
        """Register a token request; the app's current token works until this one is granted.

        With ``auto_approve`` the request is granted at once.

        Raises:
            ApiError: ``ratelimited`` when playing a rate-limited box.
        """
        self._refuse_if_ratelimited()
        record = AppRecord(
            app_id=app_id,
            app_name=app_name,
            app_version=app_version,
            device_name=device_name,
            app_token=_random_text(48),
            track_id=self._next_track_id,
            created_at=self._clock(),
            status="granted" if auto_approve else "pending",
            permissions=dict(self.default_permissions),
        )
        self._next_track_id += 1
        self.tracks[record.track_id] = record
        if auto_approve:
            self._adopt(record)
        return record

    def refuses_pairing_from(self, host: str) -> bool:
        """Whether ``login/authorize/`` sent to ``host`` (the Host header) is refused.

        The box adds apps only from its own network: reached as ``mafreebox.freebox.fr``
        or by an IP address. Any other name is its remote domain (``api_domain``).
        """
        if not self.local_pairing_only:
            return False
        name = (urlsplit(f"//{host}").hostname or "").rstrip(".")
        if name == LOCAL_HOSTNAME:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return True
        return False

    def track_status(self, track_id: int) -> AuthStatus:
        """The status the box reports for ``track_id`` (``unknown`` if there is none)."""
        record = self.tracks.get(track_id)
        if record is None:
            return "unknown"
        self._apply_timeout(record)
        return record.status

    def pending(self) -> list[AppRecord]:
        """Requests still waiting for the user, oldest first."""
        for record in self.tracks.values():
            self._apply_timeout(record)
        return [r for r in self.tracks.values() if r.status == "pending"]

    def decide(self, track_id: int | None, status: AuthStatus) -> AppRecord:
        """Set the user's decision on a pending request (the latest one if ``track_id`` is None).

        Raises:
            LookupError: no such pending request.
        """
        candidates = self.pending()
        if track_id is not None:
            candidates = [r for r in candidates if r.track_id == track_id]
        if not candidates:
            raise LookupError(f"no pending authorization request {track_id or ''}".strip())
        record = candidates[-1]
        record.status = status
        if status == "granted":
            self._adopt(record)
        return record

    def revoke(self, app_id: str) -> None:
        """Revoke an app's token, as the user can in Freebox OS; its sessions close.

        Its requests still pending read ``unknown`` too (the document: "the app_token is
        invalid or has been revoked").
        """
        for record in [*self.tracks.values(), *self.apps.values()]:
            if record.app_id == app_id:
                record.status = "unknown"
        self._close_sessions_of(app_id)

    def grant(self, app_id: str | None, *permissions: str, value: bool = True) -> None:
        """Tick (or untick) permissions of one app, or of every app if ``app_id`` is None."""
        targets = list(self.apps.values()) if app_id is None else [self.apps[app_id]]
        for record in targets:
            for permission in permissions:
                record.permissions[permission] = value

    # -- login API ----------------------------------------------------------

    def open_session(self, app_id: str, password: str) -> tuple[Session, AppRecord]:
        """Check ``password`` against the current challenge and open a session.

        The challenge changes after every attempt, successful or not.

        Raises:
            ApiError: ``invalid_token`` (unknown, revoked, denied app or bad password)
                or ``pending_token``.
        """
        challenge = self.challenge
        self.challenge = _random_text(24)
        self._refuse_if_ratelimited()
        record = self.apps.get(app_id)
        if record is None and any(r.app_id == app_id for r in self.pending()):
            raise ApiError("pending_token", result={"challenge": self.challenge})
        expected = None if record is None else session_password(record.app_token, challenge)
        if (
            record is None
            or record.status != "granted"
            or expected is None
            or not hmac.compare_digest(expected, password.lower())
        ):
            raise ApiError("invalid_token", result={"challenge": self.challenge})
        session = Session(token=_random_text(48), app_id=app_id, opened_at=self._clock())
        self.sessions[session.token] = session
        return session, record

    def session_for(self, token: str | None) -> Session | None:
        """The live session behind ``token``, if any."""
        if not token:
            return None
        session = self.sessions.get(token)
        if session is None:
            return None
        record = self.apps.get(session.app_id)
        if record is None or record.status != "granted":
            return None
        return session

    def close_session(self, token: str | None) -> None:
        """Log out: forget the session (unknown tokens are ignored)."""
        if token:
            self.sessions.pop(token, None)

    def expire_sessions(self) -> None:
        """Forget every session, as the box does after a while or a reboot."""
        self.sessions.clear()

    def permissions_of(self, session: Session) -> dict[str, bool]:
        """The current permissions of the app behind ``session``."""
        return self.apps[session.app_id].permissions

    def _apply_timeout(self, record: AppRecord) -> None:
        if (
            record.status == "pending"
            and self.authorize_timeout is not None
            and self._clock() - record.created_at >= self.authorize_timeout
        ):
            record.status = "timeout"

    def _adopt(self, record: AppRecord) -> None:
        """A granted token becomes the app's token; the one it replaces stops working."""
        previous = self.apps.get(record.app_id)
        if previous is not None and previous is not record:
            previous.status = "unknown"
            self._close_sessions_of(record.app_id)
        self.apps[record.app_id] = record

    def _refuse_if_ratelimited(self) -> None:
        if self.ratelimited:
            raise ApiError(
                "ratelimited",
                "Trop d'erreurs d'authentification depuis votre IP",
                result={"challenge": self.challenge},
            )

    def _close_sessions_of(self, app_id: str) -> None:
        for token in [t for t, s in self.sessions.items() if s.app_id == app_id]:
            del self.sessions[token]
