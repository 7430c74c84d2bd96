"""/alarm: the state, arming after a confirmation, disarming with the alarm PIN, the lockout."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import bot.telegram.alarm_pin as alarm_pin
from bot.box.alarm import (
    AlarmEndpoints,
    AlarmNotFoundError,
    alarm_endpoints,
    find_alarm_node,
    needs_tileset,
    pin_matches,
)
from bot.storage.models import PinFailures, Role, utcnow
from freeboxos import HomeNode, HomeTile
from tests.fakes import FakeTelegram, SentMessage
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
    without_a_box,
)
from tests.harness import running_bot

REAL_BOX = Path(__file__).parents[1] / "data/real-box"
ARM, NIGHT, DISARM = "🔒 Armer", "🌙 Armer (nuit)", "🔓 Désarmer"
CONFIRM, CANCEL = "✅ Confirmer", "✖️ Annuler"
REFRESH = "🔄 Actualiser"
# The simulator's alarm is a real Delta's node 7: alarm1 = 1, alarm2 = 2, off = 4,
# signal state = 11, signal pin = 12 (skip = 3: the ids do not follow the tile's order).
ALARM1, ALARM2, OFF, PIN_SLOT, PIN_SIGNAL = (
    "home/endpoints/7/1",
    "home/endpoints/7/2",
    "home/endpoints/7/4",
    "home/endpoints/7/5",
    "home/endpoints/7/12",
)
RIGHT_PIN = "0000"  # the simulator's default


# -- helpers ----------------------------------------------------------------------


async def open_panel(
    home: Household, user: int = MEMBER, chat: int | None = None, language: str = "fr"
) -> SentMessage:
    [panel] = await home.say(user, "/alarm", chat=chat, language=language)
    if language == "fr":  # Arm while off, Disarm while armed: never a button that does nothing
        off = "désactivée" in panel.visible_text
        expected = [ARM, NIGHT, REFRESH] if off else [DISARM, REFRESH]
        assert panel.button_labels == expected, panel.button_labels
    return panel


async def ask_pin(home: Household, panel: SentMessage, user: int = MEMBER) -> SentMessage:
    """Press Disarm; returns the prompt asking for the PIN (in private, from a group)."""
    home.telegram.mark_seen(panel.chat_id)
    home.telegram.mark_seen(user)
    await home.press(user, panel, DISARM)
    if panel.chat_id < 0:
        [notice] = await home.telegram.wait_for_messages(panel.chat_id, 1)
        assert "je vous demande le code PIN en privé" in notice.visible_text
    [prompt] = await home.telegram.wait_for_messages(user, 1)
    assert "envoyez le code PIN de l'alarme en réponse" in prompt.visible_text
    assert prompt.reply_markup is not None and prompt.reply_markup["force_reply"] is True
    assert "j'attends le code PIN" in panel.visible_text
    assert panel.button_labels == [CANCEL]
    return prompt


def send_pin(home: Household, chat: int, pin: str, user: int = MEMBER) -> int:
    """`user` sends `pin` in `chat`; returns the id of their message."""
    home.telegram.mark_seen(chat)
    update = home.telegram.push_message(
        chat, user, pin, chat_type="group" if chat < 0 else "private", chat_title="Famille"
    )
    return int(update["message"]["message_id"])


def reply_with_pin(telegram: FakeTelegram, prompt: SentMessage, pin: str) -> int:
    """MEMBER answers the PIN prompt with a reply in their private chat; returns its id."""
    telegram.mark_seen(MEMBER)
    update = telegram.push_message(MEMBER, MEMBER, pin)
    update["message"]["reply_to_message"] = {  # no await since the push: not served yet
        "message_id": prompt.message_id,
        "chat": update["message"]["chat"],
        "date": update["message"]["date"],
        "from": telegram.bot_user,
        "text": prompt.visible_text,
    }
    return int(update["message"]["message_id"])


async def deleted(home: Household, chat: int, message_id: int) -> bool:
    def found() -> bool:
        return any(
            c.params.get("chat_id") == chat and c.params.get("message_id") == message_id and c.ok
            for c in home.telegram.calls_to("deleteMessage")
        )

    return bool(await home.telegram.wait_for(found))


async def failures_of(home: Household, user: int) -> PinFailures | None:
    assert home.running.bot.sessions is not None
    async with home.running.bot.sessions() as session:
        return await session.get(PinFailures, user)


def puts(home: Household, path: str) -> list[Any]:
    return [r.parsed_body for r in home.box.requests_to(path, "PUT")]


def alarm_puts(home: Household) -> list[str]:
    """The paths (after /api/vN/) of every write to the home API, in order."""
    return [
        r.path.split("/", 3)[3]
        for r in home.box.requests
        if r.method == "PUT" and "/home/" in r.path
    ]


async def wrong_pin_in(home: Household, chat: int, pin: str = "1234") -> SentMessage:
    panel = await open_panel(home, chat=chat)
    await ask_pin(home, panel)
    send_pin(home, chat, pin)
    [refusal] = await home.telegram.wait_for_messages(chat, 1)
    await home.telegram.wait_for(lambda: DISARM in panel.button_labels)
    return refusal


# -- state and arming ---------------------------------------------------------------


async def test_alarm_shows_the_state_and_arms_the_main_alarm_once_confirmed(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        panel = await open_panel(home)
        assert panel.visible_text == "🚨 Système d'alarme\nÉtat : 🔓 désactivée"
        assert home.box.requests_to(PIN_SIGNAL) == [], "showing the state reads no PIN"

        await home.press(MEMBER, panel, ARM)
        assert panel.visible_text.startswith("🔒 Armer l'alarme principale ?")
        assert panel.button_labels == [CONFIRM, CANCEL]
        assert alarm_puts(home) == [], "nothing is armed before the confirmation"

        first, second = await home.press_twice(MEMBER, panel, CONFIRM)
        assert first["text"] == "Commande envoyée à la Freebox"
        assert "expiré" in second["text"]
        assert puts(home, ALARM1) == [{"value": None}], "one arm request, a void slot"
        assert alarm_puts(home) == [ALARM1]
        assert home.box.home.alarm_state() == "alarm1_armed"
        assert panel.visible_text == (
            "✅ Alice a armé l'alarme principale.\n🚨 Système d'alarme\n"
            "État : 🔒 armée (alarme principale)"
        )
        assert panel.button_labels == [DISARM, REFRESH], "no Arm on an armed alarm"


async def test_the_night_alarm_and_a_cancelled_confirmation(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        panel = await open_panel(home)
        await home.press(MEMBER, panel, NIGHT)
        assert panel.visible_text.startswith("🌙 Armer l'alarme de nuit ?")
        answer = await home.press(MEMBER, panel, CANCEL)
        assert answer["text"] == "Annulé"
        assert "🔓 désactivée" in panel.visible_text
        assert alarm_puts(home) == []

        await home.press(MEMBER, panel, NIGHT)
        await home.press(MEMBER, panel, CONFIRM)
        assert puts(home, ALARM2) == [{"value": None}]
        assert home.box.home.alarm_state() == "alarm2_armed"
        assert "🌙 armée (alarme de nuit)" in panel.visible_text


async def test_arming_shows_the_countdown_and_refresh_shows_the_end(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arming_delay = 60
        panel = await open_panel(home)
        await home.press(MEMBER, panel, ARM)
        await home.press(MEMBER, panel, CONFIRM)
        assert "⏳ armement en cours (alarme principale)" in panel.visible_text
        home.box.home.finish_arming()
        await home.press(MEMBER, panel, "🔄 Actualiser")
        assert panel.visible_text.endswith("État : 🔒 armée (alarme principale)")


async def test_only_the_asker_confirms(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        panel = await open_panel(home, chat=FAMILY_GROUP)
        await home.press(MEMBER, panel, ARM)
        answer = await home.press(OWNER, panel, CONFIRM)
        assert answer["text"] == "🚫 Ce bouton est pour Marie."
        assert alarm_puts(home) == []
        await home.press(MEMBER, panel, CONFIRM)
        assert puts(home, ALARM1) == [{"value": None}]


# -- disarming with the PIN -----------------------------------------------------------


async def test_the_right_pin_disarms_and_its_message_is_deleted(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        assert "🔒 armée (alarme principale)" in panel.visible_text
        prompt = await ask_pin(home, panel)
        assert alarm_puts(home) == [], "nothing happens before the PIN"

        pin_message = send_pin(home, MEMBER, RIGHT_PIN)
        await home.telegram.wait_for(lambda: "a désarmé" in panel.visible_text)
        assert await deleted(home, MEMBER, pin_message), "the PIN does not stay in the chat"
        assert await deleted(home, MEMBER, prompt.message_id)
        assert puts(home, OFF) == [{"value": None}]
        assert alarm_puts(home) == [OFF]
        assert puts(home, PIN_SLOT) == [], "the PIN slot is never written"
        assert len(home.box.requests_to(PIN_SIGNAL, "GET")) == 1, "the PIN the alarm holds"
        assert home.box.home.alarm_state() == "idle"
        assert panel.visible_text == (
            "✅ Alice a désarmé l'alarme.\n🚨 Système d'alarme\nÉtat : 🔓 désactivée"
        )
        assert home.telegram.unseen_messages(MEMBER) == []
        assert (await failures_of(home, MEMBER)) is None


async def test_a_wrong_pin_is_refused_and_counted(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm2")
        panel = await open_panel(home)
        await ask_pin(home, panel)
        pin_message = send_pin(home, MEMBER, "1234")
        [refusal] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert refusal.visible_text == (
            "❌ Code PIN incorrect. Encore 2 essais avant un blocage de 15 minutes."
        )
        assert await deleted(home, MEMBER, pin_message), "a wrong PIN is a secret too"
        await home.telegram.wait_for(lambda: DISARM in panel.button_labels)
        assert "🌙 armée (alarme de nuit)" in panel.visible_text
        assert alarm_puts(home) == []
        assert home.box.home.alarm_state() == "alarm2_armed"
        row = await failures_of(home, MEMBER)
        assert row is not None and row.failures == 1 and row.locked_until is None


async def test_three_wrong_pins_lock_out_for_15_minutes(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        assert "Encore 2 essais" in (await wrong_pin_in(home, MEMBER)).visible_text
        assert "Encore un essai" in (await wrong_pin_in(home, MEMBER)).visible_text
        # The third from the family group: the PIN is asked and typed in private.
        group_panel = await open_panel(home, chat=FAMILY_GROUP)
        await ask_pin(home, group_panel)
        send_pin(home, MEMBER, "1234")
        [locked] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert locked.visible_text == (
            "🔒 Trop de codes PIN erronés : le désarmement est bloqué pour vous. "
            "Réessayez dans 15 min."
        )
        row = await failures_of(home, MEMBER)
        assert row is not None and row.failures == 3 and row.locked_until is not None
        left = row.locked_until - utcnow()
        assert timedelta(minutes=14) < left <= timedelta(minutes=15)

        # Pressing Disarm again, in the group or in private, asks for no PIN.
        await home.telegram.wait_for(lambda: DISARM in group_panel.button_labels)
        home.telegram.mark_seen(FAMILY_GROUP)
        await home.press(MEMBER, group_panel, DISARM)
        [again] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert "Réessayez dans" in again.visible_text
        panel = await open_panel(home)
        await home.press(MEMBER, panel, DISARM)
        [again] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "Réessayez dans" in again.visible_text
        await home.telegram.wait_for(lambda: DISARM in panel.button_labels)
        assert alarm_puts(home) == []
        assert home.box.home.alarm_state() == "alarm1_armed"
        # Other members are not locked out.
        owner_panel = await open_panel(home, user=OWNER)
        await ask_pin(home, owner_panel, user=OWNER)
        send_pin(home, OWNER, RIGHT_PIN, user=OWNER)
        await home.telegram.wait_for(lambda: "a désarmé" in owner_panel.visible_text)


async def test_the_lockout_is_read_from_the_database(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        assert home.running.bot.sessions is not None
        async with home.running.bot.sessions.begin() as session:
            until = utcnow() + timedelta(minutes=9, seconds=30)
            session.add(PinFailures(user_id=MEMBER, failures=3, locked_until=until))
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        await home.press(MEMBER, panel, DISARM)
        [refusal] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "Réessayez dans 10 min" in refusal.visible_text
        assert home.box.requests_to(PIN_SIGNAL) == []


async def test_a_right_pin_resets_the_count_and_a_lockout_ends(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        await wrong_pin_in(home, MEMBER)
        await wrong_pin_in(home, MEMBER)
        panel = await open_panel(home)
        await ask_pin(home, panel)
        send_pin(home, MEMBER, RIGHT_PIN)
        await home.telegram.wait_for(lambda: "a désarmé" in panel.visible_text)
        row = await failures_of(home, MEMBER)
        assert row is not None and row.failures == 0 and row.locked_until is None

        assert home.running.bot.sessions is not None
        async with home.running.bot.sessions.begin() as session:
            row = await session.get_one(PinFailures, MEMBER)
            row.failures, row.locked_until = 3, utcnow() - timedelta(seconds=1)
        home.box.home.arm("alarm1")
        refusal = await wrong_pin_in(home, MEMBER)
        assert "Encore 2 essais" in refusal.visible_text, "three new tries after a lockout"


async def test_disarming_an_alarm_already_off_asks_no_pin(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        home.box.home.disarm()  # at the keypad, while the panel still offered Disarm
        answer = await home.press(MEMBER, panel, DISARM)
        assert answer["text"] == "L'alarme est déjà désactivée."
        assert home.telegram.unseen_messages(MEMBER) == []
        assert panel.button_labels == [ARM, NIGHT, REFRESH]
        assert home.box.requests_to(PIN_SIGNAL) == [] and alarm_puts(home) == []


async def test_an_alarm_without_a_pin_is_not_disarmed(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        home.box.home.set_value(7, 5, "")  # the PIN slot: the alarm now reads back no PIN
        panel = await open_panel(home)
        await ask_pin(home, panel)
        send_pin(home, MEMBER, RIGHT_PIN)
        [refusal] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "n'a pas de code PIN" in refusal.visible_text
        assert (await failures_of(home, MEMBER)) is None
        assert alarm_puts(home) == []


async def test_a_pin_of_letters_is_not_counted(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        await ask_pin(home, panel)
        message = send_pin(home, MEMBER, "mon code")
        [usage] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "ne contient que des chiffres" in usage.visible_text
        assert await deleted(home, MEMBER, message)
        assert (await failures_of(home, MEMBER)) is None
        assert alarm_puts(home) == []


async def test_the_pin_request_can_be_cancelled(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        prompt = await ask_pin(home, panel)
        answer = await home.press(MEMBER, panel, CANCEL)
        assert answer["text"] == "Annulé"
        assert await deleted(home, MEMBER, prompt.message_id)
        assert "🔒 armée (alarme principale)" in panel.visible_text
        assert DISARM in panel.button_labels
        # The next message is chat again, not a PIN: only the pointer to /help answers it.
        send_pin(home, MEMBER, RIGHT_PIN)
        pointer, reply = await home.say(MEMBER, "/alarm", replies=2)
        assert pointer.visible_text.startswith("💬")
        assert "🔒 armée" in reply.visible_text
        assert home.box.home.alarm_state() == "alarm1_armed"


async def test_a_late_reply_to_the_prompt_is_deleted_and_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alarm_pin, "PIN_WAIT_SECONDS", 0.0)
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        prompt = await ask_pin(home, panel)
        pin_message = reply_with_pin(home.telegram, prompt, RIGHT_PIN)
        [late] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "la demande de code PIN a expiré" in late.visible_text
        assert await deleted(home, MEMBER, pin_message)
        assert alarm_puts(home) == []


async def test_a_pin_sent_after_a_restart_is_deleted_and_refused(tmp_path: Path) -> None:
    # The requests waiting for a PIN are kept in memory: the prompt is forgotten by a
    # restart, but the PIN answering it must not stay in the chat.
    async with box_and_telegram() as (box, url, telegram):
        owners = frozenset({OWNER})
        async with running_bot(tmp_path, telegram, freebox_url=url, bot_owner_ids=owners) as bot:
            await pair(bot)
            home = Household(telegram, box, bot, url)
            await home.add_person(MEMBER, Role.MEMBER, "Marie")
            box.home.arm("alarm1")
            prompt = await ask_pin(home, await open_panel(home))

        async with running_bot(tmp_path, telegram, freebox_url=url, bot_owner_ids=owners):
            pin_message = reply_with_pin(telegram, prompt, RIGHT_PIN)
            [refused] = await telegram.wait_for_messages(MEMBER, 1)
            assert "la demande de code PIN a expiré" in refused.visible_text
            assert await deleted(home, MEMBER, pin_message)
            assert await deleted(home, MEMBER, prompt.message_id)
            assert alarm_puts(home) == [], "a forgotten request disarms nothing"
            assert box.home.alarm_state() == "alarm1_armed"


async def test_the_pin_is_asked_in_private_when_disarming_from_the_group(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home, chat=FAMILY_GROUP)
        prompt = await ask_pin(home, panel)
        assert prompt.chat_id == MEMBER, "the PIN prompt is never in the group"
        # A PIN typed in the group anyway is not taken.
        home.telegram.push_message(FAMILY_GROUP, MEMBER, "0000", chat_type="group")
        pin_message = send_pin(home, MEMBER, RIGHT_PIN)
        await home.telegram.wait_for(lambda: "a désarmé" in panel.visible_text)
        assert await deleted(home, MEMBER, pin_message)
        [done] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert done.visible_text.startswith("✅ Code PIN reçu et effacé")
        assert puts(home, OFF) == [{"value": None}]
        assert len(home.box.requests_to(PIN_SIGNAL, "GET")) == 1
        group_texts = [m.visible_text for m in home.telegram.messages(FAMILY_GROUP)]
        assert not any("envoyez le code PIN" in text for text in group_texts)


async def test_from_the_group_someone_the_bot_cannot_write_to_is_told_to_open_a_chat(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        home.telegram.block_chat(MEMBER)
        panel = await open_panel(home, chat=FAMILY_GROUP, language="en")
        home.telegram.mark_seen(FAMILY_GROUP)
        await home.press(MEMBER, panel, "🔓 Disarm", language="en")
        [told] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert "I cannot write to you in private: open a chat with me" in told.visible_text
        assert f'href="tg://user?id={MEMBER}"' in (told.text or ""), "the asker is mentioned"
        await home.telegram.wait_for(lambda: "🔓 Disarm" in panel.button_labels)
        assert alarm_puts(home) == [] and home.box.home.alarm_state() == "alarm1_armed"


async def test_an_undeletable_pin_message_is_pointed_out(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        panel = await open_panel(home)
        await ask_pin(home, panel)
        home.telegram.fail_next(
            2, 400, methods="deleteMessage", description="Bad Request: message can't be deleted"
        )
        send_pin(home, MEMBER, RIGHT_PIN)
        [warning] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "effacez-le vous-même" in warning.visible_text
        await home.telegram.wait_for(lambda: "a désarmé" in panel.visible_text)


# -- refusals, bad input, box errors ---------------------------------------------------


async def test_guests_and_strangers_are_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [guest] = await home.say(GUEST, "/alarm")
        assert "votre rôle ne permet pas" in guest.visible_text
        [stranger] = await home.say(STRANGER, "/alarm")
        assert "ce bot est privé" in stranger.visible_text
        assert home.box.requests_to("home/nodes") == []

        panel = await open_panel(home, chat=FAMILY_GROUP)
        answer = await home.press(GUEST, panel, ARM)
        assert answer["show_alert"] is True and "rôle" in answer["text"]
        answer = await home.press(GUEST, panel, NIGHT)
        assert answer["show_alert"] is True
        assert panel.button_labels == [ARM, NIGHT, REFRESH]
        await home.press(MEMBER, panel, ARM)
        assert panel.button_labels == [CONFIRM, CANCEL], "the refused presses used nothing up"


async def test_arguments_get_the_usage(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [usage] = await home.say(MEMBER, "/alarm maybe", language="en")
        assert "/alarm on" in usage.visible_text
        assert home.box.requests_to("home/nodes") == []


async def test_a_missing_home_permission_is_explained(tmp_path: Path) -> None:
    async with household(tmp_path, all_permissions=False) as home:
        [reply] = await home.say(MEMBER, "/alarm", chat=FAMILY_GROUP)
        assert "il manque le droit « Gestion de l'alarme et maison connectée »" in (
            reply.visible_text
        )
        assert reply.buttons == []


async def test_a_permission_withdrawn_before_the_confirmation(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        panel = await open_panel(home)
        await home.press(MEMBER, panel, ARM)
        home.box.withdraw("home")
        home.box.expire_sessions()
        await home.press(MEMBER, panel, CONFIRM)
        assert "Gestion de l'alarme et maison connectée" in panel.visible_text
        assert home.box.home.alarm_state() == "idle"


async def test_an_unreachable_box_is_explained(tmp_path: Path) -> None:
    async with without_a_box(tmp_path) as telegram:
        telegram.push_message(OWNER, OWNER, "/alarm")
        [reply] = await telegram.wait_for_messages(OWNER, 1, timeout=15)
        assert reply.visible_text.startswith("📡 La Freebox ne répond pas")


# -- finding the endpoints (pure) ----------------------------------------------------


def _real_nodes() -> list[dict[str, Any]]:
    path = REAL_BOX / "home_get_nodes.json"
    nodes: list[dict[str, Any]] = json.loads(path.read_text())
    return nodes


def _without_names(node: dict[str, Any], names: set[str]) -> HomeNode:
    for endpoint in [*node["type"]["endpoints"], *node["show_endpoints"]]:
        if endpoint["name"] in names:
            endpoint["name"] = ""
    return HomeNode.from_api(node)


# The alarm_control tile of node 7, in the order of the document's index table.
TILE = HomeTile.from_api(
    {
        "node_id": 7,
        "type": "alarm_control",
        "ep_type": "slot",
        "data": [
            {"ep_id": ep_id, "value_type": "string"}
            for ep_id in (11, 1, 2, 4, 3, 12, 13)  # state, alarm1, alarm2, off, skip, pin, error
        ],
    }
)
REAL_ENDPOINTS = AlarmEndpoints(
    node_id=7, label="Système d'alarme", state=11, main=1, night=2, off=4, pin=12
)


def test_endpoints_are_found_by_name_on_a_real_delta() -> None:
    nodes = [HomeNode.from_api(n) for n in _real_nodes()]
    node = find_alarm_node(nodes)
    assert node is not None and node.id == 7
    assert not needs_tileset(node)
    assert alarm_endpoints(node) == REAL_ENDPOINTS
    assert REAL_ENDPOINTS.slot("alarm1") == 1
    assert REAL_ENDPOINTS.slot("off") == 4
    assert AlarmEndpoints.from_data(REAL_ENDPOINTS.to_data()) == REAL_ENDPOINTS


def test_missing_names_fall_back_to_the_tile_index_table() -> None:
    [raw] = [n for n in _real_nodes() if n["id"] == 7]
    node = _without_names(raw, {"state", "alarm1", "alarm2", "off", "pin"})
    assert needs_tileset(node)
    assert alarm_endpoints(node, [TILE]) == REAL_ENDPOINTS
    with pytest.raises(AlarmNotFoundError):
        alarm_endpoints(node)


def test_names_win_over_the_tile_and_only_missing_ones_are_taken_from_it() -> None:
    [raw] = [n for n in _real_nodes() if n["id"] == 7]
    node = _without_names(raw, {"off"})
    odd_tile = HomeTile.from_api(
        {"node_id": 7, "type": "alarm_control", "data": [{"ep_id": 90 + i} for i in range(7)]}
    )
    found = alarm_endpoints(node, [odd_tile])
    assert (found.state, found.main, found.night, found.off, found.pin) == (11, 1, 2, 93, 12)
    other_node_tile = HomeTile.from_api({"node_id": 8, "type": "alarm_control", "data": []})
    with pytest.raises(AlarmNotFoundError):
        alarm_endpoints(node, [other_node_tile])


def test_no_alarm_among_the_nodes() -> None:
    nodes = [HomeNode.from_api(n) for n in _real_nodes() if n["id"] != 7]
    assert find_alarm_node(nodes) is None


def test_pins_are_compared_as_the_box_holds_them() -> None:
    assert pin_matches("0000", "0000")
    assert not pin_matches("000", "0000")
    assert not pin_matches("1234", "0000")
    assert pin_matches("0042", 42), "an int PIN lost its leading zeros"
    assert not pin_matches("", 0)
    assert not pin_matches("", "")
    assert not pin_matches("0000", None)
