"""/reboot: an owner reboots the box, after a confirmation saying what it interrupts.

For a few minutes a reboot cuts the Internet, the Wi-Fi, the phone and the TV. The
question adds what is going on now, read best effort (the app may lack a permission to
read it): the downloads running and the Players that are on. The box has no API telling
whether a call is in progress, so the phone is said in general.
"""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker
from bot.telegram.buttons import ButtonPress
from bot.telegram.control_confirm import CANCEL, ask_confirmation, cancel_control, first_name
from bot.telegram.control_limits import ask_control, control_error_text
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxClient, FreeboxError
from freeboxos.capabilities import Control

log = logging.getLogger(__name__)

CONFIRM_REBOOT = "reboot_confirm"
RUNNING = "downloading"
PLAYER_ON = "running"


class RebootCommands:
    commands = (CommandInfo("reboot", Role.OWNER, "controls-cmd-reboot"),)
    ticks = ()  # no periodic work

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("reboot", self.ask_reboot, filters=new))
        self._services.buttons.on_each(
            {CONFIRM_REBOOT: self.reboot, CANCEL: cancel_control}, role=Role.OWNER
        )

    async def ask_reboot(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Ask the owner to confirm, saying what a reboot interrupts now."""
        asker = await ask_control(update, self._services, Control.REBOOT)
        if asker is None:
            return
        try:
            client = await self._services.link.client()
        except FreeboxError as exc:
            await asker.reply(control_error_text(asker.language, exc))
            return
        lines = [asker.text("controls-reboot-question"), asker.text("controls-reboot-cuts")]
        lines += await _what_is_on(asker, client)
        buttons = self._services.buttons
        await ask_confirmation(buttons, asker, lines, "controls-reboot-button", CONFIRM_REBOOT)

    async def reboot(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Reboot the box; the chat reads who asked for it."""
        try:
            await (await self._services.link.client()).system.reboot()
        except FreeboxError as exc:
            await edit_pressed(update, control_error_text(press.language, exc))
            return None
        who = html.escape(first_name(update))
        await edit_pressed(update, translate(press.language, "controls-reboot-done", who=who))
        return None


async def _what_is_on(asker: Asker, client: FreeboxClient) -> list[str]:
    """Lines for the downloads running and the Players on (none when unknown)."""
    lines = []
    try:
        running = [task for task in await client.list_downloads() if task.status == RUNNING]
        if running:
            lines.append(asker.text("controls-reboot-downloads", count=len(running)))
    except FreeboxError as exc:
        log.info("could not read the downloads before a reboot: %s", exc)
    try:
        names = [
            html.escape(player.device_name)
            for player in await client.list_players()
            if player.reachable and (await client.player_status(player)).power_state == PLAYER_ON
        ]
        if names:
            lines.append(asker.text("controls-reboot-tv", players=", ".join(names)))
    except FreeboxError as exc:
        log.info("could not read the Players before a reboot: %s", exc)
    return lines
