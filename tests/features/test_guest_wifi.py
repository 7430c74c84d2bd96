"""/guest and /guest list: what the box receives, the QR code phones read, who may do what."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from bot.guest_wifi_qr import (
    PASSWORD_ALPHABET,
    escape_wifi_field,
    new_guest_password,
    qr_png,
    wifi_payload,
)
from bot.i18n import format_clock, format_day
from bot.storage.models import GuestKeyExpiry, Role, User
from freeboxos.simulator.recording import RecordedRequest
from tests.fakes import SentMessage
from tests.features.household import (
    FAMILY_GROUP,
    GUEST,
    MEMBER,
    OWNER,
    STRANGER,
    Household,
    box_and_telegram,
    household,
    pair,
)
from tests.harness import ManualClock, running_bot

EXPIRED = "⌛ Ce bouton a expiré. Relancez la commande."
PARIS = ZoneInfo("Europe/Paris")

FOR_MARIE = "🚫 Ce bouton est pour Marie."  # the name the owners know


def decode_qr(photo: bytes | None) -> str:
    """The text of the one QR code in the image."""
    assert photo is not None
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(photo)))
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    return str(barcode.text)


def parse_wifi_payload(payload: str) -> dict[str, str]:
    """`WIFI:T:WPA;S:…;P:…;;` back to its fields, undoing the backslash escapes."""
    assert payload.startswith("WIFI:") and payload.endswith(";;"), payload
    fields: dict[str, str] = {}
    for field in re.findall(r"((?:[^;\\]|\\.)+);", payload[len("WIFI:") :]):
        name, _, value = field.partition(":")
        fields[name] = re.sub(r"\\(.)", r"\1", value)
    return fields


def expiry_texts(seconds: int, zone: ZoneInfo = PARIS, language: str = "fr") -> set[str]:
    """`12 mars 2025 à 18:30` for now + `seconds`, allowing the minute to turn during the test."""
    now = datetime.now(zone)
    ends = (now + timedelta(seconds=seconds - 60), now + timedelta(seconds=seconds))
    at = "à" if language == "fr" else "at"
    return {
        f"{format_day(end, language, zone)} {at} {format_clock(end, language, zone)}"
        for end in ends
    }


def key_requests(home: Household, method: str) -> list[RecordedRequest]:
    """Requests about guest keys (`wifi/custom_key/` and `wifi/custom_key/{id}`)."""
    return [r for r in home.box.requests if r.method == method and "/wifi/custom_key/" in r.path]


async def ask(
    home: Household,
    user: int,
    text: str = "/guest",
    *,
    chat: int | None = None,
    language: str = "fr",
) -> SentMessage:
    """`user` sends `text`; returns the bot's one reply (the duration question)."""
    [question] = await home.say(user, text, chat=chat, language=language)
    return question


async def choose(
    home: Household,
    user: int,
    question: SentMessage,
    label: str,
    *,
    chat: int | None = None,
    language: str = "fr",
) -> SentMessage:
    """Press a duration button; returns the photo the bot sends."""
    answer = await home.press(user, question, label, language=language)
    assert not answer.get("show_alert"), answer
    [photo] = await home.telegram.wait_for_messages(chat if chat is not None else user, 1)
    return photo


# -- pure parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Freebox-C0001B-guest", "Freebox-C0001B-guest"),
        ("Maison;Invités", "Maison\\;Invités"),
        ('a\\b;c,d:e"f', 'a\\\\b\\;c\\,d\\:e\\"f'),
        ("", ""),
    ],
)
def test_escape_wifi_field(raw: str, escaped: str) -> None:
    assert escape_wifi_field(raw) == escaped


def test_wifi_payload_and_its_qr_code() -> None:
    payload = wifi_payload("Chez nous: 5G", 'p;a,s"s')
    assert payload == 'WIFI:T:WPA;S:Chez nous\\: 5G;P:p\\;a\\,s\\"s;;'
    assert parse_wifi_payload(payload) == {"T": "WPA", "S": "Chez nous: 5G", "P": 'p;a,s"s'}
    hidden = wifi_payload("Caché", "motdepasse", hidden=True)
    assert hidden == "WIFI:T:WPA;S:Caché;P:motdepasse;H:true;;"
    assert decode_qr(qr_png(hidden)) == hidden
    assert qr_png(hidden).startswith(b"\x89PNG")


def test_guest_passwords_are_long_random_and_unambiguous() -> None:
    passwords = {new_guest_password() for _ in range(200)}
    assert len(passwords) == 200
    assert all(len(p) == 16 and set(p) <= set(PASSWORD_ALPHABET) for p in passwords)
    assert not set("0O1lI") & set(PASSWORD_ALPHABET)
    assert len(new_guest_password(24)) == 24
    with pytest.raises(ValueError):
        new_guest_password(7)


# -- /guest -------------------------------------------------------------------------------


async def test_a_guest_gets_a_new_key_as_a_qr_code(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.wifi.config["ssid"] = "Maison;Invités"
        question = await ask(home, GUEST, "/guest Cousins du Sud")
        assert question.visible_text == (
            "🛜 Wi-Fi invité « Cousins du Sud » : pour combien de temps ?"
        )
        assert question.button_labels == ["2 h", "1 jour", "1 semaine"]
        assert key_requests(home, "POST") == []

        photo = await choose(home, GUEST, question, "1 jour")

        [request] = key_requests(home, "POST")
        key = request.parsed_body["key"]
        assert request.parsed_body == {
            "key": key,
            "description": "Cousins du Sud",
            "max_use_count": 0,
            "duration": 86400,
            "access_type": "net_only",
        }
        assert len(key) == 16 and set(key) <= set(PASSWORD_ALPHABET)
        [on_box] = home.box.wifi.keys.values()
        assert (on_box.key, on_box.description) == (key, "Cousins du Sud")

        assert photo.kind == "photo"
        payload = decode_qr(photo.photo)
        assert payload == f"WIFI:T:WPA;S:Maison\\;Invités;P:{key};;"
        assert parse_wifi_payload(payload) == {"T": "WPA", "S": "Maison;Invités", "P": key}

        caption = photo.visible_text
        assert "Réseau : Maison;Invités" in caption
        assert f"Mot de passe : {key}" in caption
        assert f"<code>{key}</code>" in (photo.caption or ""), "the password copies with a tap"
        [valid] = [line for line in caption.splitlines() if line.startswith("Valable")]
        assert valid in {f"Valable jusqu'au {when}." for when in expiry_texts(86400)}
        assert "🏷 Cousins du Sud" in caption
        assert "éteint" not in caption

        assert question.visible_text == "✅ Accès Wi-Fi invité créé pour 1 jour."
        assert question.buttons == [], "the duration buttons are gone"
        assert "⏳ Je crée l'accès sur la Freebox…" in question.history


async def test_duration_buttons_pressed_twice_create_one_key(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        question = await ask(home, GUEST)
        week = question.callback_data("1 semaine")
        first, second = await home.press_twice(GUEST, question, "2 h")
        assert not first.get("text") and second["text"] == EXPIRED
        sibling = await home.press_data(GUEST, question, week)
        assert sibling["text"] == EXPIRED, "the other durations expired with it"
        [request] = key_requests(home, "POST")
        assert request.parsed_body["duration"] == 7200
        assert len(home.box.wifi.keys) == 1
        [photo] = await home.telegram.wait_for_messages(GUEST, 1)
        assert photo.kind == "photo"
        assert home.telegram.unseen_messages(GUEST) == []


async def test_a_member_in_the_family_group_with_the_default_description(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        question = await ask(home, MEMBER, chat=FAMILY_GROUP)
        assert question.visible_text == "🛜 Wi-Fi invité : pour combien de temps ?"
        someone_else = await home.press(OWNER, question, "1 semaine")
        assert someone_else["text"] == FOR_MARIE
        photo = await choose(home, MEMBER, question, "1 semaine", chat=FAMILY_GROUP)
        [request] = key_requests(home, "POST")
        assert request.parsed_body["duration"] == 7 * 86400
        assert request.parsed_body["description"] == "Telegram : Alice"
        key = request.parsed_body["key"]
        assert decode_qr(photo.photo) == f"WIFI:T:WPA;S:Freebox-C0001B-guest;P:{key};;"
        assert "Réseau : Freebox-C0001B-guest" in photo.visible_text
        assert "🏷" not in photo.visible_text, "no description was given"


async def test_english_hidden_network_wifi_off_and_the_household_time_zone(
    tmp_path: Path,
) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    async with household(tmp_path, timezone="Asia/Tokyo") as home:
        home.box.wifi.config["hide_ssid"] = True
        home.box.wifi_config["enabled"] = False
        question = await ask(home, GUEST, "/guest", language="en")
        assert question.visible_text == "🛜 Guest Wi-Fi: for how long?"
        assert question.button_labels == ["2 hours", "1 day", "1 week"]
        photo = await choose(home, GUEST, question, "2 hours", language="en")
        key = key_requests(home, "POST")[0].parsed_body["key"]
        assert decode_qr(photo.photo) == f"WIFI:T:WPA;S:Freebox-C0001B-guest;P:{key};H:true;;"
        caption = photo.visible_text
        assert f"Network: Freebox-C0001B-guest\nPassword: {key}\n" in caption
        [valid] = [line for line in caption.splitlines() if line.startswith("Valid")]
        expected = expiry_texts(7200, tokyo, language="en")
        assert valid in {f"Valid until {when}." for when in expected}
        assert "The Freebox's Wi-Fi is off" in caption
        assert question.visible_text == "✅ Guest Wi-Fi access created for 2 hours."


async def test_who_may_ask_and_bad_input(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(STRANGER, "/guest")
        assert "ce bot est privé" in refused.visible_text
        [not_listed] = await home.say(GUEST, "/guest list")
        assert not_listed.visible_text == "🔒 Désolé, votre rôle ne permet pas de faire cela."
        [too_long] = await home.say(GUEST, "/guest " + "x" * 65)
        assert "/guest description" in too_long.visible_text
        assert "64 caractères au plus" in too_long.visible_text
        assert too_long.buttons == []
        [extra] = await home.say(MEMBER, "/guest list tout")
        assert "/guest list" in extra.visible_text and extra.buttons == []
        [english] = await home.say(MEMBER, "/guest " + "y" * 65, language="en")
        assert "at most 64 characters" in english.visible_text
        assert key_requests(home, "POST") == [] and key_requests(home, "GET") == []


async def test_without_the_settings_permission_the_reply_names_it(tmp_path: Path) -> None:
    async with household(tmp_path, all_permissions=False) as home:
        question = await ask(home, GUEST)
        await home.press(GUEST, question, "2 h")
        assert "Modification des réglages de la Freebox" in question.visible_text
        assert question.visible_text.startswith("🔐 La Freebox refuse")
        assert len(key_requests(home, "POST")) == 1, "the box was asked, and refused"
        assert home.box.wifi.keys == {}
        assert home.telegram.unseen_messages(GUEST) == [], "no QR code"


# -- /guest list --------------------------------------------------------------------------


def add_keys(home: Household) -> None:
    wifi = home.box.wifi
    wifi.create({"key": "cousins-du-sud", "description": "Cousins du Sud", "duration": 86400})
    nounou = wifi.create(
        {
            "key": "pour-la-nounou",
            "description": "Nounou",
            "duration": 0,
            "max_use_count": 2,
            "access_type": "full",
        }
    )
    nounou.users.append({"hostname": "Pixel-de-Camille"})


async def test_list_then_revoke_acts_once_and_edits_the_list(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [empty] = await home.say(MEMBER, "/guest list")
        assert empty.visible_text.startswith("🛜 Aucun accès Wi-Fi invité en cours")
        add_keys(home)
        [listing] = await home.say(MEMBER, "/guest liste", chat=FAMILY_GROUP)
        text = listing.visible_text
        assert text.startswith("🛜 Accès Wi-Fi invité (2)\n\n1. Cousins du Sud\n⏳ jusqu'au ")
        assert "(reste 23 h 59)" in text or "(reste 1 j 0 h)" in text
        assert "· 📱 aucun appareil connecté" in text
        assert text.endswith(
            "2. Nounou\n⏳ sans limite de durée · 📱 1/2 appareils · 🏠 accès au réseau local"
            "\n👥 Connectés : Pixel-de-Camille"
        )
        assert "cousins-du-sud" not in text, "passwords are not listed"
        assert listing.button_labels == [
            "🗑 Révoquer 1 · Cousins du Sud",
            "🗑 Révoquer 2 · Nounou",
        ]
        nounou = listing.callback_data("Nounou")

        first, second = await home.press_twice(MEMBER, listing, "Cousins du Sud")
        assert first["text"] == "🗑 Accès révoqué."
        assert second["text"] == EXPIRED
        [delete] = key_requests(home, "DELETE")
        assert delete.path.endswith("/wifi/custom_key/1")
        assert list(home.box.wifi.keys) == [2]
        assert listing.visible_text.startswith("🛜 Accès Wi-Fi invité (1)\n\n1. Nounou")
        assert listing.button_labels == ["🗑 Révoquer 1 · Nounou"]
        stale = await home.press_data(MEMBER, listing, nounou)
        assert stale["text"] == EXPIRED, "buttons of the old list expired with the first press"
        assert len(key_requests(home, "DELETE")) == 1

        refused = await home.press(GUEST, listing, "Nounou")
        assert "votre rôle ne permet pas" in refused["text"]
        await home.press(OWNER, listing, "Nounou")
        assert home.box.wifi.keys == {}
        assert listing.visible_text.startswith("🛜 Aucun accès Wi-Fi invité en cours")
        assert listing.buttons == []


async def test_revoking_a_key_already_gone_just_refreshes_the_list(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        add_keys(home)
        [listing] = await home.say(MEMBER, "/guest list")
        home.box.wifi.delete(1)  # revoked in Freebox OS meanwhile
        answer = await home.press(MEMBER, listing, "Cousins du Sud")
        assert answer["text"] == "🗑 Accès révoqué."
        assert listing.visible_text.startswith("🛜 Accès Wi-Fi invité (1)\n\n1. Nounou")


async def test_revoking_without_the_settings_permission(tmp_path: Path) -> None:
    async with household(tmp_path, all_permissions=False) as home:
        add_keys(home)
        [listing] = await home.say(MEMBER, "/guest list")
        await home.press(MEMBER, listing, "Nounou")
        assert "Modification des réglages de la Freebox" in listing.visible_text
        assert len(home.box.wifi.keys) == 2


# -- expiry announcements -----------------------------------------------------------------
# ManualClock starts at 12:00 UTC (13:00 in Paris): a 2-hour key made then ends at 15:00.
# The simulator measures a key's life with its own clock: on the box, keys do not expire
# while the test moves the bot's clock, so "still on the box" is decided by the test.


def soon(description: str, minutes: int, at: str) -> str:
    return (
        f"⏳ L'accès Wi-Fi invité « {description} » expire dans {minutes} minutes (à {at})."
        " Envoyez /guest pour en créer un autre."
    )


async def make_key(home: Household, user: int, description: str, *, chat: int | None = None) -> int:
    """`user` asks for a 2-hour key described `description`; returns its id on the box."""
    question = await ask(home, user, f"/guest {description}", chat=chat)
    await choose(home, user, question, "2 h", chat=chat)
    [key] = [k for k in home.box.wifi.keys.values() if k.description == description]
    return key.id


async def at(home: Household, clock: ManualClock, start: datetime, **delta: float) -> None:
    """Move the clock to `start + delta`, then let the bot do its periodic work."""
    clock.set(start + timedelta(**delta))
    await home.running.bot.tick()


async def test_a_key_is_announced_in_its_chat_15_minutes_before_it_ends_once(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    start = clock.now
    async with household(tmp_path, clock=clock) as home:
        question = await ask(home, GUEST, "/guest Cousins")
        photo = await choose(home, GUEST, question, "2 h")
        assert "Valable jusqu'au 23 nov. 2026 à 15:00." in photo.visible_text
        clock.advance(minutes=10)
        await make_key(home, GUEST, "Voisins")

        await at(home, clock, start, hours=1, minutes=44)  # 16 minutes left: not yet
        await at(home, clock, start, hours=1, minutes=46)
        [first] = await home.telegram.wait_for_messages(GUEST, 1)
        # Announced at the 1:44 tick, it would have said 16 minutes.
        assert first.visible_text == soon("Cousins", 14, "15:00")
        assert first.buttons == []

        await at(home, clock, start, hours=1, minutes=46)
        await at(home, clock, start, hours=1, minutes=50)
        await at(home, clock, start, hours=1, minutes=56)
        [second] = await home.telegram.wait_for_messages(GUEST, 1)
        assert second.visible_text == soon("Voisins", 14, "15:10"), "Cousins said only once"
        await at(home, clock, start, hours=2, minutes=20)
        assert await expiry_rows(home) == 0, "rows of expired keys are deleted"


async def test_in_english_and_in_the_family_group(tmp_path: Path) -> None:
    clock = ManualClock()
    start = clock.now
    async with household(tmp_path, clock=clock) as home:
        question = await ask(home, MEMBER, "/guest Cousins", language="en")
        await choose(home, MEMBER, question, "2 hours", language="en")
        await make_key(home, MEMBER, "Voisins", chat=FAMILY_GROUP)
        await at(home, clock, start, hours=1, minutes=46)
        [english] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert english.visible_text == (
            "⏳ The guest Wi-Fi access “Cousins” expires in 14 minutes (at 15:00)."
            " Send /guest to make a new one."
        )
        [group] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert group.visible_text == soon("Voisins", 14, "15:00"), "where the key was made"


async def test_revoked_and_deleted_keys_are_not_announced(tmp_path: Path) -> None:
    clock = ManualClock()
    start = clock.now
    async with household(tmp_path, clock=clock) as home:
        await make_key(home, MEMBER, "Révoquée")
        deleted = await make_key(home, MEMBER, "Supprimée")
        await make_key(home, MEMBER, "Gardée")
        clock.advance(minutes=10)
        await make_key(home, MEMBER, "Plus tard")

        [listing] = await home.say(MEMBER, "/guest list")
        answer = await home.press(MEMBER, listing, "Révoquée")
        assert answer["text"] == "🗑 Accès révoqué."
        home.box.wifi.delete(deleted)  # in Freebox OS

        await at(home, clock, start, hours=1, minutes=46)
        [kept] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert kept.visible_text == soon("Gardée", 14, "15:00")
        await at(home, clock, start, hours=1, minutes=56)
        [later] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert later.visible_text == soon("Plus tard", 14, "15:10"), "nothing came in between"


async def test_a_box_that_does_not_answer_does_not_stop_the_announcement(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    start = clock.now
    async with household(tmp_path, clock=clock) as home:
        await make_key(home, MEMBER, "Cousins")
        await home.box.unplug()
        await at(home, clock, start, hours=1, minutes=46)
        [notice] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert notice.visible_text == soon("Cousins", 14, "15:00")


async def expiry_rows(home: Household) -> int:
    async with home.running.bot.running.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(GuestKeyExpiry)) or 0)


async def test_announcements_survive_restarts_and_are_not_repeated(tmp_path: Path) -> None:
    clock = ManualClock()
    start = clock.now

    async with box_and_telegram() as (box, url, telegram):
        settings = {"freebox_url": url, "bot_owner_ids": frozenset({OWNER}), "clock": clock}
        async with running_bot(tmp_path, telegram, **settings) as running:
            await pair(running)
            async with running.bot.running.sessions.begin() as session:
                session.add(User(id=MEMBER, role=Role.MEMBER, name="Marie"))
            home = Household(telegram, box, running, url)
            await make_key(home, MEMBER, "Cousins")
            clock.advance(minutes=10)
            await make_key(home, MEMBER, "Voisins")

        async with running_bot(tmp_path, telegram, **settings) as running:
            home = Household(telegram, box, running, url)
            await at(home, clock, start, hours=1, minutes=46)
            [first] = await telegram.wait_for_messages(MEMBER, 1)
            assert first.visible_text == soon("Cousins", 14, "15:00")

        async with running_bot(tmp_path, telegram, **settings) as running:
            home = Household(telegram, box, running, url)
            await at(home, clock, start, hours=1, minutes=47)
            await at(home, clock, start, hours=1, minutes=56)
            [second] = await telegram.wait_for_messages(MEMBER, 1)
            assert second.visible_text == soon("Voisins", 14, "15:10"), "Cousins not repeated"
