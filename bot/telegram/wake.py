"""/wake (/reveiller): send a Wake-on-LAN packet to a computer of the household.

The box sends the magic packet on the LAN (doc line 4454): any device it has seen with a
MAC address can be offered, those asleep first. Whether it wakes is up to its network
card, so the reply says the packet was sent, not that the device is up.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker
from bot.telegram.buttons import ButtonPress
from bot.telegram.control_confirm import first_name
from bot.telegram.control_limits import ask_control, control_error_text
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxError, LanHost
from freeboxos.capabilities import Control

WAKE = "wake_host"
INTERFACE = "pub"
MAX_LISTED = 20
MAX_NAME = 64  # a name typed after /wake is echoed at most this long
_BOX_GEAR = "freebox_"


class WakeCommands:
    commands = (CommandInfo("wake", Role.MEMBER, "controls-cmd-wake"),)
    ticks = ()  # no periodic work

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("wake", self.show_wakeable, filters=new))
        self._services.buttons.on(WAKE, self.wake_host, role=Role.MEMBER)

    async def show_wakeable(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List the devices that have a MAC address, a button each; `/wake NAME` wakes one."""
        asker = await ask_control(update, self._services, Control.WAKE_ON_LAN)
        if asker is None:
            return
        try:
            hosts = wakeable(await (await self._services.link.client()).list_lan_hosts(INTERFACE))
        except FreeboxError as exc:
            await asker.reply(control_error_text(asker.language, exc))
            return
        if context.args:
            await self._wake_named(asker, hosts, " ".join(context.args))
            return
        if not hosts:
            await asker.reply(asker.text("controls-wake-none"))
            return
        await asker.reply(asker.text("controls-wake-question"), await self._keyboard(asker, hosts))

    async def wake_host(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Send the magic packet to the pressed device."""
        mac, name = str(press.data["mac"]), str(press.data["name"])
        await edit_pressed(update, await self._wake(press.language, mac, name, first_name(update)))
        return None

    async def _wake_named(self, asker: Asker, hosts: Sequence[LanHost], wanted: str) -> None:
        host = next((h for h in hosts if h.display_name.casefold() == wanted.casefold()), None)
        if host is None or host.mac is None:
            shown = html.escape(wanted[:MAX_NAME])
            await asker.reply(asker.text("controls-wake-unknown", name=shown))
            return
        text = await self._wake(asker.language, host.mac, host.display_name, asker.user.first_name)
        await asker.reply(text)

    async def _wake(self, language: str, mac: str, name: str, who: str) -> str:
        try:
            await (await self._services.link.client()).lan.wake(mac, interface=INTERFACE)
        except FreeboxError as exc:
            return control_error_text(language, exc)
        return translate(
            language, "controls-wake-sent", name=html.escape(name), who=html.escape(who)
        )

    async def _keyboard(self, asker: Asker, hosts: Sequence[LanHost]) -> InlineKeyboardMarkup:
        """One button per device (asleep ones marked 💤), all used up by the first press."""
        buttons, group = self._services.buttons, self._services.buttons.new_group()
        rows: list[list[InlineKeyboardButton]] = []
        for host in hosts[:MAX_LISTED]:
            mark = "✅" if host.reachable else "💤"
            data = {"mac": host.mac, "name": host.display_name}
            label = f"{mark} {host.display_name}"[:64]
            rows.append(
                [await buttons.button(label, WAKE, data, chat_id=asker.chat.id, group=group)]
            )
        return InlineKeyboardMarkup(rows)


def wakeable(hosts: Sequence[LanHost]) -> list[LanHost]:
    """The household's devices with a MAC address, asleep first, then by name."""
    devices = [h for h in hosts if h.mac and not h.host_type.startswith(_BOX_GEAR)]
    return sorted(devices, key=lambda h: (h.reachable, h.display_name.casefold()))
