"""Wi-Fi on and off, the MAC filter and who joined a guest key, client against simulator."""

from __future__ import annotations

import pytest

from freeboxos import FreeboxApiError, InsufficientRightsError
from freeboxos.simulator.guest_users import join_guest_key
from tests.freeboxos.simulated_box import simulated_box

STRANGER = "3C:22:FB:12:34:56"


async def test_wifi_switched_off_reads_off_and_back_on() -> None:
    async with simulated_box("settings") as box:
        off = await box.client.wifi.set_enabled(False)
        read = await box.client.get_wifi_config()
        on = await box.client.wifi.set_enabled(True)

    assert not off.enabled and not read.enabled and on.enabled


async def test_a_blacklisted_device_is_refused_once_the_filter_is_in_blacklist_mode() -> None:
    async with simulated_box("settings") as box:
        entry = await box.client.wifi.add_mac_filter(STRANGER.lower(), comment="not ours")
        refused_before = box.state.mac_filters.refuses(
            STRANGER, box.state.wifi_config["mac_filter_state"]
        )
        config = await box.client.wifi.set_mac_filter_mode("blacklist")
        refused_after = box.state.mac_filters.refuses(STRANGER, config.mac_filter_state)

    assert entry.id == entry.mac == STRANGER and entry.type == "blacklist"
    assert not refused_before and refused_after


async def test_a_device_removed_from_the_filter_is_no_longer_listed() -> None:
    async with simulated_box("settings") as box:
        entry = await box.client.wifi.add_mac_filter(STRANGER)
        await box.client.wifi.remove_mac_filter(entry.id)
        listed = await box.client.wifi.mac_filters()
        with pytest.raises(FreeboxApiError) as again:
            await box.client.wifi.remove_mac_filter(entry.id)

    assert STRANGER not in {f.mac for f in listed}
    assert {f.mac for f in listed} == {"00:07:CB:01:02:03", "00:24:D4:00:00:69"}
    assert again.value.error_code == "noent"


async def test_a_known_host_is_named_in_its_filter_entry() -> None:
    async with simulated_box("settings") as box:
        [host, *_] = await box.client.list_lan_hosts()
        assert host.l2ident is not None
        entry = await box.client.wifi.add_mac_filter(host.l2ident.id)

    assert entry.hostname == host.primary_name


async def test_a_malformed_mac_is_refused() -> None:
    async with simulated_box("settings") as box:
        with pytest.raises(FreeboxApiError) as refused:
            await box.client.wifi.add_mac_filter("00:07:CB:07:00")

    assert refused.value.error_code == "inval"


async def test_switching_wifi_and_the_filter_need_the_settings_permission() -> None:
    async with simulated_box() as box:
        with pytest.raises(InsufficientRightsError) as switch:
            await box.client.wifi.set_enabled(False)
        with pytest.raises(InsufficientRightsError) as block:
            await box.client.wifi.add_mac_filter(STRANGER)
        listed = await box.client.wifi.mac_filters()  # reading needs none

    assert switch.value.missing_right == block.value.missing_right == "settings"
    assert len(listed) == 2


async def test_a_guest_key_lists_the_devices_that_joined_with_it() -> None:
    async with simulated_box("settings") as box:
        key = await box.client.create_wifi_custom_key(key="soiree-mario-kart", duration=3600)
        join_guest_key(
            box.state.wifi,
            box.state.lan,
            key.id,
            mac="aa:bb:cc:00:00:42",
            hostname="Switch-de-Leo",
            ip="192.168.27.66",
        )
        [listed] = [k for k in await box.client.list_wifi_custom_keys() if k.id == key.id]

    [user] = listed.users
    assert user.hostname == "Switch-de-Leo"
    assert user.mac == "AA:BB:CC:00:00:42" and user.ip == "192.168.27.66"
    assert listed.use_count == 1
