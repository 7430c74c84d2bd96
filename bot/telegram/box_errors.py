"""Every box error becomes a sentence the user can act on."""

from __future__ import annotations

import html
import logging

from telegram import Message

from bot.i18n import translate
from freeboxos import (
    AuthRequiredError,
    FreeboxConnectionError,
    FreeboxError,
    InsufficientRightsError,
    NotFoundError,
)
from freeboxos.errors import AccessRevokedError, RateLimitedError

log = logging.getLogger(__name__)

# The labels Freebox OS shows for each permission (Gestion des accès > Applications).
PERMISSION_LABEL_IDS = {
    "downloader": "perm-downloader",
    "settings": "perm-settings",
    "home": "perm-home",
    "calls": "perm-calls",
    "player": "perm-player",
    "contacts": "perm-contacts",
    "explorer": "perm-explorer",
    "parental": "perm-parental",
    "camera": "perm-camera",
}


def permission_label(language: str, permission: str) -> str:
    message_id = PERMISSION_LABEL_IDS.get(permission)
    return translate(language, message_id) if message_id else permission


def box_error_text(language: str, error: FreeboxError) -> str:
    """A readable reply for a failed box call (HTML-safe)."""
    if isinstance(error, InsufficientRightsError):
        right = error.missing_right or "?"
        return translate(
            language, "box-missing-right", right=html.escape(permission_label(language, right))
        )
    if isinstance(error, AccessRevokedError):
        return translate(language, "box-access-revoked")
    if isinstance(error, RateLimitedError):
        return translate(language, "box-access-ratelimited")
    if isinstance(error, AuthRequiredError):
        return translate(language, "box-not-paired")
    if isinstance(error, FreeboxConnectionError):
        return translate(language, "box-unreachable")
    if isinstance(error, NotFoundError):
        return translate(language, "box-not-found")
    log.info("box refused: %s (%s)", error.msg, error.error_code)
    return translate(
        language, "box-refused", reason=html.escape(error.msg or str(error.error_code))
    )


async def reply_box_error(message: Message | None, language: str, error: FreeboxError) -> None:
    """Answer under `message` with the box error's sentence (logged: the reply hides why)."""
    log.info("box call failed: %s", error)
    if message is not None:
        await message.reply_text(box_error_text(language, error))


def box_error_notice(language: str, error: FreeboxError) -> str:
    """The box error as a button's notice: plain text (no HTML), at most 200 characters."""
    log.info("box call failed: %s", error)
    text = box_error_text(language, error)
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))[:200]
