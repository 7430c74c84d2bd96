"""Every API version served by what it has: /guest, /pair, /help and targets on older boxes.

The simulator plays the version (`household(box_version=...)`) and refuses what it lacks,
as an older box does; each test shows the bot not asking for it, or saying it plainly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from freeboxos import WifiBss
from freeboxos.capabilities import (
    Capability,
    can_push,
    guest_key_max_users,
    has,
    missing,
    parse_version,
    subscriptions_supported,
)
from tests.features.household import GUEST, MEMBER, OWNER, Household, household
from tests.features.test_guest_wifi import ask, choose, decode_qr, key_requests, parse_wifi_payload

GUEST_NETWORK_SSID = "Réseau-invités-v14"
BSS_SSID = "Freebox-C0001B"
CUSTOM_KEY_SSID = "Freebox-C0001B-clés"

# -- the document's changelog, as pure functions ------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("15.0", (15, 0)), ("12.1", (12, 1)), ("8", (8, 0)), (" 14.0 ", (14, 0)), ("9.x", (9, 0))],
)
def test_versions_read_as_the_box_writes_them(text: str, parsed: tuple[int, int]) -> None:
    assert parse_version(text) == parsed


def test_what_each_version_allows() -> None:
    assert not can_push("10.0") and can_push("11.0") and can_push("15.0")
    assert subscriptions_supported("11.0") == {
        "phone",
        "download",
        "downloader",
        "security",
        "box_state",
    }
    assert subscriptions_supported("12.0") >= {"lan_host", "password_change"}
    assert subscriptions_supported("5.0") == frozenset()
    assert [guest_key_max_users(v) for v in ("12.0", "12.1", "15.0")] == [127, 0, 0]
    assert not has("13.0", Capability.GUEST_NETWORK) and has("14.0", Capability.GUEST_NETWORK)
    assert missing("15.0") == ()
    assert missing("12.0") == (Capability.UNLIMITED_GUEST_KEYS, Capability.GUEST_NETWORK)


def test_a_bss_reads_the_parameters_in_effect() -> None:
    """The document's example BSS (doc line 8452): its own parameters unless shared."""
    own = {"enabled": True, "ssid": "r0ro 2.4", "encryption": "wpa2_psk_ccmp", "hide_ssid": False}
    shared = {**own, "ssid": "r0ro", "encryption": "wpa3_psk_ccmp", "hide_ssid": True}
    example = {
        "id": "00:24:D4:AA:BB:CC",
        "phy_id": 0,
        "use_shared_params": False,
        "config": own,
        "bss_params": own,
        "shared_bss_params": shared,
        "status": {"state": "active", "sta_count": 1, "custom_key_ssid": "r0ro-keys"},
    }
    bss = WifiBss.from_api(example)
    assert (bss.ssid, bss.encryption, bss.hide_ssid) == ("r0ro 2.4", "wpa2_psk_ccmp", False)
    assert (bss.state, bss.custom_key_ssid) == ("active", "r0ro-keys")
    bss = WifiBss.from_api({**example, "use_shared_params": True, "status": {}})
    assert (bss.ssid, bss.encryption, bss.hide_ssid) == ("r0ro", "wpa3_psk_ccmp", True)
    assert bss.custom_key_ssid is None, "no custom_key_ssid before v11"


# -- /guest --------------------------------------------------------------------------------


def _requests(home: Household, path: str) -> list[str]:
    return [f"{r.method} {r.path}" for r in home.box.requests if path in r.path]


@pytest.mark.parametrize(
    ("version", "ssid", "max_use_count"),
    [
        ("10.0", BSS_SSID, 127),  # keys work on the existing Wi-Fi, named by the BSS
        ("12.0", CUSTOM_KEY_SSID, 127),  # the BSS status names the SSID (v11)
        ("13.0", CUSTOM_KEY_SSID, 0),  # unlimited keys (v12.1)
        ("15.0", GUEST_NETWORK_SSID, 0),  # the dedicated guest network (v14)
    ],
)
async def test_guest_wifi_on_each_version(
    tmp_path: Path, version: str, ssid: str, max_use_count: int
) -> None:
    async with household(tmp_path, box_version=version) as home:
        home.box.wifi.config["ssid"] = GUEST_NETWORK_SSID
        home.box.wifi.custom_key_ssid = CUSTOM_KEY_SSID
        question = await ask(home, GUEST)
        photo = await choose(home, GUEST, question, "1 jour")

        [created] = key_requests(home, "POST")
        assert created.parsed_body["max_use_count"] == max_use_count
        [on_box] = home.box.wifi.keys.values()
        fields = parse_wifi_payload(decode_qr(photo.photo))
        assert fields == {"T": "WPA", "S": ssid, "P": on_box.key}
        assert f"Réseau : {ssid}" in photo.visible_text
        guest_network_calls = _requests(home, "wifi/custom_keys/config")
        if version == "15.0":
            assert guest_network_calls == ["GET /api/v15/wifi/custom_keys/config/"]
        else:
            assert guest_network_calls == [], "that box has no such endpoint"
            assert _requests(home, "wifi/bss") == [f"GET /api/v{version[:2]}/wifi/bss/"]


@pytest.mark.parametrize(
    ("version", "encryption", "security"),
    [
        ("15.0", "wpa3_psk", "SAE"),  # the guest network's own encryption (v14+)
        ("15.0", "wpa2_psk", "WPA"),
        ("13.0", "wpa3_psk_ccmp", "SAE"),  # WPA3-personal only, on the BSS
        ("13.0", "wpa23_psk_ccmp", "WPA"),  # transition: WPA2 phones still join
        ("13.0", "wpa23_psk_ccmp_mrsno", "WPA"),
    ],
)
async def test_a_wpa3_only_guest_network_gets_an_sae_qr_code(
    tmp_path: Path, version: str, encryption: str, security: str
) -> None:
    async with household(tmp_path, box_version=version) as home:
        home.box.wifi.config["encryption"] = encryption
        home.box.wifi.set_encryption(encryption)
        photo = await choose(home, GUEST, await ask(home, GUEST), "2 h")
        payload = decode_qr(photo.photo)
        assert payload.startswith(f"WIFI:T:{security};"), payload


# -- /pair and /help -----------------------------------------------------------------------


async def _pair_from_telegram(home: Household, language: str = "fr") -> str:
    """The owner sends /pair; returns the progress message once pairing is over."""
    [progress] = await home.say(OWNER, "/pair", language=language)
    done = "Association réussie" if language == "fr" else "Paired with"
    await home.telegram.wait_for_messages(OWNER, 1, timeout=10)  # the target's outcome
    await home.telegram.wait_for(lambda: done in progress.visible_text, timeout=10)
    return progress.visible_text


async def test_pairing_a_v10_box_says_it_cannot_push_to_the_bot(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, box_version="10.0") as home:
        text = await _pair_from_telegram(home)
        assert "Cette Freebox parle l'API 10.0" in text
        assert (
            "• la box ne peut pas envoyer ses notifications au bot (à partir de l'API 11.0)" in text
        )
        assert "• pas de notification « nouvel appareil » (à partir de l'API 12.0)" in text
        assert "pas de réseau invité séparé" in text
        assert "Player" not in text and "alarme" not in text, "v10 has those"
        assert "nom du Wi-Fi invité" not in text, "an internal detail is not mentioned"
        [outcome] = home.telegram.messages(OWNER)[-1:]
        await home.telegram.wait_for(
            lambda: "consulte donc toutes les 30 secondes" in outcome.visible_text, timeout=10
        )
        assert not home.box.targets, "no target was asked of a box that cannot take one"


async def test_pairing_a_v12_box_names_only_what_12_lacks(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, box_version="12.0") as home:
        text = await _pair_from_telegram(home, language="en")
        assert "This Freebox speaks API 12.0" in text
        lines = [line for line in text.splitlines() if line.startswith("•")]
        assert lines == [
            "• a guest access lets in 127 devices at most (from API 12.1)",
            "• no separate guest network: guests join your Wi-Fi with their own password"
            " (from API 14.0)",
        ]
        [confirmation] = home.telegram.messages(OWNER)[-1:]
        await home.telegram.wait_for(
            lambda: "Notifications are live" in confirmation.visible_text, timeout=10
        )
        [target] = home.box.targets.values()
        assert "lan_host" in target.subscriptions, "v12 has it"


async def test_pairing_a_v15_box_adds_nothing(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False) as home:
        text = await _pair_from_telegram(home)
        assert "API" not in text


async def test_a_v11_box_gets_a_target_without_the_v12_subscriptions(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, box_version="11.0") as home:
        await _pair_from_telegram(home)
        [confirmation] = home.telegram.messages(OWNER)[-1:]
        await home.telegram.wait_for(
            lambda: "recevra les notifications" in confirmation.visible_text, timeout=10
        )
        [target] = home.box.targets.values()
        assert set(target.subscriptions) == {"phone", "downloader", "security", "box_state"}

        await home.box.wait_idle()  # the box called /register back: the target is live
        await home.box.missed_call("0612345678", "Maman")
        [pushed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert "Maman" in pushed.visible_text


async def test_help_on_a_v10_box_says_what_cannot_work(tmp_path: Path) -> None:
    async with household(tmp_path, box_version="10.0") as home:
        [owner_help] = await home.say(OWNER, "/help")
        lines = owner_help.visible_text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("/notifications"))
        assert lines[at + 1].strip() == (
            "⚠️ la box ne peut pas envoyer ses notifications au bot (à partir de l'API 11.0)"
        )
        at = next(i for i, line in enumerate(lines) if line.startswith("/guest"))
        assert "pas de réseau invité séparé" in lines[at + 1]
        assert not any("⚠️" in line for line in lines if "/player" in line or "/alarm" in line)

        [member_help] = await home.say(MEMBER, "/help", language="en")
        assert "⚠️ the box cannot send its notifications to the bot (from API 11.0)" in (
            member_help.visible_text
        )


async def test_help_on_a_v15_box_warns_of_nothing(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [owner_help] = await home.say(OWNER, "/help")
        assert "⚠️" not in owner_help.visible_text


async def test_help_answers_while_the_box_is_down(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False) as home:
        await home.box.unplug()
        [owner_help] = await home.say(OWNER, "/help", timeout=20)
        assert "/notifications" in owner_help.visible_text
