"""The command menu Telegram shows, in French and English, per role, in private and in groups.

Telegram cannot tell a group's menu apart per person without a scope per (group, person):
a group shows the members' commands; the gate still refuses what a guest may not do.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.i18n import LANGUAGES, translate
from bot.storage.models import Role
from bot.telegram.feature import CommandInfo

log = logging.getLogger(__name__)


def menu_for(commands: Sequence[CommandInfo], role: Role, language: str) -> list[BotCommand]:
    return [
        BotCommand(c.name, translate(language, c.description_id)[:256])
        for c in commands
        if c.in_menu and role.allows(c.role)
    ]


async def publish_menu(bot: Bot, commands: Sequence[CommandInfo], owners: Collection[int]) -> None:
    """Members' commands for every private chat and every group, everything for the
    owners' private chats."""
    try:
        for language in LANGUAGES:
            for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
                await bot.set_my_commands(
                    menu_for(commands, Role.MEMBER, language), scope=scope, language_code=language
                )
            for owner in owners:
                await bot.set_my_commands(
                    menu_for(commands, Role.OWNER, language),
                    scope=BotCommandScopeChat(owner),
                    language_code=language,
                )
        for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
            await bot.set_my_commands(menu_for(commands, Role.MEMBER, "fr"), scope=scope)
    except TelegramError as exc:
        log.warning("could not publish the command menu: %s", exc)
