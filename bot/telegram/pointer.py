"""Plain text in a private chat that no feature takes gets a short pointer to /help.

Silence reads as a broken bot. The pointer runs in a later handler group, so a PIN, a
pasted link or any other text a feature answers (they stop the update) never gets it too;
in groups chatter between people is not the bot's business.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.feature import BotServices, CommandInfo

# After every feature's handlers (group 0): only text nobody answered reaches it.
POINTER_GROUP = 10


class PlainTextPointer:
    commands: tuple[CommandInfo, ...] = ()

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        private_text = (
            filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        )
        application.add_handler(MessageHandler(private_text, self.point), group=POINTER_GROUP)

    async def point(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say the bot answers commands, and which one lists them (for the person's role)."""
        user = update.effective_user
        role = await self._services.gate.role(user.id) if user is not None else None
        if role is None:
            return  # the gate already told a stranger this bot is private
        asker = await ask(update, self._services)
        if asker is None:
            return
        text_id = "typing-pointer" if role.allows(Role.MEMBER) else "typing-pointer-guest"
        await asker.reply(asker.text(text_id))
