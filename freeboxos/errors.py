"""One exception family for everything the FreeboxOS client raises.

"The box is unreachable" and "the box said no" are separate branches, so a caller
can retry the first and explain the second::

    FreeboxError                      error_code, msg, http_status
    ├── FreeboxConnectionError        timeout, refused, TLS, non-JSON answer
    └── FreeboxApiError               the box answered success=false
        ├── AuthRequiredError         auth_required, invalid_session, pending_token
        │   └── AccessRevokedError    invalid_token: the app token was revoked (or reset)
        ├── RateLimitedError          ratelimited: too many auth errors from this IP
        ├── DeniedFromExternalIpError denied_from_external_ip: pairing from outside
        ├── InsufficientRightsError   insufficient_rights (+ missing_right)
        ├── NotFoundError             noent, nodev, nohost, task_not_found...
        └── InvalidRequestError       invalid_request, inval

Any other error_code gives a plain FreeboxApiError; read its `error_code`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class FreeboxError(Exception):
    """Base of every error raised by the client.

    Attributes:
        error_code: the box's `error_code` (None when the box did not answer).
        msg: the box's message (French), or ours when the box did not answer.
        http_status: the HTTP status of the answer, if there was one.
    """

    def __init__(
        self, msg: str, *, error_code: str | None = None, http_status: int | None = None
    ) -> None:
        super().__init__(f"{msg} [{error_code}]" if error_code else msg)
        self.msg = msg
        self.error_code = error_code
        self.http_status = http_status


class FreeboxConnectionError(FreeboxError):
    """The box could not be reached or did not answer with a JSON envelope."""


class FreeboxApiError(FreeboxError):
    """The box answered, and refused: `error_code` says why."""


class AuthRequiredError(FreeboxApiError):
    """The session is missing or expired, or the app token is unknown or revoked."""


class AccessRevokedError(AuthRequiredError):
    """The box no longer knows the app token: revoked in Freebox OS, or reset with the
    admin password. Logging in again cannot help; only a new pairing can."""


class RateLimitedError(FreeboxApiError):
    """Too many authentication errors came from this IP: the box refuses for a while."""


class DeniedFromExternalIpError(FreeboxApiError):
    """A new app may be authorized only from the home network (`mafreebox.freebox.fr`)."""


class InsufficientRightsError(FreeboxApiError):
    """The app lacks a permission the user must grant in Freebox OS.

    Attributes:
        missing_right: the permission to grant (for example "settings"), when the
            box names it.
    """

    def __init__(
        self,
        msg: str,
        *,
        error_code: str | None = None,
        http_status: int | None = None,
        missing_right: str | None = None,
    ) -> None:
        super().__init__(msg, error_code=error_code, http_status=http_status)
        self.missing_right = missing_right


class NotFoundError(FreeboxApiError):
    """No object with this id (download task, host, player, notification target...)."""


class InvalidRequestError(FreeboxApiError):
    """The box rejected the parameters."""


ERRORS: dict[str, type[FreeboxApiError]] = {
    "auth_required": AuthRequiredError,
    "invalid_session": AuthRequiredError,
    "invalid_token": AccessRevokedError,
    "ratelimited": RateLimitedError,
    "denied_from_external_ip": DeniedFromExternalIpError,
    "pending_token": AuthRequiredError,
    "insufficient_rights": InsufficientRightsError,
    "noent": NotFoundError,
    "nodev": NotFoundError,
    "nohost": NotFoundError,
    "not_found": NotFoundError,
    "task_not_found": NotFoundError,
    "invalid_id": NotFoundError,
    "invalid_request": InvalidRequestError,
    "inval": InvalidRequestError,
}


def error_from_envelope(http_status: int | None, envelope: Mapping[str, Any]) -> FreeboxApiError:
    """Build the exception matching a failed envelope (`success` false).

    Args:
        http_status: the HTTP status of the answer.
        envelope: the decoded JSON answer.

    Returns:
        An instance of the subclass picked by `ERRORS`, or FreeboxApiError.
    """
    raw_code = envelope.get("error_code")
    error_code = str(raw_code) if raw_code else None
    raw_msg = envelope.get("msg")
    msg = str(raw_msg) if raw_msg else f"the box refused the request (HTTP {http_status})"
    cls = ERRORS.get(error_code or "", FreeboxApiError)
    if cls is InsufficientRightsError:
        missing = envelope.get("missing_right")
        return InsufficientRightsError(
            msg,
            error_code=error_code,
            http_status=http_status,
            missing_right=str(missing) if missing else None,
        )
    return cls(msg, error_code=error_code, http_status=http_status)
