"""French and English texts, from Fluent files in `bot/locales/` (French is the default)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache
from importlib.resources import files
from typing import Any, Literal

from babel.dates import format_date, format_time, get_datetime_format
from fluent.runtime import FluentLocalization, FluentResourceLoader

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")
DEFAULT_LANGUAGE: Language = "fr"


def language_from_telegram(code: str | None) -> Language:
    """French for French speakers and when unknown, English for everyone else."""
    if not code or code.lower().startswith("fr"):
        return "fr"
    return "en"


def normalize_language(code: str | None) -> Language:
    """A stored language code, back to one we have texts for."""
    return "en" if code == "en" else "fr"


@lru_cache(maxsize=len(LANGUAGES))
def _localization(language: Language) -> FluentLocalization:
    # One .ftl file per feature; every language has the same file names.
    locales = files("bot") / "locales"
    resources = sorted(
        f.name for f in (locales / DEFAULT_LANGUAGE).iterdir() if f.name.endswith(".ftl")
    )
    loader = FluentResourceLoader(str(locales / "{locale}"))
    fallbacks: list[str] = [language, *(lang for lang in LANGUAGES if lang != language)]
    return FluentLocalization(fallbacks, resources, loader)


def translate(language: str | None, message_id: str, **args: Any) -> str:
    """The text for `message_id` in `language`; the caller escapes HTML in `args`."""
    text: str = _localization(normalize_language(language)).format_value(message_id, args)
    return text


# Babel locales behind our two languages: English reads day-month and a 24-hour clock, as
# the household lives in France (TIMEZONE) and an American "12/4/26, 5:03 PM" would puzzle.
_BABEL_LOCALES: dict[Language, str] = {"fr": "fr_FR", "en": "en_GB"}


def babel_locale(language: str | None) -> str:
    """The Babel locale that formats dates and numbers for `language`."""
    return _BABEL_LOCALES[normalize_language(language)]


def format_moment(moment: datetime, language: str | None, zone: tzinfo) -> str:
    """A date and time, the one way each language writes them: 4 déc. 2026, 17:03."""
    locale = babel_locale(language)
    return (
        str(get_datetime_format("long", locale=locale))
        .replace("'", "")
        .replace("{1}", format_date(moment.astimezone(zone), "medium", locale=locale))
        .replace("{0}", format_clock(moment, language, zone))
    )


def format_clock(moment: datetime, language: str | None, zone: tzinfo) -> str:
    """A time of day in the household's zone: 17:03."""
    return format_time(moment, "short", tzinfo=zone, locale=babel_locale(language))


def format_day(day: date | datetime, language: str | None, zone: tzinfo | None = None) -> str:
    """A date alone: 4 déc. 2026 / 4 Dec 2026 (a datetime is first moved into `zone`)."""
    if isinstance(day, datetime) and zone is not None:
        day = day.astimezone(zone)
    return format_date(day, "medium", locale=babel_locale(language))
