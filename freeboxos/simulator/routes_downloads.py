"""Downloads API: list, get, update, delete, log, and add by URL or file."""

from __future__ import annotations

from aiohttp import web

from .envelope import ApiError, ok
from .recording import FORM, MULTIPART
from .routing import Route, body_of, int_param, json_body, route, state_of

_PERMISSION = "downloader"


@route("GET", "downloads/", permission=_PERMISSION)
async def list_downloads(request: web.Request) -> web.Response:
    """Every Download task."""
    state = state_of(request)
    tasks = [t.to_api() for t in state.downloads.tasks.values()]
    return ok(tasks, omit_empty=state.omit_empty_lists)


@route("GET", "downloads/{task_id}", permission=_PERMISSION)
async def get_download(request: web.Request) -> web.Response:
    """One task."""
    task = state_of(request).downloads.get(int_param(request, "task_id", "task_not_found"))
    return ok(task.to_api())


@route("PUT", "downloads/{task_id}", permission=_PERMISSION)
async def update_download(request: web.Request) -> web.Response:
    """Pause, resume, retry or reprioritise a task."""
    task_id = int_param(request, "task_id", "task_not_found")
    task = state_of(request).downloads.update(task_id, json_body(request))
    return ok(task.to_api())


@route("DELETE", "downloads/{task_id}", permission=_PERMISSION)
async def delete_download(request: web.Request) -> web.Response:
    """Remove a task, keeping its files."""
    state_of(request).downloads.remove(int_param(request, "task_id", "task_not_found"), erase=False)
    return ok()


@route("DELETE", "downloads/{task_id}/erase", permission=_PERMISSION)
async def erase_download(request: web.Request) -> web.Response:
    """Remove a task and its files."""
    state_of(request).downloads.remove(int_param(request, "task_id", "task_not_found"), erase=True)
    return ok()


@route("GET", "downloads/{task_id}/log", permission=_PERMISSION)
async def download_log(request: web.Request) -> web.Response:
    """The task's log, one string."""
    task = state_of(request).downloads.get(int_param(request, "task_id", "task_not_found"))
    return ok("".join(f"{line}\n" for line in task.log))


@route("POST", "downloads/add", permission=_PERMISSION)
async def add_download(request: web.Request) -> web.Response:
    """Add by URL (form) or by file (multipart); JSON is refused, as by real boxes."""
    body = body_of(request)
    if request.content_type not in (FORM, MULTIPART) or body.kind not in ("form", "multipart"):
        raise ApiError("invalid_request")
    queue = state_of(request).downloads
    directory = body.form.get("download_dir")
    upload = body.files.get("download_file")
    if upload is not None:
        return ok({"id": queue.add_file(upload.filename, upload.data, directory).id})
    if "download_url" in body.form:
        return ok({"id": queue.add_urls([body.form["download_url"]], directory)[0].id})
    if "download_url_list" in body.form:
        tasks = queue.add_urls(body.form["download_url_list"].splitlines(), directory)
        return ok({"id": [t.id for t in tasks]})
    raise ApiError("invalid_request")


ROUTES: list[Route] = [
    list_downloads,
    add_download,
    get_download,
    update_download,
    delete_download,
    erase_download,
    download_log,
]
