"""What to tell the owner when the box refuses the bot's access, and what to do about it."""

from __future__ import annotations

from bot.i18n import translate

# Refusals of `login/authorize/` that no retry fixes: each message says what will.
_PAIRING_REFUSALS = {
    "denied_from_external_ip": "pair-from-outside",
    "ratelimited": "pair-ratelimited",
    "new_apps_denied": "pair-new-apps-denied",
    "apps_denied": "pair-apps-denied",
}


def access_refusal_text(language: str, error_code: str | None) -> str | None:
    """The reply for a pairing the box refused with `error_code`, or None for other errors."""
    message_id = _PAIRING_REFUSALS.get(error_code or "")
    return translate(language, message_id) if message_id else None
