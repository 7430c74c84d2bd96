"""/start and /help: meet the user, remember the chat and its language."""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import language_from_telegram, translate
from bot.storage.chats import upsert_chat


class StartCommands:
    """Handlers for first contact; they need only the database."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def handlers(self) -> list[CommandHandler[ContextTypes.DEFAULT_TYPE, None]]:
        return [CommandHandler("start", self.greet), CommandHandler("help", self.show_help)]

    async def greet(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Register the chat (language from the user's Telegram settings) and say hello."""
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or message is None:
            return
        language = language_from_telegram(user.language_code if user else None)
        async with self._sessions.begin() as session:
            await upsert_chat(
                session,
                chat.id,
                kind=chat.type,
                title=chat.title or chat.full_name,
                language=language,
            )
        name = html.escape(user.first_name if user else "")
        await message.reply_text(translate(language, "start-welcome", name=name))

    async def show_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List what the bot can do, in the user's language."""
        user, message = update.effective_user, update.effective_message
        if message is None:
            return
        language = language_from_telegram(user.language_code if user else None)
        await message.reply_text(translate(language, "help"), parse_mode=ParseMode.HTML)
