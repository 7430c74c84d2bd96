"""What an older box refuses: endpoints and fields its API version does not have.

``--api-version N`` makes the simulator answer as such a box: an endpoint added
later is an unknown path (404, as the document's conventions say, line 536), and a
field or value added later is an invalid parameter (``inval``, the notification and
Wi-Fi error tables, lines 18186 and 7351). The table is written from the document's
changelog (lines 1-372), on its own, so that the bot's own reading of that changelog
(``freeboxos.capabilities``) is tested against it rather than trusted.
"""

from __future__ import annotations

from typing import Any, Final

from .envelope import ApiError, JsonObject

Version = tuple[int, int]

#: Route prefixes (relative to /api/v{N}/) and the version that added them.
ENDPOINTS_SINCE: Final[tuple[tuple[str, Version], ...]] = (
    ("wifi/custom_keys/", (14, 0)),  # the dedicated guest network (line 350)
    ("wifi/custom_key/", (5, 0)),  # guest keys (line 138)
    ("home/", (6, 0)),  # line 148
    ("player/", (6, 0)),  # line 149
    ("notif/", (6, 0)),  # line 150
    ("ws/event", (8, 0)),  # line 1106
    ("system/shutdown/", (11, 0)),  # line 270
    ("call/voicemail/", (10, 1)),  # line 247
    ("profile/", (8, 0)),  # line 168
    ("network_control/", (8, 0)),  # line 168
)

_V12_SUBSCRIPTIONS: Final = frozenset({"lan_host", "password_change"})


def parse(version: str) -> Version:
    """ "12.1" -> (12, 1)."""
    major, _, minor = version.partition(".")
    return int(major), int(minor or 0)


def refuse_endpoint(version: str, route_path: str) -> None:
    """Refuse a route this version does not have, as an unknown path.

    Raises:
        ApiError: ``invalid_request`` with 404.
    """
    for prefix, since in ENDPOINTS_SINCE:
        if route_path.startswith(prefix) and parse(version) < since:
            raise ApiError("invalid_request", status=404)


def refuse_fields(version: str, method: str, route_path: str, body: JsonObject) -> None:
    """Refuse a body using fields or values this version does not have.

    Raises:
        ApiError: ``inval``.
    """
    have = parse(version)
    if route_path.startswith("notif/targets/") and method in {"POST", "PUT"}:
        if "api_url" in body and have < (11, 0):  # line 278
            raise ApiError("inval", "api_url inconnu")
        subscriptions: Any = body.get("subscriptions") or []
        names = {str(s) for s in subscriptions} if isinstance(subscriptions, list) else set()
        if have < (12, 0) and _V12_SUBSCRIPTIONS & names:  # lines 310-311
            raise ApiError("inval", "subscriptions invalides")
    if route_path == "wifi/custom_key/" and method == "POST" and have < (12, 1):
        params = body["params"] if isinstance(body.get("params"), dict) else body
        if str(params.get("max_use_count", 0)).strip() == "0":  # line 321
            raise ApiError("inval", "max_use_count invalide")
