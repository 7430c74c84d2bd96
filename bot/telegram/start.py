"""/start (and invitations through its deep link) and /help, which lists what the role may do.

/help also says, under a command, what the box's API version lacks for it: an older
box refuses those calls, and the household should read why before trying.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, ContextTypes

from bot.access.people import redeem_invite
from bot.i18n import language_from_telegram, translate
from bot.storage.models import Chat, Role
from bot.telegram.aliases import aliases_of
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.asking import reply_language
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.version_limits import box_api_version, command_notes

# What a command does differs for a guest: `/guest list` (the keys in use) is for members.
GUEST_DESCRIPTIONS = {"guest": "typing-guest-cmd-for-guests"}


class StartCommands:
    commands = (
        CommandInfo("start", Role.GUEST, "cmd-start", in_menu=False),
        CommandInfo("help", Role.GUEST, "cmd-help"),
    )

    def __init__(self, services: BotServices, all_commands: Sequence[CommandInfo]) -> None:
        self._services = services
        self._all_commands = all_commands

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("start", self.greet))
        application.add_handler(CommandHandler("help", self.show_help))

    async def greet(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Redeem an invitation if the link carried one, remember the chat, say hello."""
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or message is None or user is None:
            return
        # Until the chat is remembered, the sender is answered in their own language: an
        # invitation link or a refusal speaks to a person the household has not seated yet.
        language = language_from_telegram(user.language_code)
        code = context.args[0] if context.args else None
        async with self._services.sessions.begin() as session:
            granted = (
                await redeem_invite(session, code, user.id, user.full_name, language)
                if code
                else None
            )
        if code and granted is None:
            await message.reply_text(translate(language, "invite-invalid"))
            return
        role = await self._services.gate.role(user.id)
        if role is None:
            await message.reply_text(translate(language, "access-stranger"))
            return
        async with self._services.sessions.begin() as session:
            # A group keeps the language it has (see /language); a new chat takes the sender's.
            group = chat.type != ChatType.PRIVATE
            known_group = group and await session.get(Chat, chat.id) is not None
            await remember_chat(session, chat, None if known_group else language)
        self._services.languages.forget(chat.id)
        language = await reply_language(self._services, update)
        name = html.escape(user.first_name)
        text = translate(language, "start-welcome", name=name)
        if granted is not None:
            text = translate(language, f"invite-welcome-{granted.value}", name=name)
            # The owners hear who used an invitation: a link forwarded too far shows here.
            await self._services.notices.send(
                self._services.owners,
                "typing-owner-invite-used",
                name=user.full_name,
                role=granted.value,
            )
        # The name is escaped for HTML: sent as plain text, "&" would read "&amp;".
        await message.reply_text(text)

    async def show_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List the commands the user's role allows, in their language."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        language, role = asker.language, await self._services.gate.role(asker.user.id)
        if role is None:
            await asker.reply(asker.text("access-stranger"))
            return
        api_version = await box_api_version(self._services.link)
        lines = [asker.text("help-title", role=asker.text(f"role-{role.value}"))]
        for command in self._all_commands:
            if command.in_menu and role.allows(command.role):
                lines += help_lines(language, role, command, api_version)
        if role.allows(Role.MEMBER):  # guests choose no notifications: none arrive for them
            lines.append(asker.text("help-push"))
        await asker.reply("\n".join(lines))


def help_lines(
    language: str, role: Role, command: CommandInfo, api_version: str | None
) -> list[str]:
    """A command's /help entry: its names, what it does for this role, what the box's
    version lacks for it, and one example to copy."""
    names = [f"/{command.name}"]
    if language == "fr":
        names += [f"/{alias}" for alias in aliases_of(command.name)]
    description_id = command.description_id
    if role is Role.GUEST and command.name in GUEST_DESCRIPTIONS:
        description_id = GUEST_DESCRIPTIONS[command.name]
    lines = [f"{' '.join(names)} — {translate(language, description_id)}"]
    lines += command_notes(language, command.name, api_version)
    example = translate(language, f"typing-example-{command.name}")
    if not example.startswith("typing-example-"):  # Fluent answers the id when it has none
        lines.append(f"   {example}")
    return lines
