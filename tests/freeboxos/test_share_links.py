"""Share links and the box's remote access, client against simulator."""

from __future__ import annotations

import datetime as dt

import pytest

from freeboxos import FreeboxApiError, InsufficientRightsError
from tests.freeboxos.simulated_box import simulated_box

FILM = "/Disque dur/Téléchargements/Big.Buck.Bunny.mkv"


async def test_a_share_link_expires_when_asked_and_has_a_url_to_send() -> None:
    expire = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    async with simulated_box() as box:
        link = await box.client.share_links.create(FILM, expire=expire)
        listed = await box.client.share_links.all()
        access = await box.client.share_links.remote_access()

    assert link.path == FILM and link.name == "Big.Buck.Bunny.mkv"
    assert link.expire == expire
    assert link.url.startswith("http://13.37.42.69/") and link.token in link.url
    assert link in listed
    assert access.shares_work and access.ip == "13.37.42.69"


async def test_with_remote_access_off_the_link_has_no_url_and_the_box_says_why() -> None:
    async with simulated_box() as box:
        box.state.share_links.set_remote_access(False)
        link = await box.client.share_links.create(FILM, expire=None)
        access = await box.client.share_links.remote_access()

    assert link.url == "" and link.expire is None
    assert not access.shares_work


async def test_a_deleted_link_is_gone_and_deleting_it_again_is_refused() -> None:
    async with simulated_box() as box:
        link = await box.client.share_links.create(FILM)
        await box.client.share_links.delete(link.token)
        tokens = {listed.token for listed in await box.client.share_links.all()}
        with pytest.raises(FreeboxApiError) as refused:
            await box.client.share_links.delete(link.token)

    assert link.token not in tokens
    assert refused.value.error_code == "invalid_id"


async def test_the_document_examples_are_listed_with_their_decoded_paths() -> None:
    async with simulated_box() as box:
        links = await box.client.share_links.all()

    assert [(link.token, link.path) for link in links] == [
        ("gAnweF2Xg50wcJwn", "/Disque dur/Photos/Mes vacances en roulotte"),
        ("s8a+4Vt0QNkkQ55f", "/Disque dur/shared"),
    ]


async def test_share_links_need_the_explorer_permission() -> None:
    async with simulated_box(withheld=("explorer",)) as box:
        with pytest.raises(InsufficientRightsError) as refused:
            await box.client.share_links.create(FILM)
        access = await box.client.share_links.remote_access()

    assert refused.value.missing_right == "explorer"
    assert access.shares_work  # reading the connection configuration needs no permission
