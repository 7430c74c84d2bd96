"""French names for the commands (`/aide`, `/ajouter`, `/alarme`…), run by the same handlers.

Telegram's command names are Latin letters, digits and underscores only, hence no accents.
An alias is declared to the access gate with the role of its English command, so the gate
judges `/ajouter` exactly as `/add`; it stays out of the menu and /help lists it beside
its English name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from telegram.ext import BaseHandler, CommandHandler

from bot.telegram.feature import CommandInfo

FRENCH_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "aide": "help",
        "ajouter": "add",
        "telechargements": "downloads",
        "alarme": "alarm",
        "invitation": "invite",
        "inviter": "invite",
        "utilisateurs": "users",
        "appels": "calls",
        "etat": "status",
        "lire": "play",
        "tele": "tv",
        "telecommande": "remote",
        "resume": "digest",
        "surveiller": "watch",
        "appairer": "pair",
        "wifi": "guest",
        "langue": "language",
        "redemarrer": "reboot",
        "reveiller": "wake",
    }
)


def alias_commands(commands: Sequence[CommandInfo]) -> list[CommandInfo]:
    """The aliases of `commands`, each with its English command's role, out of the menu."""
    by_name = {c.name: c for c in commands}
    return [
        CommandInfo(alias, by_name[english].role, by_name[english].description_id, in_menu=False)
        for alias, english in FRENCH_ALIASES.items()
        if english in by_name
    ]


def aliases_of(command: str) -> list[str]:
    """The French names of `command` (for /help)."""
    return [alias for alias, english in FRENCH_ALIASES.items() if english == command]


def answer_aliases(handlers: Iterable[BaseHandler[Any, Any, Any]]) -> None:
    """Let each command handler also run on the French names of its commands."""
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            extra = {alias for command in handler.commands for alias in aliases_of(command)}
            handler.commands = handler.commands | extra
