"""/wifi off and /wifi on: the box's Wi-Fi switched by an owner, and back on in an hour.

Switching off is confirmed, naming the devices online now (those on Wi-Fi lose the
network; the guest Wi-Fi goes too). After it, "back on in 1 h" is offered: the planned
time is a `bot_state` entry, so the tick switches Wi-Fi back on even after a restart.

`/wifi` is also the French name of `/guest` (`aliases.py`): this handler takes only
`/wifi on|off` (and their French words) and must be registered before the guest Wi-Fi's,
which answers every other `/wifi`. The gate lets a guest through `/wifi` for that reason,
so the owner role is checked here.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.i18n import format_clock, translate
from bot.periodic import Periodic
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker
from bot.telegram.buttons import ButtonPress
from bot.telegram.control_confirm import CANCEL, ask_confirmation, cancel_control, first_name
from bot.telegram.control_limits import ask_control, control_error_text
from bot.telegram.due_actions import DueActions
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxClient, FreeboxError, LanHost
from freeboxos.capabilities import Control

log = logging.getLogger(__name__)

CONFIRM_OFF = "wifi_confirm_off"
BACK_ON_LATER = "wifi_back_on_later"
STATE_KEY = "wifi_back_on"
BACK_ON_AFTER = timedelta(hours=1)
OFF_WORDS = frozenset({"off", "arret", "arrêt", "eteindre", "éteindre", "stop"})
ON_WORDS = frozenset({"on", "marche", "allumer", "rallumer"})
# The text of `/wifi on|off` (and `/wifi@thisbot off`): anything else is the guest Wi-Fi's.
SWITCH_TEXT = re.compile(
    r"^/wifi(@\w+)?\s+(" + "|".join(sorted(OFF_WORDS | ON_WORDS)) + r")\s*$", re.IGNORECASE
)
MAX_NAMED = 12
# Hosts that are the box's own gear, not a household's device.
_BOX_GEAR = ("freebox_",)


class WifiSwitchCommands:
    commands = (CommandInfo("wifi", Role.OWNER, "controls-cmd-wifi"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._back_on = DueActions(services.sessions, STATE_KEY)
        self.ticks = (Periodic(self.switch_back_on_when_due),)

    def register(self, application: BotApplication) -> None:
        switch = filters.UpdateType.MESSAGE & filters.Regex(SWITCH_TEXT)
        application.add_handler(CommandHandler("wifi", self.switch_wifi, filters=switch))
        self._services.buttons.on_each(
            {
                CONFIRM_OFF: self.switch_off,
                BACK_ON_LATER: self.plan_back_on,
                CANCEL: cancel_control,
            },
            role=Role.OWNER,
        )

    async def switch_wifi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/wifi off` asks to confirm, naming who will be cut off; `/wifi on` switches on."""
        asker = await ask_control(update, self._services, Control.WIFI_SWITCH)
        if asker is None:
            return
        role = await self._services.gate.role(asker.user.id)
        if role is None or not role.allows(Role.OWNER):
            await asker.reply(asker.text("access-not-allowed"))
            return
        word = (context.args or [""])[0].lower()
        try:
            client = await self._services.link.client()
            if word in ON_WORDS:
                await self._switch_on(asker, client)
            else:
                await self._ask_off(asker, client)
        except FreeboxError as exc:
            await asker.reply(control_error_text(asker.language, exc))

    async def _switch_on(self, asker: Asker, client: FreeboxClient) -> None:
        await client.wifi.set_enabled(True)
        await self._back_on.drop("wifi")
        who = html.escape(asker.user.first_name)
        await asker.reply(asker.text("controls-wifi-on", who=who))

    async def _ask_off(self, asker: Asker, client: FreeboxClient) -> None:
        if not (await client.get_wifi_config()).enabled:
            await asker.reply(asker.text("controls-wifi-already-off"))
            return
        online = await _online_devices(client)
        lines = [asker.text("controls-wifi-off-question")]
        if online:
            names = ", ".join(f"<b>{html.escape(name)}</b>" for name in online[:MAX_NAMED])
            if len(online) > MAX_NAMED:
                names += " " + asker.text("controls-more", count=len(online) - MAX_NAMED)
            lines.append(asker.text("controls-wifi-off-online", names=names))
        else:
            lines.append(asker.text("controls-wifi-off-nobody"))
        lines.append(asker.text("controls-wifi-off-guests"))
        buttons = self._services.buttons
        await ask_confirmation(buttons, asker, lines, "controls-wifi-button-off", CONFIRM_OFF)

    async def switch_off(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Switch the Wi-Fi off, then offer to switch it back on in an hour."""
        try:
            await (await self._services.link.client()).wifi.set_enabled(False)
        except FreeboxError as exc:
            await edit_pressed(update, control_error_text(press.language, exc))
            return None
        who = first_name(update)
        text = translate(press.language, "controls-wifi-off", who=html.escape(who))
        label = translate(press.language, "controls-wifi-button-back-on")
        later = await self._services.buttons.button(
            label, BACK_ON_LATER, {"who": who}, chat_id=press.chat_id
        )
        await edit_pressed(update, text, InlineKeyboardMarkup([[later]]))
        return None

    async def plan_back_on(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Remember to switch the Wi-Fi back on in an hour (the tick does it)."""
        due = self._services.clock() + BACK_ON_AFTER
        at = format_clock(due, press.language, self._services.zone)
        await self._back_on.put("wifi", due, {"chat_id": press.chat_id, "at": at})
        who = html.escape(str(press.data["who"]))
        text = translate(press.language, "controls-wifi-off-until", who=who, at=at)
        await edit_pressed(update, text)
        return None

    async def switch_back_on_when_due(self) -> None:
        """Switch the Wi-Fi back on at the planned time, and say so where it was planned."""
        for planned in await self._back_on.due(self._services.clock()):
            try:
                await (await self._services.link.client()).wifi.set_enabled(True)
            except FreeboxError as exc:  # tried again on the next tick
                log.info("could not switch the Wi-Fi back on: %s", exc)
                continue
            await self._back_on.drop(planned.name)
            chat_id, at = int(planned.data["chat_id"]), str(planned.data["at"])
            await self._services.notices.send([chat_id], "controls-wifi-back-on", at=at)


async def _online_devices(client: FreeboxClient) -> Sequence[str]:
    """The names of the devices online now (main network, then guest Wi-Fi), best effort."""
    names: list[str] = []
    for interface in ("pub", "wifiguest"):
        try:
            hosts: Sequence[LanHost] = await client.list_lan_hosts(interface)
        except FreeboxError as exc:  # the question still stands without the names
            log.info("could not list the hosts of %s: %s", interface, exc)
            continue
        names += [
            host.display_name
            for host in hosts
            if host.reachable and not host.host_type.startswith(_BOX_GEAR)
        ]
    return names
