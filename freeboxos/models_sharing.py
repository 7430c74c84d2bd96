"""Models for acting on a finished download: its files, share links, remote access.

A share link is only usable from outside when the box's HTTP remote access is on
(doc line 16043); `RemoteAccess` says whether it is, so a caller can tell people why a
link cannot be handed out instead of sending an empty URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from freeboxos.models import _bool, _int, _opt_str, _str, _timestamp, decode_path

#: Mime type prefixes a Freebox Player can play.
_PLAYABLE_PREFIXES = ("video/", "audio/")


@dataclass(frozen=True, kw_only=True)
class DownloadFile:
    """A file of a download task (DownloadFile, doc line 12977).

    `preview_url` is a share link usable as is, without authentication; the box gives
    one for bittorrent files only (doc lines 13035-13037).
    """

    id: str
    task_id: int
    name: str
    path: str = ""
    mimetype: str = ""
    size: int = 0
    rx: int = 0
    status: str = "queued"
    error: str = "none"
    priority: str = "normal"
    preview_url: str | None = None

    @property
    def playable(self) -> bool:
        """A finished video or audio file with a URL a player can open."""
        return (
            self.status == "done"
            and self.preview_url is not None
            and self.mimetype.startswith(_PLAYABLE_PREFIXES)
        )

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        # `path` is deprecated (plain text); `filepath` is base64 as in the file system API.
        filepath = data.get("filepath")
        path = decode_path(filepath) if filepath else _str(data.get("path"))
        return cls(
            id=_str(data["id"]),
            task_id=_int(data.get("task_id")),
            name=_str(data.get("name")),
            path=path,
            mimetype=_str(data.get("mimetype")),
            size=_int(data.get("size")),
            rx=_int(data.get("rx")),
            status=_str(data.get("status"), "queued"),
            error=_str(data.get("error"), "none"),
            priority=_str(data.get("priority"), "normal"),
            preview_url=_opt_str(data.get("preview_url")) or None,
        )


@dataclass(frozen=True, kw_only=True)
class ShareLink:
    """A file sharing link (ShareLink, doc line 16056).

    `url` is empty when remote access is off (doc line 16078); `expire` None never expires.
    """

    token: str
    path: str
    name: str = ""
    expire: dt.datetime | None = None
    url: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            token=_str(data["token"]),
            path=decode_path(data.get("path")),
            name=_str(data.get("name")),
            expire=_timestamp(data.get("expire")),
            url=_str(data.get("fullurl")),
        )


@dataclass(frozen=True, kw_only=True)
class RemoteAccess:
    """Whether the box can be reached from outside, from its ConnectionConfiguration
    (doc lines 2816-2860)."""

    enabled: bool
    port: int = 0
    ip: str | None = None
    api_enabled: bool = False

    @property
    def shares_work(self) -> bool:
        """Share links (and `preview_url`s) need HTTP remote access (doc line 16043)."""
        return self.enabled

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            enabled=_bool(data.get("remote_access")),
            port=_int(data.get("remote_access_port")),
            ip=_opt_str(data.get("remote_access_ip")) or None,
            api_enabled=_bool(data.get("api_remote_access")),
        )
