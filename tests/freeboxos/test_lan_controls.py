"""Renaming a device, waking a computer and rebooting the box, client against simulator."""

from __future__ import annotations

import asyncio

import pytest

from freeboxos import InsufficientRightsError
from tests.freeboxos.simulated_box import simulated_box


async def test_a_renamed_host_shows_its_new_name() -> None:
    async with simulated_box("settings") as box:
        [host, *_] = await box.client.list_lan_hosts()
        renamed = await box.client.lan.rename_host(host.id, "Tablette de Léa")
        read = await box.client.get_lan_host(host.id)

    assert renamed.primary_name == read.primary_name == "Tablette de Léa"


async def test_wake_on_lan_sends_the_packet_to_that_mac() -> None:
    async with simulated_box("settings") as box:
        await box.client.lan.wake("00:24:d4:7e:00:4c")

        assert box.state.lan.wol == [("pub", {"mac": "00:24:d4:7e:00:4c", "password": ""})]


async def test_reboot_makes_the_box_reboot() -> None:
    async with simulated_box("settings") as box:
        await box.client.system.reboot()
        async with asyncio.timeout(5):
            await box.state.wait_until(lambda: "reboot" in box.state.box_actions)


async def test_these_controls_need_the_settings_permission() -> None:
    async with simulated_box() as box:
        [host, *_] = await box.client.list_lan_hosts()
        for control in (
            box.client.lan.rename_host(host.id, "x"),
            box.client.lan.wake("00:24:d4:7e:00:4c"),
            box.client.system.reboot(),
        ):
            with pytest.raises(InsufficientRightsError) as refused:
                await control
            assert refused.value.missing_right == "settings"
        assert box.state.box_actions == [] and box.state.lan.wol == []
