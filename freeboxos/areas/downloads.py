"""A download's files (to play one) and retrying a failed download."""

from __future__ import annotations

from freeboxos.areas.base import Area
from freeboxos.models import DownloadTask
from freeboxos.models_sharing import DownloadFile
from freeboxos.parsing import parse_list, parse_one


class DownloadsArea(Area):
    """`client.downloads`: what the notification of a finished or failed download acts on.

    Needs the `downloader` permission.
    """

    async def files(self, task_id: int) -> list[DownloadFile]:
        """List the files of a download task (doc line 13043).

        Args:
            task_id: the task's id.

        Returns:
            Its files; bittorrent files carry a `preview_url` a player can open.

        Raises:
            NotFoundError: no such task.
            InsufficientRightsError: the app lacks the "downloader" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return parse_list(
            DownloadFile.from_api, await self._request("GET", f"downloads/{task_id}/files")
        )

    async def retry(self, task_id: int) -> DownloadTask:
        """Restart a failed download (status "retry", doc line 12367).

        Args:
            task_id: the task's id.

        Returns:
            The task as the box now shows it.

        Raises:
            NotFoundError: no such task.
            FreeboxApiError: e.g. invalid_operation.
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("PUT", f"downloads/{task_id}", json={"status": "retry"})
        if result is None:
            result = await self._request("GET", f"downloads/{task_id}")
        return parse_one(DownloadTask.from_api, result)
