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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

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
