"""The FreeboxOS login flow, as the API document describes it.

Pairing happens once: `login/authorize/` makes the box ask the user on its front
panel, and answers an app_token and a track_id; polling `login/authorize/{id}`
tells when the user granted it. Then every session starts with a challenge
(`login/`) and proves knowledge of the app_token without sending it:
password = hmac-sha1(key=app_token, msg=challenge), posted to `login/session/`.

These helpers do no I/O themselves: they call the client's request funnel,
passed in as a `Caller`, so the client stays the only code on the network.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from freeboxos.errors import FreeboxApiError
from freeboxos.models import AuthorizationRequest, AuthorizationStatus, SessionInfo
from freeboxos.tokens import AppCredentials


@dataclass(frozen=True, kw_only=True)
class AppInfo:
    """How this app introduces itself to the box (shown on its front panel)."""

    app_id: str
    app_name: str
    app_version: str
    device_name: str


class Caller(Protocol):
    """An unauthenticated call through the client's funnel, returning `result`."""

    async def __call__(
        self, method: str, path: str, *, json: Mapping[str, Any] | None = None
    ) -> Any: ...


def compute_password(app_token: str, challenge: str) -> str:
    """Return hmac-sha1(app_token, challenge) as lowercase hex, the session password."""
    return hmac.new(app_token.encode(), challenge.encode(), hashlib.sha1).hexdigest()


async def request_authorization(call: Caller, app: AppInfo) -> AuthorizationRequest:
    """Ask the box for an app_token; the user must approve on the front panel."""
    payload = {
        "app_id": app.app_id,
        "app_name": app.app_name,
        "app_version": app.app_version,
        "device_name": app.device_name,
    }
    return AuthorizationRequest.from_api(await call("POST", "login/authorize/", json=payload))


async def track_authorization(call: Caller, track_id: int) -> AuthorizationStatus:
    """Read the progress of a pairing request (the box requires this polling)."""
    return AuthorizationStatus.from_api(await call("GET", f"login/authorize/{track_id}"))


async def get_challenge(call: Caller) -> str:
    """Fetch the current login challenge; it changes often and expires."""
    result = await call("GET", "login/")
    return str(result["challenge"])


async def open_session(call: Caller, credentials: AppCredentials, app_version: str) -> SessionInfo:
    """Open a session with a fresh challenge and return its token and permissions."""
    challenge = await get_challenge(call)
    payload = {
        "app_id": credentials.app_id,
        "app_version": app_version,
        "password": compute_password(credentials.app_token, challenge),
    }
    return SessionInfo.from_api(await call("POST", "login/session/", json=payload))


class LoginBackoff:
    """Spaces out logins after the box refused one (revoked token, rate limit).

    A refused login is answered by the box, so retrying at once only counts more auth
    errors against our IP (`ratelimited`). After each refusal the next attempt waits
    twice as long, from `first_delay` up to `max_delay`; until then the last refusal is
    raised again without asking the box. Time comes from the injected clock.
    """

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        first_delay: timedelta = timedelta(minutes=1),
        max_delay: timedelta = timedelta(hours=1),
    ) -> None:
        self._clock = clock
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._failures = 0
        self._retry_at: datetime | None = None
        self._refusal: FreeboxApiError | None = None

    @property
    def retry_at(self) -> datetime | None:
        """When the next login may reach the box (None: now)."""
        return self._retry_at

    def check(self) -> None:
        """Raise the last refusal again while the wait is not over.

        Raises:
            FreeboxApiError: the same kind of error the box last answered.
        """
        refusal = self._refusal
        if refusal is None or self._retry_at is None or self._clock() >= self._retry_at:
            return
        raise type(refusal)(
            f"{refusal.msg} (next login attempt at {self._retry_at:%H:%M:%S} UTC)",
            error_code=refusal.error_code,
            http_status=refusal.http_status,
        )

    def refused(self, refusal: FreeboxApiError) -> None:
        """Note a login the box refused; the next one waits longer."""
        delay = min(self._first_delay * 2 ** min(self._failures, 20), self._max_delay)
        self._failures += 1
        self._refusal = refusal
        self._retry_at = self._clock() + delay

    def reset(self) -> None:
        """A login succeeded, or a new token was granted: the next login goes at once."""
        self._failures = 0
        self._retry_at = None
        self._refusal = None
