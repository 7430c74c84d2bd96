"""The bot's session on the box, and the permissions the owner ticked for it."""

from __future__ import annotations

from bot.box.pairing import NEEDED_PERMISSIONS
from bot.doctor.report import Line, fail, ok
from freeboxos import AuthRequiredError, FreeboxClient
from freeboxos.errors import AccessRevokedError, RateLimitedError


async def session_lines(client: FreeboxClient) -> list[Line]:
    """A fresh login (permissions are read at login); raises FreeboxConnectionError."""
    try:
        await client.session_token(renew=True)
    except AccessRevokedError:
        return [fail("doctor-session-revoked")]
    except RateLimitedError:
        return [fail("doctor-session-ratelimited")]
    except AuthRequiredError:
        return [fail("doctor-session-refused")]
    granted = client.permissions
    absent = [p for p in NEEDED_PERMISSIONS if not granted.get(p)]
    lines = [ok("doctor-session-ok")]
    if absent:
        lines.append(fail("doctor-permissions-missing", permissions=", ".join(absent)))
    else:
        lines.append(ok("doctor-permissions-ok", permissions=", ".join(NEEDED_PERMISSIONS)))
    return lines
