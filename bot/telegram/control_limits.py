"""What the box's API version or the app's permissions do not allow, said per control.

The facts are `freeboxos.capabilities.Control`; this module only words them. The shared
`box_errors` names the permissions it knows; the controls add `profile` (parental
control profiles), whose label in Freebox OS is given here.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from telegram import Update

from bot.box.link import BoxLink
from bot.i18n import translate
from bot.telegram.asker import Asker, ask
from bot.telegram.box_errors import PERMISSION_LABEL_IDS, box_error_text
from bot.telegram.version_limits import box_api_version
from freeboxos import FreeboxError, InsufficientRightsError
from freeboxos.capabilities import Control, allows, control_since_text

if TYPE_CHECKING:
    from bot.telegram.feature import BotServices


async def ask_control(update: Update, services: BotServices, control: Control) -> Asker | None:
    """The asker of a control's command, or None once told the box's version lacks it
    (or for an update with no one to answer)."""
    asker = await ask(update, services)
    if asker is None:
        return None
    refusal = await version_refusal(services.link, asker.language, control)
    if refusal is not None:
        await asker.reply(refusal)
        return None
    return asker


async def version_refusal(link: BoxLink, language: str, control: Control) -> str | None:
    """Why the box's API version cannot do `control`, or None (also when it is unknown:
    the box's own answer then says what is wrong)."""
    api_version = await box_api_version(link)
    if api_version is None or allows(api_version, control):
        return None
    return translate(
        language,
        "controls-version-lacks",
        control=translate(language, f"controls-name-{control.value}"),
        version=html.escape(api_version),
        since=control_since_text(control),
    )


def control_error_text(language: str, error: FreeboxError) -> str:
    """A failed control's sentence: the shared one, naming the permissions it does not know."""
    right = error.missing_right if isinstance(error, InsufficientRightsError) else None
    if right and right not in PERMISSION_LABEL_IDS:
        label = translate(language, f"controls-perm-{right}")
        if label.startswith("controls-perm-"):  # Fluent answers the id when it has none
            label = right
        return translate(language, "box-missing-right", right=html.escape(label))
    return box_error_text(language, error)
