"""Household controls of the network: a profile's Internet access (doc lines 18595-18990),
Wi-Fi on and off and its MAC filter (doc lines 7380-7470, 9002-9240), renaming and
waking LAN hosts (doc lines 4305-4492), rebooting the box."""

from __future__ import annotations

import datetime as dt
from typing import Any

from freeboxos.areas.base import Area
from freeboxos.models import LanHost, WifiGlobalConfig
from freeboxos.models_household import MacFilter, NetworkControl, Profile
from freeboxos.parsing import parse_list, parse_one, path_segment


class ProfilesArea(Area):
    """`client.profiles`: parental control profiles. Needs the `profile` permission (v8+)."""

    async def all(self) -> list[Profile]:
        """List the profiles.

        Returns:
            The profiles.

        Raises:
            InsufficientRightsError: the app lacks the "profile" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return parse_list(Profile.from_api, await self._request("GET", "profile/"))

    async def network_controls(self) -> list[NetworkControl]:
        """Read the Internet access of every profile.

        Returns:
            One network control per profile.

        Raises:
            InsufficientRightsError: the app lacks the "profile" permission.
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", "network_control/")
        return parse_list(NetworkControl.from_api, result)

    async def network_control(self, profile_id: int) -> NetworkControl:
        """Read one profile's Internet access.

        Args:
            profile_id: the profile's id.

        Returns:
            Its network control.

        Raises:
            NotFoundError: no such profile (noent).
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", f"network_control/{profile_id}")
        return parse_one(NetworkControl.from_api, result)

    async def pause(self, profile_id: int, *, until: dt.datetime | None) -> NetworkControl:
        """Cut a profile's devices off the Internet, until a time or until resumed.

        Args:
            profile_id: the profile's id.
            until: when access comes back by itself (aware); None: until `resume`.

        Returns:
            The network control as updated.

        Raises:
            NotFoundError: no such profile.
            InsufficientRightsError: the app lacks the "profile" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return await self._override(profile_id, override=True, mode="denied", until=until)

    async def resume(self, profile_id: int) -> NetworkControl:
        """Lift the override: the profile's planning applies again.

        Args:
            profile_id: the profile's id.

        Returns:
            The network control as updated.

        Raises:
            NotFoundError: no such profile.
            FreeboxError: the box refused or is unreachable.
        """
        return await self._override(profile_id, override=False, mode=None, until=None)

    async def _override(
        self, profile_id: int, *, override: bool, mode: str | None, until: dt.datetime | None
    ) -> NetworkControl:
        payload: dict[str, Any] = {"override": override}
        if mode is not None:
            payload["override_mode"] = mode
            payload["override_until"] = int(until.timestamp()) if until is not None else 0
        path = f"network_control/{profile_id}"
        result = await self._request("PUT", path, json=payload)
        if result is None:
            result = await self._request("GET", path)
        return parse_one(NetworkControl.from_api, result)


class WifiArea(Area):
    """`client.wifi`: Wi-Fi on or off, and the MAC filter. Writing needs `settings`."""

    async def set_enabled(self, enabled: bool) -> WifiGlobalConfig:
        """Switch every Wi-Fi radio on or off (`PUT wifi/config/`).

        Args:
            enabled: True to switch Wi-Fi on.

        Returns:
            The global Wi-Fi configuration after the change.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return await self._set_config({"enabled": enabled})

    async def set_mac_filter_mode(self, mode: str) -> WifiGlobalConfig:
        """Choose the MAC filter's mode.

        Args:
            mode: "disabled", "blacklist" (listed devices refused) or "whitelist".

        Returns:
            The global Wi-Fi configuration after the change.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return await self._set_config({"mac_filter_state": mode})

    async def mac_filters(self) -> list[MacFilter]:
        """List the MAC filter's entries.

        Returns:
            The entries, black- and whitelisted.

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        return parse_list(MacFilter.from_api, await self._request("GET", "wifi/mac_filter/"))

    async def add_mac_filter(
        self, mac: str, *, filter_type: str = "blacklist", comment: str = ""
    ) -> MacFilter:
        """Add a device to the MAC filter.

        Blacklisting refuses the device only while the filter's mode is "blacklist":
        see `set_mac_filter_mode`.

        Args:
            mac: the device's MAC address.
            filter_type: "blacklist" or "whitelist".
            comment: shown in Freebox OS.

        Returns:
            The new entry.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            FreeboxApiError: e.g. exists, inval.
            FreeboxError: the box refused or is unreachable.
        """
        payload = {"mac": mac, "type": filter_type, "comment": comment}
        result = await self._request("POST", "wifi/mac_filter/", json=payload)
        return parse_one(MacFilter.from_api, result)

    async def remove_mac_filter(self, filter_id: str) -> None:
        """Remove an entry of the MAC filter (its id is the MAC address).

        Args:
            filter_id: the entry's id.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            NotFoundError: no such entry.
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("DELETE", f"wifi/mac_filter/{path_segment(filter_id)}")

    async def _set_config(self, changes: dict[str, Any]) -> WifiGlobalConfig:
        result = await self._request("PUT", "wifi/config/", json=changes)
        if result is None:
            result = await self._request("GET", "wifi/config/")
        return parse_one(WifiGlobalConfig.from_api, result)


class LanArea(Area):
    """`client.lan`: naming and waking the household's devices. Needs `settings`."""

    async def rename_host(self, host_id: str, name: str, *, interface: str = "pub") -> LanHost:
        """Give a LAN host the name Freebox OS shows (doc line 4312).

        Args:
            host_id: the host's id, e.g. "ether-8c:97:ea:00:00:00".
            name: its new name.
            interface: the interface it was seen on.

        Returns:
            The host as updated.

        Raises:
            NotFoundError: no such host (nohost) or interface (nodev).
            InsufficientRightsError: the app lacks the "settings" permission.
            FreeboxError: the box refused or is unreachable.
        """
        path = f"lan/browser/{path_segment(interface)}/{path_segment(host_id)}/"
        result = await self._request("PUT", path, json={"primary_name": name})
        return parse_one(LanHost.from_api, result)

    async def wake(self, mac: str, *, interface: str = "pub", password: str = "") -> None:
        """Send a Wake-on-LAN packet to a device (doc line 4454).

        Args:
            mac: the device's MAC address.
            interface: the interface it is on.
            password: the SecureOn password, if the device wants one.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            NotFoundError: no such interface (nodev).
            FreeboxError: the box refused or is unreachable.
        """
        payload = {"mac": mac, "password": password}
        await self._request("POST", f"lan/wol/{path_segment(interface)}/", json=payload)


class SystemArea(Area):
    """`client.system`: the box itself."""

    async def reboot(self) -> None:
        """Reboot the box: every connection, call and download stops for a few minutes.

        Raises:
            InsufficientRightsError: the app lacks the "settings" permission.
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("POST", "system/reboot/")
