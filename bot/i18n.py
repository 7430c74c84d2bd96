"""French and English texts, from Fluent files in `bot/locales/` (French is the default)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any, Literal

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
