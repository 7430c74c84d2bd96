"""/alarm: the alarm's state, arming it (confirmed) and disarming it (with the alarm PIN).

Arming asks for a confirmation with once-buttons, then pushes the `alarm1` (main) or
`alarm2` (night) slot. Disarming asks the person who pressed the button for the PIN as
their next message (a reply to a ForceReply prompt, so it reaches the bot in groups with
privacy mode on); the bot deletes that message, compares the PIN with the one the alarm
reads back (signal `pin`), and only then pushes the `off` slot. Three wrong PINs lock the
person out for 15 minutes (table `pin_failures`).
"""

from __future__ import annotations

import contextlib
import html
import logging
import math
import re
import time
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.box.alarm import (
    IDLE,
    MAIN,
    NIGHT,
    AlarmEndpoints,
    AlarmNotFoundError,
    alarm_endpoints,
    find_alarm_node,
    needs_tileset,
    pin_matches,
)
from bot.i18n import language_from_telegram, translate
from bot.storage.models import PinFailures, Role, utcnow
from bot.telegram.application import BotApplication
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.feature import BotServices, CommandInfo
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

ARM = "alarm_arm"
CONFIRM_ARM = "alarm_confirm_arm"
DISARM = "alarm_disarm"
CANCEL = "alarm_cancel"
REFRESH = "alarm_refresh"
PIN_WAIT_SECONDS = 120.0
MAX_PIN_FAILURES = 3
LOCKOUT = timedelta(minutes=15)
PIN_PATTERN = re.compile(r"[0-9]{1,16}")
# The /alarm message's buttons, by row: (label, action, data).
PANEL_KEYS: tuple[tuple[tuple[str, str, dict[str, str]], ...], ...] = (
    (("alarm-button-main", ARM, {"mode": MAIN}), ("alarm-button-night", ARM, {"mode": NIGHT})),
    (("alarm-button-off", DISARM, {}), ("alarm-button-refresh", REFRESH, {})),
)


@dataclass(frozen=True)
class PinRequest:
    """Someone asked to disarm and the bot waits for their PIN in this chat."""

    alarm: AlarmEndpoints
    panel_id: int | None  # the /alarm message, edited with the outcome
    prompt_id: int  # the ForceReply prompt the PIN answers
    language: str
    name: str
    expires: float  # time.monotonic()

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.expires


class _AwaitingPin(filters.MessageFilter):
    """Text from someone asked for the PIN here: in time, or late but answering the prompt."""

    def __init__(self, pending: dict[tuple[int, int], PinRequest]) -> None:
        super().__init__(name="awaiting_alarm_pin")
        self._pending = pending

    def filter(self, message: Message) -> bool:
        user = message.from_user
        request = self._pending.get((message.chat.id, user.id)) if user else None
        if request is None:
            return False
        reply = message.reply_to_message
        return not request.expired or (reply is not None and reply.message_id == request.prompt_id)


class AlarmCommands:
    commands = (CommandInfo("alarm", Role.MEMBER, "alarm-cmd"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._pending: dict[tuple[int, int], PinRequest] = {}

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("alarm", self.show_alarm, filters=new))
        pin = filters.TEXT & ~filters.COMMAND & new & _AwaitingPin(self._pending)
        application.add_handler(MessageHandler(pin, self.enter_pin))
        buttons = self._services.buttons
        buttons.on(ARM, self.ask_arm_confirmation, role=Role.MEMBER)
        buttons.on(CONFIRM_ARM, self.confirm_arm, role=Role.MEMBER)
        buttons.on(DISARM, self.ask_pin, role=Role.MEMBER)
        buttons.on(CANCEL, self.cancel, role=Role.MEMBER)
        buttons.on(REFRESH, self.refresh, role=Role.MEMBER)

    async def show_alarm(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show the alarm's state with buttons to arm it (main, night) and to disarm it."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        language = language_from_telegram(user.language_code)
        if context.args:
            await message.reply_text(translate(language, "alarm-usage"), parse_mode=ParseMode.HTML)
            return
        try:
            alarm = await self._locate()
            text, markup = await self._panel(message.chat_id, language, alarm)
        except AlarmNotFoundError:
            text, markup = translate(language, "alarm-none"), None
        except FreeboxError as exc:
            log.info("could not read the alarm: %s", exc)
            text, markup = box_error_text(language, exc), None
        await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)

    async def ask_arm_confirmation(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Ask the presser to confirm arming (Confirm and Cancel expire together)."""
        buttons, group = self._services.buttons, self._services.buttons.new_group()
        mode = str(press.data["mode"])
        data = {"alarm": press.data["alarm"], "mode": mode}
        row = [
            await buttons.button(
                translate(press.language, label_id),
                action,
                data,
                chat_id=press.chat_id,
                user_id=press.user_id,
                group=group,
            )
            for label_id, action in (
                ("alarm-button-confirm", CONFIRM_ARM),
                ("alarm-button-cancel", CANCEL),
            )
        ]
        text = translate(press.language, "alarm-confirm-arm", mode=mode)
        await _edit(
            context.bot, press.chat_id, _panel_id(update), text, InlineKeyboardMarkup([row])
        )
        return None

    async def confirm_arm(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Push the main or night alarm slot, then show the new state in the same message."""
        alarm, mode = AlarmEndpoints.from_data(press.data["alarm"]), str(press.data["mode"])
        try:
            client = await self._services.link.client()
            await client.set_endpoint_value(alarm.node_id, alarm.slot(mode))
        except FreeboxError as exc:
            log.info("could not arm the alarm: %s", exc)
            await _edit(
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
        """Ask the presser for the alarm PIN, as a reply; the answer goes to `enter_pin`."""
        alarm, language = AlarmEndpoints.from_data(press.data["alarm"]), press.language
        panel_id = _panel_id(update)
        refusal = await self._lockout_text(press.user_id, language)
        if refusal is not None:
            await context.bot.send_message(press.chat_id, refusal, parse_mode=ParseMode.HTML)
            await self._draw(context.bot, press.chat_id, panel_id, language, alarm)
            return None
        if await self._is_off(alarm):
            await self._draw(context.bot, press.chat_id, panel_id, language, alarm)
            return translate(language, "alarm-already-off")
        await self._request_pin(context.bot, press, update.effective_user, alarm, panel_id)
        return None

    async def enter_pin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Delete the message holding the PIN, check the PIN, then disarm the alarm."""
        message, user = update.effective_message, update.effective_user
        request = self._pending.pop((message.chat_id, user.id), None) if message and user else None
        if message is None or user is None or request is None:
            return
        await self._delete_secret(context.bot, message, request)
        try:
            refusal = await self._pin_refusal(user.id, (message.text or "").strip(), request)
            if refusal is None:
                client = await self._services.link.client()
                await client.set_endpoint_value(request.alarm.node_id, request.alarm.off)
        except FreeboxError as exc:
            log.info("could not disarm the alarm: %s", exc)
            refusal = box_error_text(request.language, exc)
        if refusal is not None:
            await context.bot.send_message(message.chat_id, refusal, parse_mode=ParseMode.HTML)
        note = (
            None if refusal else translate(request.language, "alarm-disarmed-by", name=request.name)
        )
        await self._draw(
            context.bot, message.chat_id, request.panel_id, request.language, request.alarm, note
        )
        raise ApplicationHandlerStop  # the PIN goes no further

    async def cancel(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Drop the confirmation or the PIN request and show the alarm's state again."""
        request = self._pending.pop((press.chat_id, press.user_id), None)
        if request is not None:
            with contextlib.suppress(TelegramError):
                await context.bot.delete_message(press.chat_id, request.prompt_id)
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

    async def _request_pin(
        self,
        bot: Bot,
        press: ButtonPress,
        user: User | None,
        alarm: AlarmEndpoints,
        panel_id: int | None,
    ) -> None:
        """Send the prompt the PIN answers, remember the request, offer to cancel it."""
        language, name = press.language, html.escape(_first_name(user))
        # In a group, the mention makes the ForceReply (selective) open for the asker only.
        mention = user.mention_html() if user is not None and press.chat_id < 0 else name
        placeholder = translate(language, "alarm-pin-placeholder")
        prompt = await bot.send_message(
            press.chat_id,
            translate(language, "alarm-pin-ask", name=mention),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(selective=True, input_field_placeholder=placeholder),
        )
        expires = time.monotonic() + PIN_WAIT_SECONDS
        request = PinRequest(alarm, panel_id, prompt.message_id, language, name, expires)
        earlier = self._pending.pop((press.chat_id, press.user_id), None)
        self._pending[(press.chat_id, press.user_id)] = request
        if earlier is not None:
            with contextlib.suppress(TelegramError):
                await bot.delete_message(press.chat_id, earlier.prompt_id)
        cancel = await self._services.buttons.button(
            translate(language, "alarm-button-cancel"),
            CANCEL,
            {"alarm": alarm.to_data()},
            chat_id=press.chat_id,
            user_id=press.user_id,
        )
        text = translate(language, "alarm-pin-wait", name=name)
        await _edit(bot, press.chat_id, panel_id, text, InlineKeyboardMarkup([[cancel]]))

    # -- the box ------------------------------------------------------------------

    async def _locate(self) -> AlarmEndpoints:
        """The alarm's endpoints: by name on its node, else from its alarm_control tile."""
        client = await self._services.link.client()
        node = find_alarm_node(await client.list_home_nodes())
        if node is None:
            raise AlarmNotFoundError("no alarm control unit among the home nodes")
        tiles = await client.get_home_tileset() if needs_tileset(node) else []
        return alarm_endpoints(node, tiles)

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

    async def _pin_refusal(self, user_id: int, pin: str, request: PinRequest) -> str | None:
        """Why this PIN does not disarm (None: it does); wrong PINs are counted."""
        language = request.language
        role = await self._services.gate.role(user_id)
        if role is None or not role.allows(Role.MEMBER):
            return translate(language, "access-not-allowed")
        locked = await self._lockout_text(user_id, language)
        if locked is not None:
            return locked
        if request.expired:
            return translate(language, "alarm-pin-expired")
        if not PIN_PATTERN.fullmatch(pin):
            return translate(language, "alarm-pin-not-digits")
        if request.alarm.pin is None:
            return translate(language, "alarm-pin-unset")
        client = await self._services.link.client()
        held = (await client.get_endpoint_value(request.alarm.node_id, request.alarm.pin)).value
        if held is None or held == "":
            return translate(language, "alarm-pin-unset")
        if pin_matches(pin, held):
            await self._forget_failures(user_id)
            return None
        return await self._count_failure(user_id, language)

    # -- the lockout ----------------------------------------------------------------

    async def _lockout_text(self, user_id: int, language: str) -> str | None:
        """The refusal for someone locked out, with the minutes left (None: not locked)."""
        async with self._services.sessions() as session:
            row = await session.get(PinFailures, user_id)
        left = row.locked_until - utcnow() if row and row.locked_until else timedelta(0)
        if left <= timedelta(0):
            return None
        return translate(language, "alarm-pin-locked", minutes=_minutes(left))

    async def _count_failure(self, user_id: int, language: str) -> str:
        """Count a wrong PIN; the third in a row locks the person out."""
        now = utcnow()
        async with self._services.sessions.begin() as session:
            row = await session.get(PinFailures, user_id)
            if row is None:
                row = PinFailures(user_id=user_id, failures=0)
                session.add(row)
            if row.locked_until is not None and row.locked_until <= now:
                row.failures, row.locked_until = 0, None  # a lockout over: three new tries
            row.failures += 1
            row.updated_at = now
            if row.failures >= MAX_PIN_FAILURES:
                row.locked_until = now + LOCKOUT
            left = MAX_PIN_FAILURES - row.failures
        if left <= 0:
            return translate(language, "alarm-pin-locked", minutes=_minutes(LOCKOUT))
        return translate(language, "alarm-pin-wrong", left=left, minutes=_minutes(LOCKOUT))

    async def _forget_failures(self, user_id: int) -> None:
        async with self._services.sessions.begin() as session:
            row = await session.get(PinFailures, user_id)
            if row is not None:
                row.failures, row.locked_until, row.updated_at = 0, None, utcnow()

    # -- messages -------------------------------------------------------------------

    async def _panel(
        self, chat_id: int, language: str, alarm: AlarmEndpoints, note: str | None = None
    ) -> tuple[str, InlineKeyboardMarkup]:
        """The alarm's state (after `note`) and its buttons, all used up by one press.

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
        return "\n".join(lines), await self._controls(chat_id, language, alarm)

    async def _controls(
        self, chat_id: int, language: str, alarm: AlarmEndpoints
    ) -> InlineKeyboardMarkup:
        """Arm, arm for the night, disarm, refresh: anyone allowed may press, once."""
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
            for row in PANEL_KEYS
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
        """Show the alarm's state in the /alarm message (or the box's error instead)."""
        try:
            text, markup = await self._panel(chat_id, language, alarm, note)
        except FreeboxError as exc:
            log.info("could not read the alarm's state: %s", exc)
            await _edit(bot, chat_id, message_id, box_error_text(language, exc))
            return
        await _edit(bot, chat_id, message_id, text, markup)

    async def _delete_secret(self, bot: Bot, message: Message, request: PinRequest) -> None:
        """Delete the message holding the PIN (and the prompt); say so when it cannot be."""
        with contextlib.suppress(TelegramError):
            await bot.delete_message(message.chat_id, request.prompt_id)
        try:
            await message.delete()
        except TelegramError as exc:
            log.info("could not delete a message holding the alarm PIN: %s", exc)
            await bot.send_message(
                message.chat_id, translate(request.language, "alarm-pin-not-deleted")
            )


def _panel_id(update: Update) -> int | None:
    query = update.callback_query
    return query.message.message_id if query is not None and query.message is not None else None


def _first_name(user: User | None) -> str:
    return (user.first_name or str(user.id)) if user is not None else "?"


def _minutes(left: timedelta) -> int:
    return max(1, math.ceil(left.total_seconds() / 60))


async def _edit(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Replace the /alarm message (an unchanged text is not an error)."""
    if message_id is None:
        return
    try:
        await bot.edit_message_text(
            text, chat_id, message_id, parse_mode=ParseMode.HTML, reply_markup=markup
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
