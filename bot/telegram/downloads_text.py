"""How a download task reads in a chat: progress bar, speed and time left in human units."""

from __future__ import annotations

import html

from bot.download_errors import download_error_text
from bot.i18n import translate
from freeboxos import DownloadTask

BAR_CELLS = 10
# Statuses after which a followed message stops changing (seeding: the file is complete).
FINISHED = frozenset({"done", "seeding", "error"})
_UNITS = (
    "downloads-unit-b",
    "downloads-unit-kb",
    "downloads-unit-mb",
    "downloads-unit-gb",
    "downloads-unit-tb",
)
_EMOJI = {
    "downloading": "⬇️",
    "stopped": "⏸",
    "queued": "⏳",
    "error": "❌",
    "seeding": "🌱",
    "done": "✅",
}


def progress_bar(progress: float) -> str:
    """Ten cells, filled in proportion: ▓▓▓▓░░░░░░ for 0.42."""
    filled = min(BAR_CELLS, max(0, int(progress * BAR_CELLS)))
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def human_size(language: str, size: int) -> str:
    """A byte count in the largest unit below 1024 of it: 1,2 Mo / 1.2 MB."""
    value, unit = float(max(size, 0)), 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value, unit = value / 1024, unit + 1
    return translate(
        language, "downloads-size", value=value, unit=translate(language, _UNITS[unit])
    )


def human_duration(language: str, seconds: int) -> str:
    """A duration to the nearest useful unit: 45 s, 12 min, 1 h 05 min, 2 j 3 h."""
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 60:
        return translate(language, "downloads-duration-seconds", s=max(seconds, 0))
    if seconds < 3600:
        return translate(language, "downloads-duration-minutes", m=minutes)
    if seconds < 86400:
        return translate(language, "downloads-duration-hours", h=hours, m=f"{minutes % 60:02d}")
    return translate(language, "downloads-duration-days", d=days, h=hours % 24)


def progress_line(language: str, task: DownloadTask) -> str:
    """Bar, percentage, then speed and time left (or the status when not downloading)."""
    if task.status == "error":
        reason = html.escape(download_error_text(language, task.error))
        return translate(language, "downloads-failed-line", error=reason)
    if task.status in ("seeding", "done"):
        return translate(language, "downloads-status", status=task.status)
    parts = [
        progress_bar(task.progress),
        translate(language, "downloads-percent", pct=int(task.progress * 100)),
    ]
    if task.status != "downloading":
        parts.append("· " + translate(language, "downloads-status", status=task.status))
    else:
        if task.rx_rate > 0:
            speed = human_size(language, task.rx_rate)
            parts.append("· " + translate(language, "downloads-speed", speed=speed))
        if task.eta > 0:
            left = human_duration(language, task.eta)
            parts.append("· " + translate(language, "downloads-eta", duration=left))
    return " ".join(parts)


def task_title(task: DownloadTask, index: int | None = None) -> str:
    """The task's emoji and name in bold, numbered when it is one of a list (HTML)."""
    number = f"{index}. " if index is not None else ""
    emoji = _EMOJI.get(task.status, "🔄")
    return f"{number}{emoji} <b>{html.escape(task_name(task))}</b>"


def task_name(task: DownloadTask) -> str:
    return task.name or f"#{task.id}"


def task_block(language: str, task: DownloadTask, index: int | None = None) -> str:
    """Two lines: the title, then the progress (HTML)."""
    return f"{task_title(task, index)}\n{progress_line(language, task)}"


def follow_text(language: str, task: DownloadTask | None) -> str:
    """The text of a followed message: live progress, or the final word once it ended."""
    if task is None:
        return translate(language, "downloads-follow-gone")
    name = html.escape(task_name(task))
    if task.status in ("done", "seeding"):
        return translate(language, "downloads-follow-done", name=name)
    if task.status == "error":
        reason = html.escape(download_error_text(language, task.error))
        return translate(language, "downloads-follow-error", name=name, error=reason)
    return task_block(language, task)


def is_finished(task: DownloadTask | None) -> bool:
    """Whether a followed message has reached its final text."""
    return task is None or task.status in FINISHED
