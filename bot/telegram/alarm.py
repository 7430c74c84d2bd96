"""/alarm: the alarm's state, arming it (confirmed) and disarming it (with the alarm PIN).

Arming asks for a confirmation with once-buttons, then pushes the `alarm1` (main) or
`alarm2` (night) slot. Disarming asks the person who pressed the button for the PIN
(`bot.telegram.alarm_pin`) and only then pushes the `off` slot. Three wrong PINs lock the
person out for 15 minutes (`bot.storage.pin_lockout`). `/alarm schedule …` goes to
`bot.telegram.alarm_schedule`, which arms and disarms through the same calls.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Update, User
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.box.alarm import (
    IDLE,
    MAIN,
    NIGHT,
    AlarmEndpoints,
    AlarmNotFoundError,
    alarm_endpoints,
    find_alarm_node,
    needs_tileset,
)
from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.alarm_pin import PinRequests
from bot.telegram.alarm_schedule import SCHEDULE_WORDS, AlarmSchedules
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker, ask
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_html
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

ARM = "alarm_arm"
CONFIRM_ARM = "alarm_confirm_arm"
DISARM = "alarm_disarm"
CANCEL = "alarm_cancel"
REFRESH = "alarm_refresh"
# The /alarm message's buttons, by row: (label, action, data).
# `/alarm on` and its kin: the word typed after /alarm, and the button it stands for.
ARM_WORDS = {"on": MAIN, "arm": MAIN, "armer": MAIN, "marche": MAIN, "night": NIGHT, "nuit": NIGHT}
DISARM_WORDS = frozenset({"off", "disarm", "désarmer", "desarmer", "arret", "arrêt", "stop"})
PanelKey = tuple[str, str, dict[str, str]]
ARM_KEYS: tuple[PanelKey, ...] = (
    ("alarm-button-main", ARM, {"mode": MAIN}),
    ("alarm-button-night", ARM, {"mode": NIGHT}),
)
DISARM_KEY: PanelKey = ("alarm-button-off", DISARM, {})
REFRESH_KEY: PanelKey = ("alarm-button-refresh", REFRESH, {})
ARMING_FOLLOWED_FOR = timedelta(minutes=10)
"""How long a card saying "arming" is re-read on the tick until the box says armed."""


@dataclass(frozen=True)
class _ArmingCard:
    """A panel that said "arming": redrawn on the tick once the box has armed."""

    language: str
    alarm: AlarmEndpoints
    note: str | None
    since: datetime


def panel_keys(state: str) -> tuple[tuple[PanelKey, ...], ...]:
    """The buttons that make sense in `state`: Arm when off, Disarm otherwise, both
    when the box says something the bot does not know."""
    if state == IDLE:
        return (ARM_KEYS, (REFRESH_KEY,))
    if state.startswith(("alarm1", "alarm2", "alert")):
        return ((DISARM_KEY, REFRESH_KEY),)
    return (ARM_KEYS, (DISARM_KEY, REFRESH_KEY))


class AlarmCommands:
    commands = (CommandInfo("alarm", Role.MEMBER, "alarm-cmd"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._pins = PinRequests(services, self._draw)
        self._schedules = AlarmSchedules(services, self._pins, self._locate, self._push)
        self._arming: dict[tuple[int, int], _ArmingCard] = {}

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("alarm", self.show_alarm, filters=new))
        self._pins.register(application)
        self._schedules.register(application)
        self._services.ticks.append(self.follow_arming)
        self._services.buttons.on_each(
            {
                ARM: self.ask_arm_confirmation,
                CONFIRM_ARM: self.confirm_arm,
                DISARM: self.ask_pin,
                CANCEL: self.cancel,
                REFRESH: self.refresh,
            },
            role=Role.MEMBER,
        )

    async def show_alarm(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show the alarm's state with buttons to arm it (main, night) and to disarm it."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        if context.args and context.args[0].lower() in SCHEDULE_WORDS:
            await self._schedules.command(asker, context.args[1:])
            return
        args = context.args or []
        word = args[0].lower() if len(args) == 1 else None
        if args and word not in ARM_WORDS and word not in DISARM_WORDS:
            await asker.reply(asker.text("alarm-usage") + "\n" + asker.text("alarm-words"))
            return
        try:
            alarm = await self._locate()
            if word is not None:
                await self._typed(asker, context.bot, alarm, word)
                return
            text, markup = await self._panel(asker.chat.id, asker.language, alarm)
        except AlarmNotFoundError:
            text, markup = asker.text("alarm-none"), None
        except FreeboxError as exc:
            await asker.reply_box_error(exc)
            return
        await asker.reply(text, markup)

    async def _typed(self, asker: Asker, bot: Bot, alarm: AlarmEndpoints, word: str) -> None:
        """`/alarm on|night|off`: what the panel's button would do, in a message of its own."""
        data: dict[str, Any] = {"alarm": alarm.to_data()}
        if word in ARM_WORDS:
            data["mode"] = ARM_WORDS[word]
        action = ARM if word in ARM_WORDS else DISARM
        press = ButtonPress(action, data, asker.user.id, asker.chat.id, asker.language)
        if word in ARM_WORDS:
            await asker.reply(*await self._arm_confirmation(press))
            return
        sent = await asker.reply(asker.text("alarm-typed-disarm"))
        notice = await self._disarm(bot, press, asker.user, alarm, sent.message_id)
        if notice is not None:
            await self._draw(bot, asker.chat.id, sent.message_id, asker.language, alarm, notice)

    async def ask_arm_confirmation(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Ask the presser to confirm arming (Confirm and Cancel expire together)."""
        text, markup = await self._arm_confirmation(press)
        self._unfollow(press.chat_id, _panel_id(update))
        await edit_html(context.bot, press.chat_id, _panel_id(update), text, markup)
        return None

    async def _arm_confirmation(self, press: ButtonPress) -> tuple[str, InlineKeyboardMarkup]:
        """The question and its Confirm and Cancel buttons, for the presser only."""
        mode = str(press.data["mode"])
        data = {"alarm": press.data["alarm"], "mode": mode}
        keys = [
            (translate(press.language, "alarm-button-confirm"), CONFIRM_ARM, data),
            (translate(press.language, "alarm-button-cancel"), CANCEL, data),
        ]
        markup = await choice_buttons(
            self._services.buttons, keys, chat_id=press.chat_id, user_id=press.user_id
        )
        return translate(press.language, "alarm-confirm-arm", mode=mode), markup

    async def confirm_arm(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Push the main or night alarm slot, then show the new state in the same message."""
        alarm, mode = AlarmEndpoints.from_data(press.data["alarm"]), str(press.data["mode"])
        try:
            await self._push(alarm, mode)
        except FreeboxError as exc:
            log.info("could not arm the alarm: %s", exc)
            await edit_html(
                context.bot, press.chat_id, _panel_id(update), box_error_text(press.language, exc)
            )
            return None
        name = html.escape(_first_name(update.effective_user))
        note = translate(press.language, "alarm-armed-by", mode=mode, name=name)
        await self._draw(context.bot, press.chat_id, _panel_id(update), press.language, alarm, note)
        return translate(press.language, "alarm-notice-sent")

    async def ask_pin(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Ask the presser for the alarm PIN, as a reply; `PinRequests.enter_pin` takes it."""
        alarm = AlarmEndpoints.from_data(press.data["alarm"])
        return await self._disarm(
            context.bot, press, update.effective_user, alarm, _panel_id(update)
        )

    async def _disarm(
        self,
        bot: Bot,
        press: ButtonPress,
        user: User | None,
        alarm: AlarmEndpoints,
        panel_id: int | None,
    ) -> str | None:
        """Ask for the PIN unless the person is locked out or the alarm is already off
        (then the panel shows the state and the returned notice says so)."""
        language = press.language
        refusal = await self._pins.lockout_text(press.user_id, language)
        if refusal is not None:
            await bot.send_message(press.chat_id, refusal)
            await self._draw(bot, press.chat_id, panel_id, language, alarm)
            return None
        if await self._is_off(alarm):
            await self._draw(bot, press.chat_id, panel_id, language, alarm)
            return translate(language, "alarm-already-off")
        name = html.escape(_first_name(user))
        if await self._pins.ask(bot, press, user, alarm, panel_id, name=name):
            await self._show_pin_wait(bot, press, alarm, panel_id, name)
        else:  # the bot cannot write to them in private: the group was told to open a chat
            await self._draw(bot, press.chat_id, panel_id, language, alarm)
        return None

    async def cancel(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Drop the confirmation or the PIN request and show the alarm's state again."""
        await self._pins.drop(context.bot, press.chat_id, press.user_id)
        alarm = AlarmEndpoints.from_data(press.data["alarm"])
        await self._draw(context.bot, press.chat_id, _panel_id(update), press.language, alarm)
        return translate(press.language, "alarm-cancelled")

    async def refresh(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Read the alarm's state again (arming takes a while)."""
        alarm = AlarmEndpoints.from_data(press.data["alarm"])
        await self._draw(context.bot, press.chat_id, _panel_id(update), press.language, alarm)
        return None

    async def _show_pin_wait(
        self, bot: Bot, press: ButtonPress, alarm: AlarmEndpoints, panel_id: int | None, name: str
    ) -> None:
        """Say in the /alarm message that the bot waits for the PIN, and offer to cancel."""
        cancel = await self._services.buttons.button(
            translate(press.language, "alarm-button-cancel"),
            CANCEL,
            {"alarm": alarm.to_data()},
            chat_id=press.chat_id,
            user_id=press.user_id,
        )
        text = translate(press.language, "alarm-pin-wait", name=name)
        self._unfollow(press.chat_id, panel_id)
        await edit_html(bot, press.chat_id, panel_id, text, InlineKeyboardMarkup([[cancel]]))

    # -- the box ------------------------------------------------------------------

    async def _locate(self) -> AlarmEndpoints:
        """The alarm's endpoints: by name on its node, else from its alarm_control tile."""
        client = await self._services.link.client()
        node = find_alarm_node(await client.list_home_nodes())
        if node is None:
            raise AlarmNotFoundError("no alarm control unit among the home nodes")
        tiles = await client.get_home_tileset() if needs_tileset(node) else []
        return alarm_endpoints(node, tiles)

    async def _push(self, alarm: AlarmEndpoints, action: str) -> None:
        """Arm (`alarm1`, `alarm2`) or disarm (`off`): what the buttons and schedules do."""
        client = await self._services.link.client()
        await client.set_endpoint_value(alarm.node_id, alarm.slot(action))

    async def _state(self, alarm: AlarmEndpoints) -> str:
        client = await self._services.link.client()
        value = (await client.get_endpoint_value(alarm.node_id, alarm.state)).value
        return "unknown" if value is None else str(value)

    async def _is_off(self, alarm: AlarmEndpoints) -> bool:
        """Whether the alarm is off (a box error says no: the PIN request goes on)."""
        try:
            return await self._state(alarm) == IDLE
        except FreeboxError:
            return False

    # -- messages -------------------------------------------------------------------

    async def follow_arming(self) -> None:
        """Redraw each card that said "arming" once the box says what it led to."""
        now = self._services.clock()
        for (chat_id, message_id), card in list(self._arming.items()):
            if now - card.since > ARMING_FOLLOWED_FOR:
                self._unfollow(chat_id, message_id)
                continue
            try:
                state = await self._state(card.alarm)
            except FreeboxError as exc:
                log.info("could not read the arming alarm's state: %s", exc)
                continue
            if not state.endswith("_arming") and (chat_id, message_id) in self._arming:
                await self._draw(
                    self._services.bot, chat_id, message_id, card.language, card.alarm, card.note
                )

    def _unfollow(self, chat_id: int, message_id: int | None) -> None:
        if message_id is not None:
            self._arming.pop((chat_id, message_id), None)

    async def _panel(
        self, chat_id: int, language: str, alarm: AlarmEndpoints, note: str | None = None
    ) -> tuple[str, InlineKeyboardMarkup]:
        """The alarm's state (after `note`) and its buttons, all used up by one press."""
        text, markup, _state = await self._panel_and_state(chat_id, language, alarm, note)
        return text, markup

    async def _panel_and_state(
        self, chat_id: int, language: str, alarm: AlarmEndpoints, note: str | None = None
    ) -> tuple[str, InlineKeyboardMarkup, str]:
        """The panel, and the state it shows.

        Raises:
            FreeboxError: the state could not be read.
        """
        state = await self._state(alarm)
        label = html.escape(alarm.label or translate(language, "alarm-default-label"))
        lines = [note] if note else []
        lines += [
            translate(language, "alarm-title", label=label),
            translate(language, "alarm-state", state=html.escape(state)),
        ]
        markup = await self._controls(chat_id, language, alarm, state)
        return "\n".join(lines), markup, state

    async def _controls(
        self, chat_id: int, language: str, alarm: AlarmEndpoints, state: str
    ) -> InlineKeyboardMarkup:
        """Arm (main, night) or disarm, and refresh: anyone allowed may press, once."""
        buttons, group = self._services.buttons, self._services.buttons.new_group()
        rows = [
            [
                await buttons.button(
                    translate(language, label_id),
                    action,
                    {"alarm": alarm.to_data(), **extra},
                    chat_id=chat_id,
                    group=group,
                )
                for label_id, action, extra in row
            ]
            for row in panel_keys(state)
        ]
        return InlineKeyboardMarkup(rows)

    async def _draw(
        self,
        bot: Bot,
        chat_id: int,
        message_id: int | None,
        language: str,
        alarm: AlarmEndpoints,
        note: str | None = None,
    ) -> None:
        """Show the alarm's state in the /alarm message (or the box's error instead); a
        card left saying "arming" is followed until the box says armed."""
        self._unfollow(chat_id, message_id)
        try:
            text, markup, state = await self._panel_and_state(chat_id, language, alarm, note)
        except FreeboxError as exc:
            log.info("could not read the alarm's state: %s", exc)
            await edit_html(bot, chat_id, message_id, box_error_text(language, exc))
            return
        await edit_html(bot, chat_id, message_id, text, markup)
        if message_id is not None and state.endswith("_arming"):
            card = _ArmingCard(language, alarm, note, self._services.clock())
            self._arming[(chat_id, message_id)] = card


def _panel_id(update: Update) -> int | None:
    query = update.callback_query
    return query.message.message_id if query is not None and query.message is not None else None


def _first_name(user: User | None) -> str:
    return (user.first_name or str(user.id)) if user is not None else "?"
