"""The files of each download task (DownloadFile, doc lines 12977-13150).

A task's files are made from the task itself (one file named after it) unless a test
or demo set them with ``DownloadFiles.set``. Bittorrent files get a ``preview_url``, a
share link usable without authentication (doc lines 13035-13037); others get none.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from urllib.parse import quote

from .downloads import DownloadTask
from .envelope import JsonObject

#: Where preview links point: the address of the document's share link examples.
PREVIEW_ROOT = "http://13.37.42.69/api/v8/share"


def _encode(path: str) -> str:
    return base64.b64encode(path.encode("utf-8")).decode("ascii")


def _decode(path: str) -> str:
    return base64.b64decode(path).decode("utf-8", errors="replace")


def make_file(task: DownloadTask, index: int, name: str, size: int, mimetype: str) -> JsonObject:
    """A DownloadFile of ``task``, shaped like the document's example."""
    finished = task.status in ("done", "seeding")
    status = "error" if task.status == "error" else "done" if finished else "queued"
    directory = _decode(task.download_dir).rstrip("/")
    file: JsonObject = {
        "id": f"{task.id}-{index}",
        "task_id": str(task.id),
        "path": f"{directory}/{name}",
        "filepath": _encode(f"{directory}/{name}"),
        "mimetype": mimetype,
        "name": name,
        "rx": size if finished else min(task.rx_bytes, size),
        "status": status,
        "priority": "normal",
        "error": task.error if status == "error" else "none",
        "size": size,
    }
    if task.type == "bt":
        token = hashlib.sha256(f"{task.id}/{name}".encode()).hexdigest()[:16]
        file["preview_url"] = f"{PREVIEW_ROOT}/{token}/{quote(name)}"
    return file


class DownloadFiles:
    """Files set by hand for some tasks; the others have one file named after the task."""

    def __init__(self) -> None:
        self._set: dict[int, list[tuple[str, int, str]]] = {}

    def set(self, task_id: int, files: list[tuple[str, int, str]]) -> None:
        """Give ``task_id`` these files, as (name, size, mimetype)."""
        self._set[task_id] = list(files)

    def of(self, task: DownloadTask) -> list[JsonObject]:
        """The task's files as ``GET downloads/{id}/files`` lists them."""
        files = self._set.get(task.id)
        if files is None:
            mimetype = mimetypes.guess_type(task.name)[0] or "application/octet-stream"
            files = [(task.name, task.size, mimetype)]
        return [make_file(task, i, *file) for i, file in enumerate(files, start=1)]
