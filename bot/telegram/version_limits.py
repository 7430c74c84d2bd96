"""What the box's API version lacks, said plainly at /pair and in /help.

A feature the version does not have would otherwise fail with a box error (or, for
notifications, silently never come). The facts are `freeboxos.capabilities`; this
module only words them, in the user's language.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Final

from bot.box.link import BoxLink
from bot.i18n import translate
from freeboxos import FreeboxError
from freeboxos.capabilities import Capability, missing, since_text

log = logging.getLogger(__name__)

#: What each command needs; a missing one gets a line under the command in /help.
COMMAND_NEEDS: Final[dict[str, tuple[Capability, ...]]] = {
    "guest": (Capability.GUEST_KEYS, Capability.GUEST_NETWORK),
    "notifications": (
        Capability.NOTIFICATION_TARGETS,
        Capability.PUSH_TO_US,
        Capability.LAN_HOST_PUSH,
        Capability.PASSWORD_CHANGE_PUSH,
    ),
    "alarm": (Capability.HOME,),
    "player": (Capability.PLAYER,),
    "watch": (Capability.EVENT_SOCKET,),
}
#: Internal details nobody needs to hear about (the bot reads the SSID elsewhere).
_SILENT: Final = frozenset({Capability.GUEST_SSID_IN_BSS})
#: /help waits this long at most for the box to say its version.
VERSION_TIMEOUT = 3.0


async def box_api_version(link: BoxLink) -> str | None:
    """The version the box reports, or None when it does not answer in VERSION_TIMEOUT."""
    try:
        async with asyncio.timeout(VERSION_TIMEOUT):
            return (await link.box()).api.api_version
    except (FreeboxError, TimeoutError) as exc:
        log.info("the box's API version is unknown for now: %s", exc)
        return None


def lack_line(language: str, capability: Capability) -> str:
    """One missing capability, with the version that brings it."""
    return translate(language, f"version-lacks-{capability.value}", since=since_text(capability))


def pairing_note(language: str, api_version: str) -> str:
    """Lines for the pairing's success message (empty when the version lacks nothing)."""
    lacks = [c for c in missing(api_version) if c not in _SILENT]
    if not lacks:
        return ""
    lines = [translate(language, "version-intro", version=api_version)]
    lines += [f"• {lack_line(language, c)}" for c in lacks]
    return "\n".join(lines)


def command_notes(language: str, command: str, api_version: str | None) -> Sequence[str]:
    """The /help lines under `command` for what the version lacks (none when unknown)."""
    if api_version is None:
        return ()
    lacks = set(missing(api_version))
    needs = COMMAND_NEEDS.get(command, ())
    return [f"   ⚠️ {lack_line(language, c)}" for c in needs if c in lacks]
