"""Share links (doc lines 16039-16212) and whether the box is reachable from outside."""

from __future__ import annotations

import datetime as dt

from freeboxos.areas.base import Area
from freeboxos.models import encode_path
from freeboxos.models_sharing import RemoteAccess, ShareLink
from freeboxos.parsing import parse_list, parse_one, path_segment


class ShareLinksArea(Area):
    """`client.share_links`: links to hand a file to someone outside the home.

    Needs the `explorer` permission; the links work only while HTTP remote access is on.
    """

    async def all(self) -> list[ShareLink]:
        """List the share links.

        Returns:
            Every link, expired ones included while the box keeps them.

        Raises:
            InsufficientRightsError: the app lacks the "explorer" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return parse_list(ShareLink.from_api, await self._request("GET", "share_link/"))

    async def create(self, path: str, *, expire: dt.datetime | None = None) -> ShareLink:
        """Share a file or folder.

        Args:
            path: its path on the box ("/Disque dur/Téléchargements/film.mkv").
            expire: when the link stops working (aware); None never expires.

        Returns:
            The link; its `url` is empty when remote access is off.

        Raises:
            FreeboxApiError: path_not_found.
            InsufficientRightsError: the app lacks the "explorer" permission.
            FreeboxError: the box refused or is unreachable.
        """
        payload = {
            "path": encode_path(path),
            "expire": int(expire.timestamp()) if expire is not None else 0,
            "fullurl": "",
        }
        return parse_one(
            ShareLink.from_api, await self._request("POST", "share_link/", json=payload)
        )

    async def delete(self, token: str) -> None:
        """Revoke a share link.

        Args:
            token: the link's token.

        Raises:
            FreeboxApiError: invalid_id for an unknown token.
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("DELETE", f"share_link/{path_segment(token)}")

    async def remote_access(self) -> RemoteAccess:
        """Read whether the box is reachable from outside (`GET connection/config/`).

        Returns:
            The remote access state; `shares_work` is False when links cannot be used.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return parse_one(RemoteAccess.from_api, await self._request("GET", "connection/config/"))
