"""Share links (doc lines 16039-16212) and the connection configuration that says
whether the box is reachable from outside (doc lines 2816-2960).

A link's ``fullurl`` is empty while HTTP remote access is off (doc line 16078).
"""

from __future__ import annotations

import base64
import binascii
import copy
import secrets
from typing import Any, Final

from .envelope import ApiError, JsonObject

#: The document's example (line 2940), except that remote access is on (a share link
#: is useless otherwise) and the IP is the share examples' one (312.13.37.42 is no IP).
CONNECTION_CONFIG: Final[JsonObject] = {
    "ping": True,
    "is_secure_pass": True,
    "remote_access_port": 80,
    "remote_access_min_port": 1,
    "remote_access_max_port": 65535,
    "remote_access": True,
    "wol": False,
    "adblock": False,
    "adblock_not_set": False,
    "api_remote_access": True,
    "allow_token_request": True,
    "remote_access_ip": "13.37.42.69",
}

#: The document's example links (line 16103), with paths made valid base64.
EXAMPLE_LINKS: Final[list[tuple[str, str, int]]] = [
    ("/Disque dur/Photos/Mes vacances en roulotte", "gAnweF2Xg50wcJwn", 1355852344),
    ("/Disque dur/shared", "s8a+4Vt0QNkkQ55f", 1355866268),
]


def _decode_path(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ApiError("path_not_found", "Fichier ou dossier introuvable", status=404)
    try:
        path = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError("path_not_found", "Fichier ou dossier introuvable", status=404) from exc
    if not path.startswith("/"):
        raise ApiError("path_not_found", "Fichier ou dossier introuvable", status=404)
    return path


class ShareLinks:
    """The box's share links, by token, and its remote access configuration."""

    def __init__(self) -> None:
        self.config: JsonObject = copy.deepcopy(CONNECTION_CONFIG)
        self.links: dict[str, JsonObject] = {}
        for path, token, expire in EXAMPLE_LINKS:
            self._store(path, token, expire)

    def fullurl(self, token: str) -> str:
        """The link's URL from outside; empty while remote access is off."""
        if not self.config.get("remote_access"):
            return ""
        ip, port = self.config.get("remote_access_ip"), self.config["remote_access_port"]
        host = ip if port == 80 else f"{ip}:{port}"
        return f"http://{host}/api/v8/share/{token}/"

    def set_remote_access(self, enabled: bool) -> None:
        """The user switches HTTP remote access in Freebox OS."""
        self.config["remote_access"] = enabled
        for token, link in self.links.items():
            link["fullurl"] = self.fullurl(token)

    def all(self) -> list[JsonObject]:
        """Every link; the document does not say the box drops expired ones, so it keeps them."""
        return [dict(link) for link in self.links.values()]

    def create(self, body: JsonObject) -> JsonObject:
        """``POST share_link/``: share ``path`` until ``expire``.

        Raises:
            ApiError: ``path_not_found`` or ``inval``.
        """
        path = _decode_path(body.get("path"))
        expire = body.get("expire", 0)
        if not isinstance(expire, int) or isinstance(expire, bool) or expire < 0:
            raise ApiError("inval", "expire invalide")
        return dict(self._store(path, secrets.token_urlsafe(12), expire))

    def delete(self, token: str) -> None:
        """``DELETE share_link/{token}``.

        Raises:
            ApiError: ``invalid_id``.
        """
        if self.links.pop(token, None) is None:
            raise ApiError("invalid_id", "Identifiant invalide")

    def get(self, token: str) -> JsonObject:
        """One link.

        Raises:
            ApiError: ``invalid_id``.
        """
        link = self.links.get(token)
        if link is None:
            raise ApiError("invalid_id", "Identifiant invalide")
        return dict(link)

    def _store(self, path: str, token: str, expire: int) -> JsonObject:
        link: JsonObject = {
            "path": base64.b64encode(path.encode("utf-8")).decode("ascii"),
            "name": path.rstrip("/").rsplit("/", 1)[-1],
            "token": token,
            "expire": expire,
            "fullurl": self.fullurl(token),
        }
        self.links[token] = link
        return link
