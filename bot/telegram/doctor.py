"""/doctor (owners): the check-up of the box, the push path, Telegram and the database."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.box.lan_presence import PresenceWatcher
from bot.doctor.context import DoctorContext
from bot.doctor.run import examine
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.feature import BotServices, CommandInfo


class DoctorCommands:
    commands = (CommandInfo("doctor", Role.OWNER, "doctor-cmd"),)

    def __init__(self, services: BotServices, presence: PresenceWatcher) -> None:
        self._services = services
        self._presence = presence

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("doctor", self.check_up))

    async def check_up(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Run every check and answer with the report, plain text (URLs and reasons as is)."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        report = await examine(self.context())
        verdict = "doctor-healthy" if report.healthy else "doctor-unhealthy"
        title, rendered = asker.text("doctor-title"), report.render(asker.language)
        text = f"{title}\n\n{rendered}\n\n{asker.text(verdict)}"
        await asker.message.reply_text(text, parse_mode=None)

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
