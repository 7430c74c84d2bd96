"""The box's contacts: a caller's name by number, and adding one, client against simulator."""

from __future__ import annotations

import pytest

from freeboxos import FreeboxApiError, InsufficientRightsError
from tests.freeboxos.simulated_box import simulated_box


@pytest.mark.parametrize("spelling", ["0612345678", "+33 6 12 34 56 78", "06.12.34.56.78"])
async def test_a_number_finds_its_contact_however_it_is_written(spelling: str) -> None:
    async with simulated_box() as box:
        [contact] = await box.client.contacts.search_by_number(spelling)

    assert contact.name == "Mamie"


async def test_an_unknown_number_finds_nobody() -> None:
    async with simulated_box() as box:
        assert await box.client.contacts.search_by_number("0988290475") == []


async def test_a_contact_created_with_a_number_names_that_caller_afterwards() -> None:
    async with simulated_box() as box:
        created = await box.client.contacts.create("Boulangerie Martin", "0988290475")
        [found] = await box.client.contacts.search_by_number("+33988290475")

    assert found == created
    assert created.name == "Boulangerie Martin"
    assert [(n.number, n.type) for n in created.numbers] == [("0988290475", "mobile")]


async def test_contacts_need_the_contacts_permission() -> None:
    async with simulated_box(withheld=("contacts",)) as box:
        with pytest.raises(InsufficientRightsError) as refused:
            await box.client.contacts.create("Someone", "0612345678")

    assert refused.value.missing_right == "contacts"


async def test_a_refused_number_leaves_no_contact_behind() -> None:
    async with simulated_box() as box:
        before = await box.client.contacts.all()
        with pytest.raises(FreeboxApiError) as refused:
            await box.client.contacts.create("Nobody", "0612345678", number_type="pager")
        after = await box.client.contacts.all()

    assert refused.value.error_code == "inval"
    assert after == before
