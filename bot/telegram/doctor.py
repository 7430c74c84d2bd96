"""/doctor (owners): the check-up of the box, the push path, Telegram and the database."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.box.lan_presence import PresenceWatcher
from bot.doctor.context import DoctorContext
from bot.doctor.run import examine
from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asking import reply_language
from bot.telegram.feature import BotServices, CommandInfo


class DoctorCommands:
    commands = (CommandInfo("doctor", Role.OWNER, "doctor-cmd"),)
    ticks = ()  # no periodic work

    def __init__(self, services: BotServices, presence: PresenceWatcher) -> None:
        self._services = services
        self._presence = presence

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("doctor", self.check_up))

    async def check_up(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Run every check and answer with the report, plain text (URLs and reasons as is)."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        language = await reply_language(self._services, update)
        report = await examine(self.context())
        verdict = "doctor-healthy" if report.healthy else "doctor-unhealthy"
        title = translate(language, "doctor-title")
        text = f"{title}\n\n{report.render(language)}\n\n{translate(language, verdict)}"
        await message.reply_text(text)

    def context(self) -> DoctorContext:
        services, settings = self._services, self._services.settings

        async def telegram_name() -> str:
            return (await services.bot.get_me()).username or "?"

        def presence_connected() -> bool:
            stream = self._presence.stream
            return stream is not None and stream.connected

        return DoctorContext(
            sessions=services.sessions,
            link=services.link,
            public_url=settings.notif_public_url if settings else None,
            freebox_url=settings.freebox_url if settings else None,
            telegram_name=telegram_name,
            clock=services.clock,
            zone=services.zone,
            presence_connected=presence_connected,
        )
