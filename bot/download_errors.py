"""Why a download failed, in the chat's language, from the error code the box gives its task.

The codes are the document's "Download Task / TaskFile Errors"; every HTTP status the box
reports as `http_404` (or `http_4xx`) reads as one sentence naming the status.
"""

from __future__ import annotations

import re

from bot.i18n import translate

KNOWN_CODES = frozenset(
    {
        "internal",
        "disk_full",
        "unknown",
        "parse_error",
        "http_redirections_exceeded",
        "nzb_no_group",
        "nzb_not_found",
        "nzb_invalid_crc",
        "nzb_invalid_size",
        "nzb_invalid_filename",
        "nzb_open_failed",
        "nzb_write_failed",
        "nzb_missing_size",
        "nzb_decode_error",
        "nzb_missing_segments",
        "nzb_error",
        "unknown_host",
        "timeout",
        "bad_authentication",
        "connection_refused",
        "nzb_authentication_required",
        "bt_tracker_error",
        "bt_missing_files",
        "bt_file_error",
        "missing_ctx_file",
    }
)
_HTTP = re.compile(r"http_([1-5][0-9x]{2})")
CODE_LIMIT = 40
"""An unknown code is shown as written, cut: Fluent gives up on a placeable past 2,500."""


def download_error_text(language: str | None, code: str | None) -> str:
    """A short reason ("the disk is full"); an unknown code is named as the box wrote it."""
    code = (code or "").strip()
    if code in KNOWN_CODES:
        return translate(language, f"download-reason-{code}")
    if status := _HTTP.fullmatch(code):
        return translate(language, "download-reason-http", status=status.group(1))
    if not code or code == "none":
        return translate(language, "download-reason-unknown")
    return translate(language, "download-reason-other", code=code[:CODE_LIMIT])
