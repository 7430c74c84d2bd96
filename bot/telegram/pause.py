"""/pause: cut a parental-control profile's devices off the Internet for a while.

The box's network control has an override with an end time (doc lines 18782-18990): the
box gives access back by itself at that time. The bot keeps each pause it made as a
`bot_state` entry and, on the tick after its end, checks with the box and tells the chat
where it was made that the Internet is back. Needs the `profile` permission (v8+).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.i18n import format_clock, translate
from bot.periodic import Periodic
from bot.schedules.weekdays import ScheduleSyntaxError, parse_time
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker
from bot.telegram.buttons import ButtonPress
from bot.telegram.control_confirm import first_name
from bot.telegram.control_limits import ask_control, control_error_text
from bot.telegram.due_actions import DueActions
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxError, NotFoundError
from freeboxos.capabilities import Control
from freeboxos.models_household import NetworkControl, Profile

log = logging.getLogger(__name__)

PAUSE_FOR = "pause_for"
ASK_UNTIL = "pause_ask_until"
PAUSE_UNTIL = "pause_until"
RESUME = "pause_resume"
STATE_KEY = "pause_endings"
DURATIONS_MINUTES = (30, 60)
MORNING = time(7, 0)
"""The "until tomorrow morning" choice of the until-when question."""


class PauseCommands:
    commands = (CommandInfo("pause", Role.MEMBER, "controls-cmd-pause"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._endings = DueActions(services.sessions, STATE_KEY)
        self.ticks = (Periodic(self.announce_ended_pauses),)

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("pause", self.show_pauses, filters=new))
        self._services.buttons.on_each(
            {
                PAUSE_FOR: self.pause_for,
                ASK_UNTIL: self.ask_until,
                PAUSE_UNTIL: self.pause_until,
                RESUME: self.resume,
            },
            role=Role.MEMBER,
        )

    async def show_pauses(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List the profiles with their buttons; `/pause Kids 21:30` pauses at once."""
        asker = await ask_control(update, self._services, Control.PROFILES)
        if asker is None:
            return
        try:
            client = await self._services.link.client()
            profiles = await client.profiles.all()
            controls = {c.profile_id: c for c in await client.profiles.network_controls()}
        except FreeboxError as exc:
            await asker.reply(control_error_text(asker.language, exc))
            return
        if not profiles:
            await asker.reply(asker.text("controls-pause-no-profiles"))
            return
        if context.args:
            await self._typed(asker, profiles, controls, context.args)
            return
        await asker.reply(*await self._panel(asker.chat.id, asker.language, profiles, controls))

    async def _typed(
        self,
        asker: Asker,
        profiles: Sequence[Profile],
        controls: dict[int, NetworkControl],
        args: Sequence[str],
    ) -> None:
        """`/pause NAME` shows that profile; `/pause NAME HH:MM` pauses it until then."""
        until = self._until_typed(args[-1]) if len(args) > 1 else None
        name = " ".join(args[:-1] if until is not None else args).casefold()
        profile = next((p for p in profiles if p.name.casefold() == name), None)
        if profile is None:
            names = ", ".join(f"<b>{html.escape(p.name)}</b>" for p in profiles)
            await asker.reply(asker.text("controls-pause-usage", profiles=names))
            return
        if until is None:
            await asker.reply(
                *await self._panel(asker.chat.id, asker.language, [profile], controls)
            )
            return
        text, markup = await self._pause(
            asker.chat.id, asker.language, profile.id, profile.name, until, asker.user.first_name
        )
        await asker.reply(text, markup)

    async def pause_for(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Pause the profile for the pressed number of minutes."""
        until = self._services.clock() + timedelta(minutes=int(press.data["minutes"]))
        await self._pause_pressed(update, press, until)
        return None

    async def pause_until(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Pause the profile until the chosen time."""
        await self._pause_pressed(update, press, datetime.fromisoformat(str(press.data["until"])))
        return None

    async def ask_until(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Offer a few end times (the next hours, tomorrow morning), or typing one."""
        language, zone, now = press.language, self._services.zone, self._services.clock()
        local = now.astimezone(zone)
        hours = [
            local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=h) for h in (1, 2, 3)
        ]
        choices = [*hours, _next_at(now, MORNING, zone)]
        group = self._services.buttons.new_group()
        keys = [
            await self._button(
                group,
                format_clock(c, language, zone),
                PAUSE_UNTIL,
                press,
                until=c.isoformat(),
            )
            for c in dict.fromkeys(choices)
        ]
        name = html.escape(str(press.data["name"]))
        text = translate(language, "controls-pause-until-question", name=name)
        await edit_pressed(update, text, InlineKeyboardMarkup([keys]))
        return None

    async def resume(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Give the profile its Internet back now (its planning applies again)."""
        profile_id, name = int(press.data["profile_id"]), html.escape(str(press.data["name"]))
        try:
            await (await self._services.link.client()).profiles.resume(profile_id)
        except FreeboxError as exc:
            await edit_pressed(update, control_error_text(press.language, exc))
            return None
        await self._endings.drop(str(profile_id))
        who = html.escape(first_name(update))
        await edit_pressed(
            update, translate(press.language, "controls-pause-resumed", name=name, who=who)
        )
        return None

    async def announce_ended_pauses(self) -> None:
        """Tell each chat that paused a profile once the box has given its Internet back."""
        now = self._services.clock()
        for ending in await self._endings.due(now):
            try:
                client = await self._services.link.client()
                control = await client.profiles.network_control(int(ending.name))
            except NotFoundError:
                await self._endings.drop(ending.name)  # the profile was deleted
                continue
            except FreeboxError as exc:  # told on a later tick
                log.info("could not check the end of a pause: %s", exc)
                continue
            later = control.override_until
            if control.paused and control.override and later is not None and later > now:
                await self._endings.put(ending.name, later, ending.data)  # made longer
                continue
            await self._endings.drop(ending.name)
            chat_id, name = int(ending.data["chat_id"]), str(ending.data["name"])
            await self._services.notices.send([chat_id], "controls-pause-ended", name=name)

    async def _pause_pressed(self, update: Update, press: ButtonPress, until: datetime) -> None:
        profile_id, name = int(press.data["profile_id"]), str(press.data["name"])
        who = first_name(update)
        text, markup = await self._pause(
            press.chat_id, press.language, profile_id, name, until, who
        )
        await edit_pressed(update, text, markup)

    async def _pause(
        self, chat_id: int, language: str, profile_id: int, name: str, until: datetime, who: str
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """Pause on the box, remember to tell the chat when it ends; the text and a Resume."""
        try:
            await (await self._services.link.client()).profiles.pause(profile_id, until=until)
        except FreeboxError as exc:
            return control_error_text(language, exc), None
        await self._endings.put(str(profile_id), until, {"chat_id": chat_id, "name": name})
        text = translate(
            language,
            "controls-pause-done",
            name=html.escape(name),
            until=format_clock(until, language, self._services.zone),
            who=html.escape(who),
        )
        data = {"profile_id": profile_id, "name": name}
        label = translate(language, "controls-pause-button-resume", name=name)
        resume = await self._services.buttons.button(label, RESUME, data, chat_id=chat_id)
        return text, InlineKeyboardMarkup([[resume]])

    async def _panel(
        self,
        chat_id: int,
        language: str,
        profiles: Sequence[Profile],
        controls: dict[int, NetworkControl],
    ) -> tuple[str, InlineKeyboardMarkup]:
        """Each profile's state, and its buttons: 30 min, 1 h, until… or Resume."""
        group = self._services.buttons.new_group()
        lines = [translate(language, "controls-pause-title")]
        rows: list[list[InlineKeyboardButton]] = []
        for profile in profiles:
            control = controls.get(profile.id)
            lines.append(self._state_line(language, profile, control))
            data = {"profile_id": profile.id, "name": profile.name}
            if control is not None and control.paused:
                label = translate(language, "controls-pause-button-resume", name=profile.name)
                rows.append(
                    [
                        await self._services.buttons.button(
                            label, RESUME, data, chat_id=chat_id, group=group
                        )
                    ]
                )
                continue
            row = [
                await self._services.buttons.button(
                    translate(language, "controls-pause-button-for", name=profile.name, minutes=m),
                    PAUSE_FOR,
                    {**data, "minutes": m},
                    chat_id=chat_id,
                    group=group,
                )
                for m in DURATIONS_MINUTES
            ]
            label = translate(language, "controls-pause-button-until")
            row.append(
                await self._services.buttons.button(
                    label, ASK_UNTIL, data, chat_id=chat_id, group=group
                )
            )
            rows.append(row)
        return "\n".join(lines), InlineKeyboardMarkup(rows)

    def _state_line(self, language: str, profile: Profile, control: NetworkControl | None) -> str:
        name = html.escape(profile.name)
        if control is None or not control.paused:
            return translate(language, "controls-pause-line-on", name=name)
        if control.override and control.override_until is not None:
            until = format_clock(control.override_until, language, self._services.zone)
            return translate(language, "controls-pause-line-until", name=name, until=until)
        return translate(language, "controls-pause-line-off", name=name)

    async def _button(
        self, group: str, label: str, action: str, press: ButtonPress, **extra: str
    ) -> InlineKeyboardButton:
        """A button of the same profile as the pressed one, in `group`."""
        data = {"profile_id": press.data["profile_id"], "name": press.data["name"], **extra}
        buttons = self._services.buttons
        return await buttons.button(label, action, data, chat_id=press.chat_id, group=group)

    def _until_typed(self, word: str) -> datetime | None:
        """`21:30` → the next 21:30 in the household's time, or None for another word."""
        try:
            hour, minute = parse_time(word)
        except ScheduleSyntaxError:
            return None
        return _next_at(self._services.clock(), time(hour, minute), self._services.zone)


def _next_at(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The next `at` o'clock after `now`, in `zone` (today, else tomorrow)."""
    local = now.astimezone(zone)
    moment = datetime.combine(local.date(), at, tzinfo=zone)
    if moment <= local:
        moment = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)
    return moment
