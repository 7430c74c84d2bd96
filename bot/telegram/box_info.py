"""/calls and /status: the latest missed calls, and how the box and its connection are."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import tzinfo

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import Language, format_moment, translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.downloads_text import human_duration
from bot.telegram.feature import BotServices, CommandInfo
from freeboxos import CallEntry, ConnectionStatus, FreeboxError, SystemInfo

MAX_CALLS = 10
_BIT_UNITS = ("bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s")
_CONNECTION_EMOJI = {"up": "✅", "going_up": "⏳", "going_down": "⏳", "down": "❌"}


class BoxInfoCommands:
    commands = (
        CommandInfo("calls", Role.MEMBER, "box-info-cmd-calls"),
        CommandInfo("status", Role.MEMBER, "box-info-cmd-status"),
    )

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("calls", self.show_missed_calls))
        application.add_handler(CommandHandler("status", self.show_box_status))

    async def show_missed_calls(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List the latest missed calls, newest first, in the household's time."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        try:
            calls = await (await self._services.link.client()).list_calls()
        except FreeboxError as exc:
            await asker.reply_box_error(exc)
            return
        await asker.reply(missed_calls_text(asker.language, calls, self._services.zone))

    async def show_box_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show the box's model, its Internet connection and how long it has been up."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        try:
            client = await self._services.link.client()
            system = await client.get_system_info()
            connection = await client.get_connection_status()
        except FreeboxError as exc:
            await asker.reply_box_error(exc)
            return
        await asker.reply(status_text(asker.language, system, connection))


def missed_calls_text(language: Language, calls: Sequence[CallEntry], zone: tzinfo) -> str:
    """The newest missed calls, one a line, with who called and when (HTML)."""
    missed = sorted(
        (call for call in calls if call.type == "missed"),
        key=lambda call: (call.datetime, call.id),
        reverse=True,
    )
    if not missed:
        return translate(language, "box-info-no-missed-calls")
    lines = [translate(language, "box-info-missed-calls", count=min(len(missed), MAX_CALLS))]
    for call in missed[:MAX_CALLS]:
        when = format_moment(call.datetime, language, zone)
        mark = "🆕 " if call.new else ""
        lines.append(f"• {mark}{_caller(language, call)} · {html.escape(when)}")
    return "\n".join(lines)


def _caller(language: str, call: CallEntry) -> str:
    """The caller's name and number when the box knows a name, else the number (HTML)."""
    number, name = call.number.strip(), call.name.strip()
    if not number:
        return translate(language, "box-info-hidden-number")
    if name and name != number:
        return f"<b>{html.escape(name)}</b> ({html.escape(number)})"
    return f"<b>{html.escape(number)}</b>"


def status_text(language: Language, system: SystemInfo, connection: ConnectionStatus) -> str:
    """The box's model and firmware, the connection, and the uptime (HTML)."""
    model = system.model_pretty_name or system.model_name or system.board_name
    lines = [
        translate(
            language,
            "box-info-model",
            model=html.escape(model or "Freebox"),
            firmware=html.escape(system.firmware_version or "?"),
        ),
        translate(
            language,
            "box-info-connection",
            emoji=_CONNECTION_EMOJI.get(connection.state, "❔"),
            state=connection.state,
            media=connection.media or "other",
        ),
    ]
    if connection.ipv4:
        lines.append(translate(language, "box-info-ipv4", ip=html.escape(connection.ipv4)))
    if connection.state == "up":
        lines += [
            _rate_line(language, "box-info-down", connection.rate_down, connection.bandwidth_down),
            _rate_line(language, "box-info-up", connection.rate_up, connection.bandwidth_up),
        ]
    uptime = human_duration(language, system.uptime_val) if system.uptime_val else system.uptime
    if uptime:
        lines.append(translate(language, "box-info-uptime", uptime=html.escape(uptime)))
    return "\n".join(lines)


def _rate_line(language: str, message_id: str, rate: int, bandwidth: int) -> str:
    """Current rate against the line's bandwidth, both in bit/s as lines are sold.

    The box gives the rate in bytes per second and the bandwidth in bits per second.
    """
    speed = human_bits(language, rate * 8)
    if bandwidth <= 0:
        return translate(language, f"{message_id}-rate", rate=speed)
    return translate(language, message_id, rate=speed, bandwidth=human_bits(language, bandwidth))


def human_bits(language: str, bits_per_second: int) -> str:
    """A bandwidth in bit/s in the largest unit below 1000 of it: 700 Mbit/s, 1 Gbit/s."""
    value, unit = float(max(bits_per_second, 0)), 0
    while value >= 1000 and unit < len(_BIT_UNITS) - 1:
        value, unit = value / 1000, unit + 1
    return translate(language, "box-info-bits", value=value, unit=_BIT_UNITS[unit])
