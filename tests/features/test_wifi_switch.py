"""/wifi off and /wifi on: the box's Wi-Fi switched by an owner, confirmed, back on later."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import (
    GUEST,
    MEMBER,
    OWNER,
    Household,
    box_and_telegram,
    household,
    pair,
)
from tests.features.test_pause import NOT_ALLOWED, edited, notices
from tests.harness import ManualClock, running_bot

# Online in the simulator: the "Freebox Player POP" host (a smartphone to the box) on the
# main network, "Pixel-de-Camille" on the guest Wi-Fi; the Wi-Fi repeater is the box's own.
QUESTION = (
    "📴 Éteindre le Wi-Fi de la Freebox ?\n"
    "En ligne maintenant (ceux en Wi-Fi seront coupés) : Freebox Player POP, Pixel-de-Camille.\n"
    "Le Wi-Fi invité s'éteint aussi ; les appareils branchés par câble gardent Internet."
)


async def test_an_owner_switches_wifi_off_confirmed_and_back_on_an_hour_later(
    tmp_path: Path,
) -> None:
    clock = ManualClock()  # 13:00 in Paris
    async with household(tmp_path, clock=clock) as home:
        [question] = await home.say(OWNER, "/wifi off")
        assert question.visible_text == QUESTION
        assert question.button_labels == ["📴 Éteindre le Wi-Fi", "Annuler"]
        assert home.box.wifi_config["enabled"] is True, "nothing before the confirmation"

        await home.press(OWNER, question, "📴 Éteindre le Wi-Fi")
        assert home.box.wifi_config["enabled"] is False
        off = edited(home, question)
        assert off.visible_text == "📴 Wi-Fi éteint (par Alice). /wifi on le rallume."
        await home.press(OWNER, off, "📶 Rallumer dans 1 h")
        assert edited(home, question).visible_text == (
            "📴 Wi-Fi éteint (par Alice). 📶 Il se rallume à 14:00."
        )

        clock.advance(minutes=59)
        await home.running.bot.tick()
        assert home.box.wifi_config["enabled"] is False
        clock.advance(minutes=2)
        await home.running.bot.tick()
        assert home.box.wifi_config["enabled"] is True
        [back] = await home.telegram.wait_for_messages(OWNER, 1)
        assert back.visible_text == "📶 Le Wi-Fi est rallumé, comme prévu à 14:00."
        await home.running.bot.tick()
        assert await notices(home, "controls-wifi-back-on") == 1


async def test_cancel_leaves_wifi_on_and_wifi_on_drops_the_plan_in_english(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [question] = await home.say(OWNER, "/wifi OFF", language="en")
        await home.press(OWNER, question, "Cancel", language="en")
        assert edited(home, question).visible_text == "Cancelled: nothing changed."
        assert home.box.wifi_config["enabled"] is True

        [question] = await home.say(OWNER, "/wifi off", language="en")
        await home.press(OWNER, question, "📴 Switch Wi-Fi off", language="en")
        await home.press(OWNER, edited(home, question), "📶 Back on in 1 h", language="en")
        [again] = await home.say(OWNER, "/wifi off", language="en")
        assert again.visible_text.startswith("📴 The Freebox's Wi-Fi is already off.")

        [on] = await home.say(OWNER, "/wifi on", language="en")
        assert on.visible_text == "📶 Wi-Fi switched on (by Alice)."
        assert home.box.wifi_config["enabled"] is True
        home.box.wifi_config["enabled"] = False  # switched off again in Freebox OS
        clock.advance(hours=2)
        await home.running.bot.tick()
        assert home.box.wifi_config["enabled"] is False, "the plan went with /wifi on"


async def test_a_member_may_not_switch_wifi_and_wifi_stays_the_guest_wifi_in_french(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(MEMBER, "/wifi off")
        assert refused.visible_text == NOT_ALLOWED
        [refused] = await home.say(GUEST, "/wifi on")
        assert refused.visible_text == NOT_ALLOWED
        assert home.box.requests_to("wifi/config", "PUT") == []

        [guest_question] = await home.say(GUEST, "/wifi")
        assert guest_question.visible_text == "🛜 Wi-Fi invité : pour combien de temps ?"


async def test_without_the_settings_permission_the_reply_names_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.withdraw("settings")
        [question] = await home.say(OWNER, "/wifi off")
        await home.press(OWNER, question, "📴 Éteindre le Wi-Fi")
        assert edited(home, question).visible_text.startswith(
            "🔐 La Freebox refuse : il manque le droit « Modification des réglages de la Freebox »."
        )
        assert home.box.wifi_config["enabled"] is True


async def test_back_on_in_an_hour_survives_a_restart(tmp_path: Path) -> None:
    clock = ManualClock()
    async with box_and_telegram() as (box, url, telegram):
        settings = {"freebox_url": url, "bot_owner_ids": frozenset({OWNER}), "clock": clock}
        async with running_bot(tmp_path, telegram, **settings) as running:
            await pair(running)
            home = Household(telegram, box, running, url)
            [question] = await home.say(OWNER, "/wifi off")
            await home.press(OWNER, question, "📴 Éteindre le Wi-Fi")
            await home.press(OWNER, edited(home, question), "📶 Rallumer dans 1 h")
        assert box.wifi_config["enabled"] is False

        async with running_bot(tmp_path, telegram, **settings) as running:
            clock.advance(hours=1, minutes=1)
            await running.bot.tick()
            assert box.wifi_config["enabled"] is True
            [back] = await telegram.wait_for_messages(OWNER, 1)
            assert back.visible_text == "📶 Le Wi-Fi est rallumé, comme prévu à 14:00."
