"""`freeboxos.capabilities`' reading of the changelog for the household controls agrees
with the simulator's own (`freeboxos/simulator/versions.py`), written apart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from freeboxos import FreeboxApiError, FreeboxClient
from freeboxos.capabilities import CONTROL_PERMISSION, CONTROL_SINCE, Control, allows
from tests.freeboxos.simulated_box import simulated_box

CALLS: dict[Control, Callable[[FreeboxClient], Awaitable[Any]]] = {
    Control.VOICEMAIL: lambda client: client.voicemail.all(),
    Control.PROFILES: lambda client: client.profiles.all(),
}


@pytest.mark.parametrize("version", ["7.0", "8.0", "10.0", "10.1", "15.0"])
@pytest.mark.parametrize("control", list(CALLS))
async def test_a_control_works_exactly_from_its_first_version(
    control: Control, version: str
) -> None:
    async with simulated_box("profile", version=version) as box:
        try:
            await CALLS[control](box.client)
        except FreeboxApiError as refusal:
            answered: str | None = refusal.error_code
        else:
            answered = None

    assert (answered is None) == allows(version, control), answered


def test_every_control_has_a_first_version_and_a_permission_entry() -> None:
    assert set(CONTROL_SINCE) == set(Control) == set(CONTROL_PERMISSION)
    assert not allows("10.0", Control.VOICEMAIL) and allows("10.1", Control.VOICEMAIL)
