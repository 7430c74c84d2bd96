"""In a private chat, a language chosen with /language outweighs the person's Telegram one.

Issue 15: "The chat's language is the chat's choice (/language)". Without a choice a
private chat follows its person's Telegram language (test_group_language.py); once they
choose, their replies, their button answers and the notifications in that chat speak it,
across a restart and whatever other commands write their Telegram language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.features.household import (
    FAMILY_GROUP,
    MEMBER,
    OWNER,
    Household,
    box_and_telegram,
    household,
    pair,
)
from tests.harness import running_bot

HELP = {"fr": "Ce que je sais faire", "en": "What I can do"}
CALLS = {"fr": "Appels manqués", "en": "Missed calls"}
SAVED = {"fr": "Enregistré ✅", "en": "Saved ✅"}
ALARM = {"fr": "🚨 L'alarme s'est déclenchée", "en": "🚨 The alarm went off"}
SET = {"fr": "🇫🇷 C'est noté", "en": "🇬🇧 Done"}
OTHER = {"fr": "en", "en": "fr"}
TURN_ON = {"fr": "🔔 Activer les notifications", "en": "🔔 Turn notifications on"}


async def _help_in(home: Household, telegram_language: str) -> str:
    [reply] = await home.say(MEMBER, "/help", language=telegram_language)
    return reply.visible_text


async def _registered(home: Household) -> None:
    """The member's chat is a target on the box, as /pair makes it."""
    await home.running.bind_chat_through_box(MEMBER)
    await home.telegram.wait_for(lambda: bool(home.box.targets))


async def _alarm_notification(home: Household) -> str:
    """The box pushes an alarm to the member's chat; the text the chat shows."""
    await home.box.trigger_alarm()
    [message] = await home.telegram.wait_for_messages(MEMBER, 1, timeout=15)
    return message.visible_text


@pytest.mark.parametrize("chosen", ["fr", "en"])
async def test_a_chosen_language_wins_over_telegram_in_a_private_chat(
    tmp_path: Path, chosen: str
) -> None:
    telegram_language = OTHER[chosen]
    async with household(tmp_path) as home:
        await home.say(MEMBER, "/start", language=telegram_language)
        assert (await _help_in(home, telegram_language)).startswith(HELP[telegram_language])
        [done] = await home.say(MEMBER, f"/language {chosen}", language=telegram_language)
        assert done.visible_text.startswith(SET[chosen])
        assert (await _help_in(home, telegram_language)).startswith(HELP[chosen])
        # /start writes the sender's Telegram language by default: the choice stays.
        await home.say(MEMBER, "/start", language=telegram_language)
        assert (await _help_in(home, telegram_language)).startswith(HELP[chosen])
        await _registered(home)
        [menu] = await home.say(MEMBER, "/notifications", language=telegram_language)
        assert f"✅ {CALLS[chosen]}" in menu.button_labels
        answer = await home.press(MEMBER, menu, CALLS[chosen], language=telegram_language)
        assert answer["text"] == SAVED[chosen]
        assert (await _alarm_notification(home)).startswith(ALARM[chosen])


@pytest.mark.parametrize("chosen", ["fr", "en"])
async def test_a_chosen_language_survives_a_restart_and_can_be_changed_back(
    tmp_path: Path, chosen: str
) -> None:
    telegram_language = OTHER[chosen]
    async with box_and_telegram() as (box, url, telegram):
        settings = {"freebox_url": url, "bot_owner_ids": frozenset({OWNER})}
        async with running_bot(tmp_path, telegram, **settings) as running:
            await pair(running)
            home = Household(telegram, box, running, url)
            await home.say(OWNER, "/start", language=telegram_language)
            await home.say(OWNER, f"/language {chosen}", language=telegram_language)
        async with running_bot(tmp_path, telegram, **settings) as running:
            home = Household(telegram, box, running, url)
            [help_text] = await home.say(OWNER, "/help", language=telegram_language)
            assert help_text.visible_text.startswith(HELP[chosen])
            [done] = await home.say(OWNER, f"/language {telegram_language}", language=chosen)
            assert done.visible_text.startswith(SET[telegram_language])
            [help_text] = await home.say(OWNER, "/help", language=chosen)
            assert help_text.visible_text.startswith(HELP[telegram_language])


async def test_without_a_choice_a_private_chat_still_follows_telegram(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        # /notifications makes a row in French whoever asks: not a choice.
        await home.say(MEMBER, "/notifications", language="en")
        assert (await _help_in(home, "en")).startswith(HELP["en"])
        assert (await _help_in(home, "fr")).startswith(HELP["fr"])


async def test_a_language_chosen_in_private_does_not_follow_its_person_into_the_group(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/language fr", chat=FAMILY_GROUP, language="en")
        await home.say(MEMBER, "/language en", language="fr")
        [in_group] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP, language="fr")
        assert in_group.visible_text.startswith(HELP["fr"]), "the group's choice"
        [in_private] = await home.say(MEMBER, "/help", language="fr")
        assert in_private.visible_text.startswith(HELP["en"]), "their own chat's choice"


@pytest.mark.parametrize("telegram_language", ["fr", "en"])
async def test_notifications_as_a_first_command_keep_the_persons_language(
    tmp_path: Path, telegram_language: str
) -> None:
    """/notifications may be the first thing someone sends: the chat it creates speaks
    their Telegram language, so the box's notifications there do too."""
    async with household(tmp_path) as home:
        [menu] = await home.say(MEMBER, "/notifications", language=telegram_language)
        assert menu.button_labels == [TURN_ON[telegram_language]]
        await home.press(MEMBER, menu, TURN_ON[telegram_language], language=telegram_language)
        await home.telegram.wait_for(lambda: bool(home.box.targets))
        await home.box.trigger_alarm()

        def alarm_told() -> bool:
            texts = [m.visible_text for m in home.telegram.messages(MEMBER)]
            return any(text.startswith(ALARM[telegram_language]) for text in texts)

        await home.telegram.wait_for(alarm_told, timeout=15)
