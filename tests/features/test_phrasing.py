"""English reads as English and French as French: no French colon spacing in English,
no sentence glued from pieces that do not fit together."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.features.household import MEMBER, OWNER, household

ADD_TWO = "/add https://example.org/a.iso\nmagnet:?xt=urn:btih:0123456789abcdef&dn=Vacances"


@pytest.mark.parametrize(
    "language, labels",
    [
        ("en", ["👀 Follow: a.iso", "👀 Follow: Vacances"]),
        ("fr", ["👀 Suivre : a.iso", "👀 Suivre : Vacances"]),
    ],
)
async def test_follow_buttons_use_each_languages_punctuation(
    tmp_path: Path, language: str, labels: list[str]
) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, ADD_TWO, language=language)
        assert reply.button_labels == labels


@pytest.mark.parametrize(
    "command, language, sentence",
    [
        ("/invite", "en", "🎟️ One-time invitation for a member, valid 24 h:"),
        ("/invite guest 48", "en", "🎟️ One-time invitation for a guest, valid 48 h:"),
        ("/invite", "fr", "🎟️ Invitation à usage unique pour un membre, valable 24 h :"),
    ],
)
async def test_an_invitation_reads_as_a_sentence(
    tmp_path: Path, command: str, language: str, sentence: str
) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(OWNER, command, language=language)
        assert reply.visible_text.splitlines()[0] == sentence
