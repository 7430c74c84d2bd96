"""What the box pushes reads in the chat's language, with what matters, even when the box is down.

The box writes its titles and bodies in French ("Alarme déclenchée"); the bot speaks from the
payload's fields instead, in French or English as the chat chose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.chats import upsert_chat
from bot.storage.models import PresenceWatch, Target
from freeboxos.simulator import pushes
from freeboxos.simulator.lan import make_host
from tests.fakes import SentMessage
from tests.features.household import MEMBER, Household, household
from tests.harness import ManualClock, eventually

# 21:05 UTC is 22:05 in Paris (TIMEZONE's default) on that November evening.
EVENING = datetime(2026, 11, 23, 21, 5, tzinfo=UTC)


async def _chat_in(home: Household, language: str) -> None:
    """The member's chat speaks `language` and is a target on the box, as /pair makes it."""
    async with home.running.bot.running.sessions.begin() as session:
        await upsert_chat(session, MEMBER, language=language)
    await home.running.bind_chat_through_box(MEMBER)
    await eventually(lambda: _target_of(home))


async def _target_of(home: Household) -> int | None:
    """The box called `/register` back for the member's chat."""
    async with home.running.bot.running.sessions() as session:
        return await session.scalar(select(Target.id).where(Target.chat_id == MEMBER))


async def _pushed(home: Household) -> SentMessage:
    [message] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=15)
    assert message.parse_mode == "HTML"
    return message


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "🚨 The alarm went off at 22:05: Porte d'entrée."),
        ("fr", "🚨 L'alarme s'est déclenchée à 22:05 : Porte d'entrée."),
    ],
)
async def test_an_alarm_pushed_in_french_reads_in_the_chats_language_with_sensor_and_time(
    tmp_path: Path, language: str, expected: str
) -> None:
    async with household(tmp_path, clock=ManualClock(EVENING)) as home:
        await home.running.bind(MEMBER, "dev-member", language=language)
        await home.running.push(
            ["dev-member"],
            {"type": "security", "event": "alarm_triggered", "sensor": "Porte d'entrée"},
            title="Alarme déclenchée",
            body="L'alarme s'est déclenchée",
        )
        assert (await _pushed(home)).visible_text == expected


async def test_the_simulated_alarm_reads_in_english_with_its_time(tmp_path: Path) -> None:
    async with household(tmp_path, clock=ManualClock(EVENING)) as home:
        await _chat_in(home, "en")
        await home.box.trigger_alarm()
        message = await _pushed(home)
        assert message.visible_text == "🚨 The alarm went off at 22:05."
        assert "déclench" not in message.visible_text


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "❌ Download failed: debian.iso, the disk is full."),
        ("fr", "❌ Échec du téléchargement : debian.iso, le disque est plein."),
    ],
)
async def test_a_failed_download_says_why_from_the_boxs_error_code(
    tmp_path: Path, language: str, expected: str
) -> None:
    async with household(tmp_path) as home:
        await _chat_in(home, language)
        task = home.box.downloads.add_urls(["https://example.org/debian.iso"], None)[0]
        await home.box.fail_task(task.id, "disk_full")
        assert (await _pushed(home)).visible_text == expected


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "🆕 New device on the network: iPhone de Léa · IP 192.168.1.31 · made by Apple"),
        (
            "fr",
            "🆕 Nouvel appareil sur le réseau : iPhone de Léa · IP 192.168.1.31"
            " · fabriqué par Apple",
        ),
    ],
)
async def test_a_new_device_shows_its_name_address_and_maker_without_jargon(
    tmp_path: Path, language: str, expected: str
) -> None:
    async with household(tmp_path) as home:
        await _chat_in(home, language)
        host = make_host("pub", "e7:17:1f:2a:3b:4c", "iPhone de Léa", "192.168.1.31")
        host["vendor_name"] = "Apple"
        home.box.lan.add(host)
        await home.box.push(pushes.lan_host(home.box.box_id, host))
        message = await _pushed(home)
        assert message.visible_text == expected
        assert "pub" not in message.visible_text and "interface" not in message.visible_text


@pytest.mark.parametrize(
    "language, download, watched, stranger",
    [
        (
            "en",
            "✅ Download complete: debian.iso",
            "🆕 New device on the network: Léa's phone",
            "🆕 New device on the network: a device (e7:17:1f:00:00:02)",
        ),
        (
            "fr",
            "✅ Téléchargement terminé : debian.iso",
            "🆕 Nouvel appareil sur le réseau : Léa's phone",
            "🆕 Nouvel appareil sur le réseau : un appareil (e7:17:1f:00:00:02)",
        ),
    ],
)
async def test_items_keep_a_human_label_while_the_box_does_not_answer(
    tmp_path: Path, language: str, download: str, watched: str, stranger: str
) -> None:
    async with household(tmp_path) as home:
        await _chat_in(home, language)
        task = home.box.downloads.add_urls(["https://example.org/debian.iso"], None)[0]
        phone = make_host("pub", "e7:17:1f:00:00:01", "", "192.168.1.40")
        unknown = make_host("pub", "e7:17:1f:00:00:02", "", "192.168.1.41")
        async with home.running.bot.running.sessions.begin() as session:
            session.add(
                PresenceWatch(
                    chat_id=MEMBER, host_id=phone["id"], name="Léa's phone", created_by=MEMBER
                )
            )
        await home.box.unplug()  # the box's API answers nothing; its pushes still arrive

        await home.box.complete_task(task.id)
        assert (await _pushed(home)).visible_text == download
        await home.box.push(pushes.lan_host(home.box.box_id, phone))
        assert (await _pushed(home)).visible_text == watched
        await home.box.push(pushes.lan_host(home.box.box_id, unknown))
        assert (await _pushed(home)).visible_text == stranger


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "📞 Missed call from Mamie (0612345678) on 26 Nov 2026, 15:05"),
        ("fr", "📞 Appel manqué de Mamie (0612345678) le 26 nov. 2026, 15:05"),
    ],
)
async def test_a_missed_call_is_dated_the_way_the_chats_language_writes_dates(
    tmp_path: Path, language: str, expected: str
) -> None:
    async with household(tmp_path) as home:
        await home.running.bind(MEMBER, "dev-member", language=language)
        call = {"number": "0612345678", "name": "Mamie", "datetime": 1795701900}  # 14:05 UTC
        await home.running.push(
            ["dev-member"],
            {"type": "phone", "event": "missed_call", "data": call},
            title="Appel manqué",
            body="Appel manqué de Mamie",
        )
        assert (await _pushed(home)).visible_text == expected
