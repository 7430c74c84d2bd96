"""/language fr|en: the language of a chat is the chat's choice, kept on its row.

The box's notifications and the bot's notices are written in the chat's language when
they are delivered. In a family group that language used to follow whoever last sent
/start; now the group chooses it once, and /start only sets it for a chat the bot meets
for the first time. A private chat follows its person's Telegram language until they
choose one here (`chats.language_chosen`, read by `bot.telegram.asking`); what they chose
is then kept when other commands write their Telegram language.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import Language, normalize_language, translate
from bot.storage.models import Chat, Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo

# What people type after /language, in either language.
LANGUAGE_WORDS: dict[str, Language] = {
    "fr": "fr",
    "francais": "fr",
    "français": "fr",
    "french": "fr",
    "en": "en",
    "english": "en",
    "anglais": "en",
}


class LanguageCommands:
    commands = (CommandInfo("language", Role.MEMBER, "typing-cmd-language"),)
    ticks = ()  # no periodic work

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("language", self.choose))

    async def choose(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Set the chat's language, or say which it is and how to change it."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        args = context.args or []
        chosen = LANGUAGE_WORDS.get(args[0].lower()) if len(args) == 1 else None
        if chosen is None:
            async with self._services.sessions() as session:
                row = await session.get(Chat, asker.chat.id)
            current = normalize_language(row.language if row is not None else None)
            text = asker.text("typing-language-now", current=current)
            await asker.reply(text + "\n" + asker.text("typing-language-usage"))
            return
        async with self._services.sessions.begin() as session:
            await remember_chat(session, asker.chat, chosen, chosen=True)
        self._services.languages.forget(asker.chat.id)
        await asker.reply(translate(chosen, "typing-language-set"))
