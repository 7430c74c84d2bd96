"""The texts themselves: both languages say the same things, dates and reasons read right."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib.resources import files
from zoneinfo import ZoneInfo

import pytest

from bot.download_errors import KNOWN_CODES, download_error_text
from bot.i18n import LANGUAGES, format_clock, format_day, format_moment

PARIS = ZoneInfo("Europe/Paris")
_MESSAGE_ID = re.compile(r"^([a-z][a-z0-9_-]*) =", re.MULTILINE)


def _ids(language: str) -> dict[str, set[str]]:
    folder = files("bot") / "locales" / language
    return {
        f.name: set(_MESSAGE_ID.findall(f.read_text(encoding="utf-8")))
        for f in folder.iterdir()
        if f.name.endswith(".ftl")
    }


def test_french_and_english_have_the_same_files_and_messages() -> None:
    assert _ids("fr") == _ids("en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", sorted(KNOWN_CODES))
def test_every_documented_download_error_reads_as_a_sentence(language: str, code: str) -> None:
    text = download_error_text(language, code)
    assert text and not text.startswith("download-reason"), "Fluent fell back to the id"
    assert "_" not in text, "the box's code is translated, not shown"


def test_download_errors_in_both_languages() -> None:
    assert download_error_text("en", "disk_full") == "the disk is full"
    assert download_error_text("fr", "disk_full") == "le disque est plein"
    assert download_error_text("en", "http_404") == "the server answered with HTTP error 404"
    assert download_error_text("fr", "http_5xx") == "le serveur a répondu par l'erreur HTTP 5xx"
    assert download_error_text("en", "none") == "an unknown error"
    assert download_error_text("en", "new_code") == "error “new_code”"


def test_one_date_format_per_language_in_the_households_zone() -> None:
    summer = datetime(2026, 7, 14, 20, 5, tzinfo=UTC)  # 22:05 in Paris (summer time)
    winter = datetime(2026, 12, 4, 16, 3, tzinfo=UTC)  # 17:03 in Paris
    assert format_moment(summer, "fr", PARIS) == "14 juil. 2026, 22:05"
    assert format_moment(summer, "en", PARIS) == "14 Jul 2026, 22:05"
    assert format_moment(winter, "fr", PARIS) == "4 déc. 2026, 17:03"
    assert format_moment(winter, "en", PARIS) == "4 Dec 2026, 17:03"
    assert format_clock(winter, "en", PARIS) == "17:03", "a 24-hour clock in English too"
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in Paris
    assert format_day(late, "en", PARIS) == "1 Jan 2027"
