"""A group's replies speak the group's language, whatever the sender's Telegram is set to.

Issue 15: "The chat's language is the chat's choice (/language), not whoever last sent
/start." A private chat follows its person's Telegram language (bot/telegram/asking.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, MEMBER, OWNER, Household, household


async def _group_speaking(home: Household, language: str) -> None:
    """The family group chose `language` with /language (said by the owner, in French)."""
    await home.say(OWNER, "/start", chat=FAMILY_GROUP)
    await home.say(OWNER, f"/language {language}", chat=FAMILY_GROUP)


async def _registered(home: Household, chat_id: int) -> None:
    await home.running.bind_chat_through_box(chat_id)
    await home.box.wait_idle()
    await home.telegram.wait_for(lambda: bool(home.box.targets))


async def test_an_english_group_answers_a_french_member_in_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _group_speaking(home, "en")
        [help_text] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP, language="fr")
        assert help_text.visible_text.startswith("What I can do (you are a member):")
        [status] = await home.say(MEMBER, "/status", chat=FAMILY_GROUP, language="fr")
        assert "Up for" in status.visible_text
        assert "Allumée" not in status.visible_text


async def test_a_french_group_answers_an_english_member_in_french(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/start", chat=FAMILY_GROUP, language="en")
        await home.say(OWNER, "/language fr", chat=FAMILY_GROUP, language="en")
        [help_text] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP, language="en")
        assert help_text.visible_text.startswith("Ce que je sais faire (vous êtes membre)")
        [status] = await home.say(MEMBER, "/status", chat=FAMILY_GROUP, language="en")
        assert "Allumée depuis" in status.visible_text


async def test_a_button_in_an_english_group_answers_in_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _group_speaking(home, "en")
        await _registered(home, FAMILY_GROUP)
        [menu] = await home.say(MEMBER, "/notifications", chat=FAMILY_GROUP, language="fr")
        assert "✅ Missed calls" in menu.button_labels
        answer = await home.press(MEMBER, menu, "Missed calls", language="fr")
        assert answer["text"] == "Saved ✅"


async def test_a_button_in_a_french_group_answers_in_french(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/language fr", chat=FAMILY_GROUP, language="en")
        await _registered(home, FAMILY_GROUP)
        [menu] = await home.say(MEMBER, "/notifications", chat=FAMILY_GROUP, language="en")
        assert "✅ Appels manqués" in menu.button_labels
        answer = await home.press(MEMBER, menu, "Appels manqués", language="en")
        assert answer["text"] == "Enregistré ✅"


async def test_a_private_chat_follows_its_persons_telegram_language(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _group_speaking(home, "en")
        [english] = await home.say(MEMBER, "/help", language="en")
        assert english.visible_text.startswith("What I can do")
        # The owner's group chose English; their own chat still hears their French.
        [french] = await home.say(OWNER, "/help", language="fr")
        assert french.visible_text.startswith("Ce que je sais faire")
