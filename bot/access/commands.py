"""The command a message asks for, read exactly as python-telegram-bot's CommandHandler reads it.

Telegram marks a command with a `bot_command` entity: `/name` or `/name@bot`, ending at the
first character that cannot be part of it, so `/invite, owner` is the command `/invite` with
the arguments `owner`. CommandHandler (PTB v22, `CommandHandler.check_update`) runs the
command of the entity at offset 0, lowercased, when it names this bot or no bot. Splitting
the text on spaces reads `invite,` instead: a gate reading it so judges a command that does
not exist while the handler runs another one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import Message, MessageEntity


@dataclass(frozen=True)
class SlashCommand:
    """What a message starting with `/` asks for."""

    name: str | None
    """The command, lowercased as CommandHandler compares it; None when Telegram marked no
    command at the start (`/ pair`, `//pair`, `/pairé`): no CommandHandler runs it."""
    for_this_bot: bool
    """False for `/name@anotherbot`, a command meant for another bot in the same group."""
    in_caption: bool = False
    """Read from a caption: CommandHandler never runs those, the media's handler does."""
    addressed: bool = False
    """Written `/name@thisbot`: surely meant for this bot, even in a group with other bots."""


def read_command(
    text: str | None, entities: Sequence[MessageEntity], bot_username: str
) -> SlashCommand | None:
    """The command of `text` (None when it does not start with `/` and has no command)."""
    if not text:
        return None
    first = entities[0] if entities else None
    if first is not None and first.type == MessageEntity.BOT_COMMAND and first.offset == 0:
        # The same slicing and comparison as CommandHandler.check_update.
        parts = text[1 : first.length].split("@")
        addressed = len(parts) > 1
        parts.append(bot_username)
        for_this_bot = parts[1].lower() == bot_username.lower()
        return SlashCommand(parts[0].lower(), for_this_bot, addressed=addressed and for_this_bot)
    if text.startswith("/"):
        return SlashCommand(None, for_this_bot=True)
    return None


def command_of(message: Message, bot_username: str) -> SlashCommand | None:
    """The command of a message's text, else of its caption (a file or photo sent with one)."""
    command = read_command(message.text, message.entities, bot_username)
    if command is not None:
        return command
    in_caption = read_command(message.caption, message.caption_entities, bot_username)
    if in_caption is None:
        return None
    return SlashCommand(
        in_caption.name, in_caption.for_this_bot, in_caption=True, addressed=in_caption.addressed
    )
