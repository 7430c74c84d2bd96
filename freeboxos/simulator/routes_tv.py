"""TV API: the channels' names by uuid, and the bouquet's numbers by uuid.

Not in the API document, but what Freebox OS itself reads to show the channel list; the
bot reads it to open `/tv France 2` by name. A box without TV (``tv_channels`` empty)
answers an empty bouquet.
"""

from __future__ import annotations

from aiohttp import web

from .envelope import ok
from .routing import Route, route, state_of

_PERMISSION = "player"


@route("GET", "tv/channels/", permission=_PERMISSION)
async def list_channels(request: web.Request) -> web.Response:
    """Every channel the box knows, keyed by uuid."""
    channels = state_of(request).tv_channels
    return ok(
        {
            c.uuid: {"uuid": c.uuid, "name": c.name, "short_name": c.name[:8], "available": True}
            for c in channels
        }
    )


@route("GET", "tv/bouquets/freeboxtv/channels/", permission=_PERMISSION)
async def bouquet_channels(request: web.Request) -> web.Response:
    """The Freebox TV bouquet: number, sub-number and availability of each uuid."""
    channels = state_of(request).tv_channels
    return ok(
        [
            {
                "uuid": c.uuid,
                "number": c.number,
                "sub_number": c.sub_number,
                "available": c.available,
                "pub_service": False,
            }
            for c in channels
        ]
    )


ROUTES: list[Route] = [list_channels, bouquet_channels]
