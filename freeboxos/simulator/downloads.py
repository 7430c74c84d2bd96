"""The download queue: tasks added by URL or file, and their progress."""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from .envelope import ApiError, JsonObject

DEFAULT_DOWNLOAD_DIR: Final = base64.b64encode("/Disque dur/Téléchargements/".encode()).decode()
URL_SCHEMES: Final = frozenset({"http", "https", "ftp", "ftps", "magnet"})
SETTABLE_STATUSES: Final = frozenset({"stopped", "downloading", "queued", "seeding", "retry"})
PRIORITIES: Final = frozenset({"low", "normal", "high"})
#: Statuses from which a task can be started again.
_FINISHED: Final = frozenset({"done", "error", "seeding"})


@dataclass
class DownloadTask:
    """A download task, with the attributes of the document's Download object."""

    id: int
    name: str
    type: str
    url: str
    download_dir: str
    size: int
    created_ts: int
    status: str = "downloading"
    io_priority: str = "normal"
    queue_pos: int = 0
    rx_bytes: int = 0
    tx_bytes: int = 0
    rx_rate: int = 0
    tx_rate: int = 0
    rx_pct: int = 0
    tx_pct: int = 0
    error: str = "none"
    eta: int = 0
    stop_ratio: int = 150
    archive_password: str = ""
    info_hash: str = ""
    piece_length: int = 0
    log: list[str] = field(default_factory=list)
    erased: bool = False

    def to_api(self) -> JsonObject:
        """The task as ``GET downloads/{id}`` shows it."""
        body: JsonObject = {
            "rx_bytes": self.rx_bytes,
            "tx_bytes": self.tx_bytes,
            "download_dir": self.download_dir,
            "archive_password": self.archive_password,
            "eta": self.eta,
            "status": self.status,
            "io_priority": self.io_priority,
            "type": self.type,
            "queue_pos": self.queue_pos,
            "id": self.id,
            "created_ts": self.created_ts,
            "stop_ratio": self.stop_ratio,
            "tx_rate": self.tx_rate,
            "name": self.name,
            "tx_pct": self.tx_pct,
            "rx_pct": self.rx_pct,
            "rx_rate": self.rx_rate,
            "error": self.error,
            "size": self.size,
        }
        if self.type == "bt":
            body["info_hash"] = self.info_hash
            body["piece_length"] = self.piece_length
        return body

    def set_progress(self, pct: float) -> None:
        """Move the task to ``pct`` percent (0-100) of its size, still downloading."""
        pct = max(0.0, min(100.0, pct))
        self.rx_pct = round(pct * 100)
        self.rx_bytes = self.size * self.rx_pct // 10000
        self.rx_rate = 0 if pct >= 100 else 1_250_000
        self.eta = 0 if pct >= 100 else (self.size - self.rx_bytes) // self.rx_rate


def _name_from_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "magnet":
        names = parse_qs(parts.query).get("dn")
        return names[0] if names else "magnet"
    tail = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return tail or parts.netloc or url


def _type_from_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "magnet" or parts.path.endswith(".torrent"):
        return "bt"
    if parts.path.endswith(".nzb"):
        return "nzb"
    return "ftp" if parts.scheme.startswith("ftp") else "http"


def check_download_dir(value: str | None) -> str:
    """Validate a base64 ``download_dir`` (default: the configured one).

    Raises:
        ApiError: ``invalid_request`` when it is not base64.
    """
    if not value:
        return DEFAULT_DOWNLOAD_DIR
    try:
        base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError("invalid_request", "download_dir doit être encodé en base64") from exc
    return value


class DownloadQueue:
    """The tasks of the downloader, by id."""

    def __init__(self) -> None:
        self.tasks: dict[int, DownloadTask] = {}
        self._next_id = 1

    def get(self, task_id: int) -> DownloadTask:
        """The task ``task_id``.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.tasks.get(task_id)
        if task is None:
            raise ApiError("task_not_found")
        return task

    def add_urls(self, urls: list[str], download_dir: str | None = None) -> list[DownloadTask]:
        """Add one task per URL; nothing is added if one URL is refused.

        Raises:
            ApiError: ``invalid_url`` or ``exists``.
        """
        directory = check_download_dir(download_dir)
        urls = [u.strip() for u in urls if u.strip()]
        if not urls:
            raise ApiError("invalid_url")
        known = {t.url for t in self.tasks.values()}
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in URL_SCHEMES or not (parts.netloc or parts.scheme == "magnet"):
                raise ApiError("invalid_url", f"URL invalide : {url}")
            if url in known:
                raise ApiError("exists")
        return [self._add(_name_from_url(u), _type_from_url(u), u, directory, len(u)) for u in urls]

    def add_file(self, filename: str, data: bytes, download_dir: str | None = None) -> DownloadTask:
        """Add a task from an uploaded ``.torrent`` or ``.nzb`` file.

        Raises:
            ApiError: ``invalid_file``.
        """
        directory = check_download_dir(download_dir)
        lower = filename.lower()
        if not data or not lower.endswith((".torrent", ".nzb")):
            raise ApiError("invalid_file")
        kind = "bt" if lower.endswith(".torrent") else "nzb"
        name = filename.rsplit(".", 1)[0]
        return self._add(name, kind, f"file://{filename}", directory, len(data))

    def update(self, task_id: int, changes: JsonObject) -> DownloadTask:
        """Apply a ``PUT downloads/{id}``: status, io_priority, queue_pos.

        Raises:
            ApiError: ``task_not_found``, ``invalid_operation``, ``invalid_priority``.
        """
        task = self.get(task_id)
        priority = changes.get("io_priority")
        if priority is not None and priority not in PRIORITIES:
            raise ApiError("invalid_priority")
        status = changes.get("status")
        if status is not None:
            self._change_status(task, status)
        if priority is not None:
            task.io_priority = priority
        queue_pos = changes.get("queue_pos")
        if isinstance(queue_pos, int) and not isinstance(queue_pos, bool):
            task.queue_pos = queue_pos
        return task

    def remove(self, task_id: int, *, erase: bool) -> DownloadTask:
        """Delete a task, erasing its files or not.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.get(task_id)
        task.erased = erase
        del self.tasks[task_id]
        return task

    def complete(self, task_id: int) -> DownloadTask:
        """Finish a task: ``seeding`` for bittorrent, ``done`` otherwise.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.get(task_id)
        task.set_progress(100)
        task.status = "seeding" if task.type == "bt" else "done"
        task.log.append("download complete")
        return task

    def fail(self, task_id: int, error: str = "http_404") -> DownloadTask:
        """Put a task in ``error`` with the given task error code.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.get(task_id)
        task.status = "error"
        task.error = error
        task.rx_rate = task.tx_rate = 0
        task.log.append(f"error: {error}")
        return task

    def finish_seeding(self, task_id: int) -> DownloadTask:
        """End the seeding of a task: it is ``done`` with its ratio reached.

        Raises:
            ApiError: ``task_not_found``.
        """
        task = self.get(task_id)
        task.set_progress(100)
        task.status = "done"
        task.tx_bytes = task.size * task.stop_ratio // 100
        task.tx_pct = task.stop_ratio * 100
        task.tx_rate = 0
        task.log.append("seeding complete")
        return task

    def _change_status(self, task: DownloadTask, status: object) -> None:
        if not isinstance(status, str) or status not in SETTABLE_STATUSES:
            raise ApiError("invalid_operation")
        if status == "seeding" and task.type != "bt":
            raise ApiError("invalid_operation")
        if status == "retry":
            task.error = "none"
            task.set_progress(0)
            status = "downloading"
        elif status == "downloading" and task.status in _FINISHED:
            status = task.status if task.status != "error" else "downloading"
        task.status = status
        if status in ("stopped", "queued"):
            task.rx_rate = task.tx_rate = 0
        task.log.append(f"status changed to {status}")

    def _add(self, name: str, kind: str, url: str, directory: str, seed: int) -> DownloadTask:
        digest = hashlib.sha1(url.encode()).hexdigest().upper()
        task = DownloadTask(
            id=self._next_id,
            name=name,
            type=kind,
            url=url,
            download_dir=directory,
            size=(int(digest[:6], 16) % 900 + 100) * 1_048_576 + seed,
            created_ts=int(time.time()),
            info_hash=digest if kind == "bt" else "",
            piece_length=524288 if kind == "bt" else 0,
        )
        task.set_progress(0)
        task.log.append(f"task added: {url}")
        self.tasks[task.id] = task
        self._next_id += 1
        return task
