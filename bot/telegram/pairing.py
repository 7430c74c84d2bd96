"""/pair: the owner pairs the bot with the box; one message shows the progress."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, ContextTypes

from bot.box.pairing import PairingStatus, PairingUpdate, pair_with_box
from bot.box.registration import NotConfiguredError, PushUnavailableError
from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.box_access import access_refusal_text
from bot.telegram.box_errors import box_error_text, permission_label
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_sent
from bot.telegram.version_limits import box_api_version, pairing_note
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

INTERRUPTED_EDIT_SECONDS = 1.0  # at stop: Telegram may be the reason nothing answers


def describe_pairing(language: str, update: PairingUpdate) -> str:
    """The text of the progress message for one step (HTML)."""
    if update.status is PairingStatus.GRANTED:
        lines = [translate(language, "pair-granted", model=html.escape(update.box_model or "?"))]
        if update.missing_permissions:
            lines.append(translate(language, "pair-missing-intro"))
            lines += [f"• {permission_label(language, p)}" for p in update.missing_permissions]
            lines.append(translate(language, "pair-missing-where"))
        return "\n".join(lines)
    if update.status is PairingStatus.FAILED:
        return access_refusal_text(language, update.error_code) or translate(
            language, "pair-failed", reason=html.escape(update.error or "?")
        )
    return translate(language, f"pair-{update.status.value}")


class PairingCommands:
    commands = (CommandInfo("pair", Role.OWNER, "cmd-pair"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        # block=False: waiting for the press on the box must not hold up other updates.
        application.add_handler(CommandHandler("pair", self.pair_box, block=False))

    async def pair_box(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Ask the box for a token, show each step by editing one message, then subscribe."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        chat, language = asker.chat, asker.language
        progress = await asker.reply(asker.text("pair-requesting"))

        async def show(step: PairingUpdate) -> None:
            await edit_sent(progress, describe_pairing(language, step))

        try:
            result = await pair_with_box(self._services.link, show)
        except asyncio.CancelledError:
            await _say_interrupted(progress, language)
            raise
        if result.status is not PairingStatus.GRANTED:
            return
        await self._say_what_the_version_lacks(progress, language, result)
        async with self._services.sessions.begin() as session:
            await remember_chat(session, chat, language)
        url = html.escape(_shown_url(self._services))
        waiting = await asker.reply(asker.text("push-path-waiting", url=url))
        try:
            await self._services.registrar.register_chat(
                chat.id, watch=True, message_id=waiting.message_id
            )
        except PushUnavailableError:
            await edit_sent(waiting, translate(language, "push-path-watched"))
        except NotConfiguredError:
            await edit_sent(waiting, translate(language, "pair-no-public-url"))
        except FreeboxError as exc:
            await edit_sent(waiting, box_error_text(language, exc))
        await self._register_the_other_chats(chat.id)

    async def _register_the_other_chats(self, paired_chat: int) -> None:
        """A new pairing may face a box that knows none of our targets (a reset, another
        box): every chat that wanted notifications gets its target again, not only this one."""
        try:
            report = await self._services.registrar.repair(except_chat=paired_chat)
        except (NotConfiguredError, FreeboxError) as exc:
            log.warning("after pairing, the other chats' targets were not checked: %s", exc)
            return
        if report.repaired:
            log.info("after pairing, re-registered chat(s) %s", report.repaired)

    async def _say_what_the_version_lacks(
        self, progress: Message, language: str, granted: PairingUpdate
    ) -> None:
        """Add to the success message what this box's API version cannot do."""
        api_version = await box_api_version(self._services.link)
        note = pairing_note(language, api_version) if api_version else ""
        if note:
            await edit_sent(progress, f"{describe_pairing(language, granted)}\n\n{note}")


def _shown_url(services: BotServices) -> str:
    return services.push_path.shown_url() if services.push_path is not None else "?"


async def _say_interrupted(progress: Message, language: str) -> None:
    """The bot is stopping mid-pairing: say so, or the message waits for an answer forever."""
    try:
        async with asyncio.timeout(INTERRUPTED_EDIT_SECONDS):
            await edit_sent(progress, translate(language, "pair-interrupted"))
    except (TelegramError, TimeoutError) as exc:
        log.info("could not say the pairing was interrupted: %s", exc)
