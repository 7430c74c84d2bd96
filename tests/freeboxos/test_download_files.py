"""A download's files (to play one) and retrying a failed download, client against simulator."""

from __future__ import annotations

import pytest

from freeboxos import InsufficientRightsError
from tests.freeboxos.simulated_box import simulated_box

MAGNET = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=Big.Buck.Bunny.mkv"


async def test_a_finished_torrent_offers_its_video_to_play() -> None:
    async with simulated_box() as box:
        [task] = box.state.downloads.add_urls([MAGNET])
        box.state.download_files.set(
            task.id,
            [("Big.Buck.Bunny.mkv", 5_000_000, "video/x-matroska"), ("info.nfo", 10, "text/plain")],
        )
        await box.state.complete_task(task.id)

        video, nfo = await box.client.downloads.files(task.id)

    assert video.name == "Big.Buck.Bunny.mkv" and video.status == "done"
    assert video.preview_url is not None and video.preview_url.startswith("http")
    assert video.playable
    assert not nfo.playable
    assert video.path.endswith("/Big.Buck.Bunny.mkv")


async def test_an_http_download_has_no_preview_url_so_nothing_to_play() -> None:
    async with simulated_box() as box:
        [task] = box.state.downloads.add_urls(["https://example.org/film.mp4"])
        await box.state.complete_task(task.id)

        [file] = await box.client.downloads.files(task.id)

    assert file.mimetype == "video/mp4" and file.status == "done"
    assert file.preview_url is None and not file.playable


async def test_an_unfinished_torrent_is_not_playable_yet() -> None:
    async with simulated_box() as box:
        [task] = box.state.downloads.add_urls([MAGNET])

        [file] = await box.client.downloads.files(task.id)

    assert file.status == "queued" and not file.playable


async def test_retrying_a_failed_download_starts_it_again() -> None:
    async with simulated_box() as box:
        [task] = box.state.downloads.add_urls(["https://example.org/a.iso"])
        await box.state.fail_task(task.id, "http_404")

        retried = await box.client.downloads.retry(task.id)

    assert retried.status == "downloading" and retried.error == "none"


async def test_files_need_the_downloader_permission() -> None:
    async with simulated_box(withheld=("downloader",)) as box:
        [task] = box.state.downloads.add_urls([MAGNET])
        with pytest.raises(InsufficientRightsError) as refused:
            await box.client.downloads.files(task.id)

    assert refused.value.missing_right == "downloader"
