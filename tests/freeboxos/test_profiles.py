"""Pausing a profile's Internet until a time, and resuming it, client against simulator."""

from __future__ import annotations

import datetime as dt

import pytest

from freeboxos import FreeboxApiError, InsufficientRightsError
from tests.freeboxos.simulated_box import simulated_box

NOW = dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)


async def test_the_profiles_and_their_devices_are_listed() -> None:
    async with simulated_box("profile") as box:
        profiles = await box.client.profiles.all()
        controls = await box.client.profiles.network_controls()

    assert [(p.id, p.name) for p in profiles] == [(2, "r0r0"), (7, "Xav")]
    assert profiles[0].icon == "/resources/images/profile/profile_04.png"
    assert controls[0].host_names == ("PC-de-mamie", "Cantal-chromebook")
    assert not any(c.paused for c in controls)


async def test_a_pause_until_a_time_cuts_access_then_lifts_itself_at_that_time() -> None:
    clock = [NOW.timestamp()]
    async with simulated_box("profile") as box:
        box.state.profiles.clock = lambda: clock[0]
        until = NOW + dt.timedelta(minutes=30)

        paused = await box.client.profiles.pause(7, until=until)
        clock[0] = (until - dt.timedelta(seconds=1)).timestamp()
        still = await box.client.profiles.network_control(7)
        clock[0] = until.timestamp()
        after = await box.client.profiles.network_control(7)

    assert paused.paused and paused.override and paused.override_until == until
    assert still.paused
    assert not after.paused and not after.override


async def test_resume_gives_access_back_before_the_end() -> None:
    async with simulated_box("profile") as box:
        await box.client.profiles.pause(2, until=None)
        paused = await box.client.profiles.network_control(2)
        resumed = await box.client.profiles.resume(2)

    assert paused.paused and paused.override_until is None
    assert not resumed.paused and resumed.current_mode == resumed.rule_mode


async def test_an_unknown_profile_is_refused() -> None:
    async with simulated_box("profile") as box:
        with pytest.raises(FreeboxApiError) as refused:
            await box.client.profiles.pause(99, until=None)

    assert refused.value.error_code == "noent"


async def test_profiles_need_the_profile_permission() -> None:
    async with simulated_box() as box:  # a new app does not have it
        with pytest.raises(InsufficientRightsError) as refused:
            await box.client.profiles.pause(2, until=None)

    assert refused.value.missing_right == "profile"


async def test_a_box_before_v8_has_no_profiles() -> None:
    async with simulated_box("profile", version="7.0") as box:
        with pytest.raises(FreeboxApiError):
            await box.client.profiles.all()
