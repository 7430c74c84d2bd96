"""People's names reach the chat as they wrote them, in French and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import SentMessage
from tests.features.household import MEMBER, OWNER, Household, household

NAME = "Tom & Jerry <3"
NEWCOMER = 2001


async def _say_as(home: Household, user: int, text: str, language: str) -> SentMessage:
    """`user`, whose Telegram first name is NAME, sends `text` in their private chat."""
    home.telegram.mark_seen(user)
    home.telegram.push_message(user, user, text, language_code=language, first_name=NAME)
    [reply] = await home.telegram.wait_for_messages(user, 1, timeout=10)
    return reply


@pytest.mark.parametrize(
    "language, greeting", [("fr", "Bonjour Tom & Jerry <3 !"), ("en", "Hello Tom & Jerry <3!")]
)
async def test_a_name_with_ampersand_and_angle_bracket_is_welcomed_as_written(
    tmp_path: Path, language: str, greeting: str
) -> None:
    async with household(tmp_path) as home:
        welcome = await _say_as(home, MEMBER, "/start", language)
        assert greeting in welcome.visible_text
        assert "&amp;" not in welcome.visible_text and "&lt;" not in welcome.visible_text


@pytest.mark.parametrize(
    "language, greeting", [("fr", "Bienvenue Tom & Jerry <3 !"), ("en", "Welcome Tom & Jerry <3!")]
)
async def test_an_invited_person_is_welcomed_by_name_as_written(
    tmp_path: Path, language: str, greeting: str
) -> None:
    async with household(tmp_path) as home:
        [invitation] = await home.say(OWNER, "/invite", language=language)
        code = invitation.visible_text.split("start=")[1].split()[0]
        welcome = await _say_as(home, NEWCOMER, f"/start {code}", language)
        assert greeting in welcome.visible_text
        assert "&amp;" not in welcome.visible_text
