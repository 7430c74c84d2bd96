"""The models parse what real boxes send (tests/data/real-box), not only the document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from freeboxos import (
    AuthorizationRequest,
    AuthorizationStatus,
    CallEntry,
    ConnectionStatus,
    DownloadAddResult,
    DownloadTask,
    EndpointValue,
    GuestNetworkConfig,
    HomeNode,
    HomeTile,
    LanHost,
    LanInterface,
    NotificationTarget,
    Player,
    PlayerStatus,
    PlayerVolume,
    SessionInfo,
    SystemInfo,
    WifiCustomKey,
    WifiGlobalConfig,
)
from freeboxos.client import unwrap_envelope
from freeboxos.models import decode_path, encode_path

Load = Callable[[str], Any]

CHECKED_FILES = {
    "call_get_calls_log.json",
    "connection_get_status.json",
    "home_alarm_get_value.json",
    "home_alarm_get_values.json",
    "home_get_nodes.json",
    "home_set_value.json",
    "lan_get_hosts_list.json",
    "lan_get_interfaces.json",
    "system_get_config.json",
    "wifi_get_global_config.json",
}


def _utc(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def test_every_capture_is_checked(real_box_dir: Path) -> None:
    captured = {path.name for path in real_box_dir.glob("*.json")}
    assert captured == CHECKED_FILES


# -- real captures ------------------------------------------------------------


def test_call_log(load_real: Load) -> None:
    calls = [CallEntry.from_api(item) for item in load_real("call_get_calls_log.json")]

    assert [call.id for call in calls] == [95, 94, 93, 92]
    first, second = calls[0], calls[1]
    assert first.name == "SHOULD BE FILTERED"
    assert first.new is False
    assert second.new is True
    assert second.type == "missed"
    assert second.number == "0988290475"
    assert second.duration == 15
    assert second.datetime == dt.datetime(2021, 2, 19, 16, 38, 38, tzinfo=dt.UTC)
    assert second.datetime.tzinfo is not None
    assert second.contact_id is None  # 0: no matching contact


def test_connection_status(load_real: Load) -> None:
    status = ConnectionStatus.from_api(load_real("connection_get_status.json"))

    assert status.state == "up"
    assert status.type == "ethernet"
    assert status.media == "ftth"
    assert status.ipv4 == "82.67.00.00"
    assert status.ipv6 == "2a01:e35:ffff:ffff::1"
    assert status.rate_down == 198900
    assert status.rate_up == 1440000
    assert status.bandwidth_down == 1_000_000_000
    assert status.bandwidth_up == 700_000_000
    assert status.bytes_up == 12035728872949
    assert status.ipv4_port_range == (0, 65535)


def test_alarm_endpoint_values(load_real: Load) -> None:
    main = EndpointValue.from_api(load_real("home_alarm_get_value.json"))
    night = EndpointValue.from_api(load_real("home_alarm_get_values.json"))

    assert main == EndpointValue(value="alarm1_armed", value_type="string", refresh=2000)
    assert night.value == "alarm2_armed"


def test_set_value_answer_is_a_bare_success(load_real: Load) -> None:
    assert unwrap_envelope(200, load_real("home_set_value.json")) is None


def test_home_nodes(load_real: Load) -> None:
    nodes = {node.id: node for node in map(HomeNode.from_api, load_real("home_get_nodes.json"))}

    assert sorted(nodes) == [7, 9, 11, 15, 16, 26, 150, 151]
    alarm = nodes[7]
    assert alarm.label == "Système d'alarme"
    assert alarm.category == "alarm"
    assert alarm.type.name == "node::domus::freebox::secmod"
    assert alarm.type.physical is True
    assert len(alarm.type.endpoints) == 21
    # The alarm is driven by endpoint names, found in type.endpoints.
    found = {
        name: endpoint.id
        for name, ep_type in [
            ("alarm1", "slot"),
            ("alarm2", "slot"),
            ("off", "slot"),
            ("pin", "slot"),
            ("state", "signal"),
        ]
        if (endpoint := alarm.find_endpoint(name, ep_type)) is not None
    }
    assert found == {"alarm1": 1, "alarm2": 2, "off": 4, "pin": 5, "state": 11}
    pin_signal = next(e for e in alarm.show_endpoints if e.id == 12)
    assert (pin_signal.name, pin_signal.value, pin_signal.refresh) == ("pin", "0000", 2000)
    assert alarm.find_endpoint("nonexistent") is None


def test_home_node_quirks(load_real: Load) -> None:
    nodes = {node.id: node for node in map(HomeNode.from_api, load_real("home_get_nodes.json"))}

    pir = nodes[26]
    battery = pir.find_endpoint("battery", "signal")
    assert battery is not None
    assert (battery.value, battery.value_type, battery.unit) == (100, "int", "%")
    assert battery.access == "r"  # sent inside "ui" by real boxes
    assert pir.group == "Salon"
    # The door sensor's type names its battery "1battery" (upstream typo).
    dws = nodes[11]
    assert any(e.name == "1battery" for e in dws.type.endpoints)
    assert any(e.name == "battery" for e in dws.show_endpoints)
    # Shutters come with almost nothing: no status, no endpoints.
    shutter = nodes[150]
    assert shutter.status is None
    assert shutter.show_endpoints == ()
    assert shutter.type.inherit == "node::trs"
    assert nodes[16].category == "camera"
    assert nodes[16].status == "active"


def test_lan_hosts(load_real: Load) -> None:
    hosts = [LanHost.from_api(item) for item in load_real("lan_get_hosts_list.json")]

    assert len(hosts) == 4
    player = hosts[0]
    assert player.id == "ether-8c:97:ea:00:00:00"
    assert player.primary_name == "Freebox Player POP"
    assert player.host_type == "smartphone"
    assert player.vendor_name == "Freebox SAS"
    assert player.mac == "8C:97:EA:00:00:00"
    assert player.interface == "pub"
    assert player.active and player.reachable
    assert player.ipv4 == "192.168.1.180"
    assert len(player.l3connectivities) == 6
    assert player.last_activity == _utc(1614107652)
    assert player.first_activity is None
    assert [n.source for n in player.names] == ["mdns", "mdns_srv"]
    # A host with no name at all is shown by its MAC address.
    nameless = hosts[1]
    assert nameless.primary_name == ""
    assert nameless.display_name == "DE:00:B0:00:00:00"
    assert nameless.active is False
    # No active IPv4: fall back to the first one known.
    assert hosts[3].ipv4 == "192.168.1.148"
    assert hosts[3].display_name == "iPhoneofQuentin"


def test_lan_interfaces(load_real: Load) -> None:
    interfaces = [LanInterface.from_api(item) for item in load_real("lan_get_interfaces.json")]

    assert interfaces == [
        LanInterface(name="pub", host_count=4),
        LanInterface(name="wifiguest", host_count=1),
    ]


def test_system_info(load_real: Load) -> None:
    info = SystemInfo.from_api(load_real("system_get_config.json"))

    assert info.firmware_version == "4.2.5"
    assert info.serial == "762601T190510709"
    assert info.mac == "68:A3:78:00:00:00"
    assert info.board_name == "fbxgw2r"
    assert info.model_name == "fbxgw-r2/full"
    assert info.model_pretty_name == "Freebox Server (r2)"
    assert info.uptime_val == 13550176
    assert info.disk_status == "active"
    assert info.box_authenticated is True
    sensors = {sensor.id: sensor.value for sensor in info.sensors}
    assert sensors["temp_cpum"] == 60
    assert sensors["temp_hdd2"] is None  # a sensor without a reading
    assert info.fans[0].value == 2130


def test_wifi_global_config(load_real: Load) -> None:
    config = WifiGlobalConfig.from_api(load_real("wifi_get_global_config.json"))

    assert config == WifiGlobalConfig(enabled=True, mac_filter_state="disabled")


# -- documented examples (no real capture exists for these) -------------------


def test_download_task_decodes_its_directory() -> None:
    task = DownloadTask.from_api(
        {
            "rx_bytes": 688005364,
            "tx_bytes": 3232055279,
            "download_dir": encode_path("/Disque dur/Téléchargements/"),
            "eta": 331896,
            "status": "seeding",
            "io_priority": "high",
            "size": 678428672,
            "type": "bt",
            "error": "none",
            "queue_pos": 0,
            "id": 14,
            "created_ts": 1349786169,
            "tx_rate": 0,
            "name": "debian-6.0.6-amd64-CD-1.iso",
            "rx_pct": 10000,
            "rx_rate": 0,
            "tx_pct": 0,
        }
    )

    assert task.download_dir == "/Disque dur/Téléchargements/"
    assert task.progress == 1.0
    assert task.created_ts == _utc(1349786169)
    assert (task.id, task.status, task.io_priority, task.info_hash) == (14, "seeding", "high", None)


def test_download_dir_that_is_not_base64_is_kept() -> None:
    # The document's own example value is damaged: it is kept rather than crash.
    damaged = "L0Rpc3F1ZSBkdXVVM0pbM0pY2hhcmd1bWVudHMv"
    assert decode_path(damaged) == damaged
    assert decode_path(None) == ""


def test_download_add_result_one_or_many() -> None:
    assert DownloadAddResult.from_api({"id": 23}).id == 23
    assert DownloadAddResult.from_api({"id": [32, 33, 34]}).ids == (32, 33, 34)


def test_wifi_custom_key_and_guest_config() -> None:
    key = WifiCustomKey.from_api(
        {
            "id": 8,
            "remaining": 86376,
            "params": {
                "max_use_count": "100",  # the document sends it as a string once
                "description": "soirée mario kart",
                "duration": 86400,
                "access_type": "full",
                "key": "YY5Sg74W3VNxrmfAz7aCY70VqRVG2JN",
            },
            "users": [{"hostname": "switch"}],
        }
    )
    config = GuestNetworkConfig.from_api(
        {
            "ssid": "Freebox-C0001B-guest",
            "ssid_read_only": 0,
            "hide_ssid": "false",
            "encryption": "wpa2_psk",
        }
    )

    assert (key.id, key.key, key.max_use_count, key.remaining) == (
        8,
        "YY5Sg74W3VNxrmfAz7aCY70VqRVG2JN",
        100,
        86376,
    )
    assert (key.access_type, key.use_count, key.user_names) == ("full", 1, ("switch",))
    assert config == GuestNetworkConfig(
        ssid="Freebox-C0001B-guest", ssid_read_only=False, hide_ssid=False, encryption="wpa2_psk"
    )


def test_player_models() -> None:
    player = Player.from_api(
        {
            "device_name": "Freebox Player",
            "stb_type": "stb_v7",
            "uid": "123456789012345678911234567892123",
            "reachable": True,
            "api_version": "6.0",
            "id": 11,
            "api_available": True,
        }
    )
    standby = PlayerStatus.from_api({"power_state": "standby"})
    running = PlayerStatus.from_api(
        {
            "power_state": "running",
            "foreground_app": {"package": "fr.freebox.tv", "package_id": 5, "cur_url": "tv:"},
            "player": {"name": "tv", "capabilities": {"play": True, "pause": 1, "stop": False}},
        }
    )

    assert player.api_path == "player/11/api/v6/"
    assert standby.power_state == "standby"
    assert standby.foreground_app is None
    assert running.foreground_app is not None
    assert running.foreground_app.package == "fr.freebox.tv"
    assert running.capabilities == {"play", "pause"}
    assert PlayerVolume.from_api({"mute": False, "volume": 25}) == PlayerVolume(volume=25)


def test_home_tile_alarm_control() -> None:
    tile = HomeTile.from_api(
        {
            "data": [
                {"ep_id": 0, "label": "Trigger", "ui": {"access": "rw", "display": "text"}},
                {"ep_id": 3, "label": "Sirène", "refresh": 2000, "value": False, "ui": {}},
            ],
            "ep_type": "slot",
            "group": {"label": ""},
            "node_id": 17,
            "type": "alarm_control",
        }
    )

    assert (tile.node_id, tile.type, tile.ep_type) == (17, "alarm_control", "slot")
    assert tile.data[0].access == "rw"
    assert tile.data[0].value is None
    assert (tile.data[1].value, tile.data[1].refresh) == (False, 2000)


def test_notification_target() -> None:
    target = NotificationTarget.from_api(
        {
            "last_use": 0,
            "type": "android",
            "name": "mamy",
            "id": "22222222-1111-3333-4444-555555555555",
            "subscriptions": ["phone"],
            "api_url": "https://monserver.example.com/mon_app",
            "message_type": "notification",
        }
    )

    assert target.id == "22222222-1111-3333-4444-555555555555"
    assert target.subscriptions == ("phone",)
    assert target.api_url == "https://monserver.example.com/mon_app"


def test_authentication_models_hide_secrets() -> None:
    request = AuthorizationRequest.from_api({"app_token": "s3cr3t", "track_id": 42})
    session = SessionInfo.from_api(
        {"session_token": "t0k3n", "challenge": "c", "permissions": {"downloader": True}}
    )
    status = AuthorizationStatus.from_api({"status": "pending", "challenge": "Bj6x"})

    app_token, track_id = request
    assert (app_token, track_id) == ("s3cr3t", 42)
    assert "s3cr3t" not in repr(request)
    assert "t0k3n" not in repr(session)
    assert session.permissions == {"downloader": True}
    assert status.is_pending and not status.is_granted


def test_lan_host_in_the_documented_shape() -> None:
    # The document shows l2ident as an array; numbers may come as strings or floats.
    host = LanHost.from_api(
        {
            "id": "ether-d0:23:db:36:15:aa",
            "primary_name": "iPhone r0ro",
            "l2ident": [{"id": "d0:23:db:36:15:aa", "type": "mac_address"}],
            "l3connectivities": None,
            "first_activity": "1360669498",
            "last_activity": 1360669498.0,
            "last_time_reachable": "never",
        }
    )

    assert host.mac == "d0:23:db:36:15:aa"
    assert host.ipv4 is None
    assert host.first_activity == host.last_activity == _utc(1360669498)
    assert host.last_time_reachable is None
