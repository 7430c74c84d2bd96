"""A finished download's files, share links and the connection configuration.

Files need ``downloader``; share links need ``explorer``; reading the connection
configuration is always allowed (doc line 869: reading settings needs no permission).
"""

from __future__ import annotations

from aiohttp import web

from .envelope import ok
from .routing import Route, int_param, json_body, route, state_of


@route("GET", "downloads/{task_id}/files", permission="downloader")
async def list_download_files(request: web.Request) -> web.Response:
    """The DownloadFiles of a task (``preview_url`` on bittorrent files)."""
    state = state_of(request)
    task = state.downloads.get(int_param(request, "task_id", "task_not_found"))
    return ok(state.download_files.of(task), omit_empty=state.omit_empty_lists)


@route("GET", "share_link/", permission="explorer")
async def list_share_links(request: web.Request) -> web.Response:
    """Every ShareLink."""
    state = state_of(request)
    return ok(state.share_links.all(), omit_empty=state.omit_empty_lists)


@route("POST", "share_link/", permission="explorer")
async def create_share_link(request: web.Request) -> web.Response:
    """Share a path until ``expire``."""
    return ok(state_of(request).share_links.create(json_body(request)))


@route("GET", "share_link/{token}", permission="explorer")
async def get_share_link(request: web.Request) -> web.Response:
    """One ShareLink."""
    return ok(state_of(request).share_links.get(request.match_info["token"]))


@route("DELETE", "share_link/{token}", permission="explorer")
async def delete_share_link(request: web.Request) -> web.Response:
    """Revoke a ShareLink."""
    state_of(request).share_links.delete(request.match_info["token"])
    return ok()


@route("GET", "connection/config/")
async def get_connection_config(request: web.Request) -> web.Response:
    """ConnectionConfiguration: whether remote access (and so share links) works."""
    return ok(dict(state_of(request).share_links.config))


ROUTES: list[Route] = [
    list_download_files,
    list_share_links,
    create_share_link,
    get_share_link,
    delete_share_link,
    get_connection_config,
]
