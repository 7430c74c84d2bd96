"""/alarm on|arm|night|off|disarm: the words do what the panel's buttons do, confirmation
and PIN included, in French and English, in a private chat and in the family group."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, MEMBER, household
from tests.features.test_alarm import (
    ALARM1,
    ALARM2,
    CANCEL,
    CONFIRM,
    OFF,
    PIN_SIGNAL,
    RIGHT_PIN,
    alarm_puts,
    puts,
    send_pin,
)


async def test_alarm_on_asks_the_confirmation_then_arms(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/alarm on")
        assert question.visible_text.startswith("🔒 Armer l'alarme principale ?")
        assert question.button_labels == [CONFIRM, CANCEL]
        assert alarm_puts(home) == [], "nothing is armed before the confirmation"
        await home.press(MEMBER, question, CONFIRM)
        assert puts(home, ALARM1) == [{"value": None}]
        assert home.box.home.alarm_state() == "alarm1_armed"
        assert "🔒 armée (alarme principale)" in question.visible_text


async def test_alarm_night_in_the_group_in_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/alarm night", chat=FAMILY_GROUP, language="en")
        assert question.visible_text.startswith("🌙 Arm the night alarm?")
        await home.press(MEMBER, question, "✅ Confirm", language="en")
        assert alarm_puts(home) == [ALARM2]
        assert home.box.home.alarm_state() == "alarm2_armed"


async def test_alarm_arm_cancelled_arms_nothing(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/alarm arm", language="en")
        await home.press(MEMBER, question, "✖️ Cancel", language="en")
        assert alarm_puts(home) == []


async def test_alarm_off_asks_the_pin_then_disarms(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm1")
        status, prompt = await home.say(MEMBER, "/alarm off", replies=2)
        assert "envoyez le code PIN de l'alarme en réponse" in prompt.visible_text
        assert await home.telegram.wait_for(lambda: "j'attends le code PIN" in status.visible_text)
        assert alarm_puts(home) == [], "nothing happens before the PIN"
        send_pin(home, MEMBER, RIGHT_PIN)
        await home.telegram.wait_for(lambda: "a désarmé" in status.visible_text)
        assert puts(home, OFF) == [{"value": None}]
        assert len(home.box.requests_to(PIN_SIGNAL, "GET")) == 1
        assert home.box.home.alarm_state() == "idle"


async def test_alarm_disarm_when_off_says_so_in_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [status] = await home.say(MEMBER, "/alarm disarm", language="en")
        await home.telegram.wait_for(lambda: "already off" in status.visible_text)
        assert home.box.requests_to(PIN_SIGNAL) == [] and alarm_puts(home) == []


async def test_other_words_still_get_the_usage(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [usage] = await home.say(MEMBER, "/alarm maybe")
        assert "/alarm" in usage.visible_text and alarm_puts(home) == []


async def test_alarm_off_typed_in_the_group_asks_the_pin_in_private(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.home.arm("alarm2")
        home.telegram.mark_seen(MEMBER)
        status, notice = await home.say(
            MEMBER, "/alarm off", chat=FAMILY_GROUP, language="en", replies=2
        )
        assert "I am asking you for the PIN in private" in notice.visible_text
        [prompt] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "send the alarm PIN as a reply" in prompt.visible_text
        send_pin(home, MEMBER, RIGHT_PIN)
        await home.telegram.wait_for(lambda: "disarmed the alarm" in status.visible_text)
        assert home.box.home.alarm_state() == "idle"
