"""The alarm PIN: asking for it, taking the message that holds it, checking it, the lockout.

Disarming asks the person who pressed the button for the PIN as their next message (a
reply to a ForceReply prompt, so it reaches the bot in groups with privacy mode on); the
bot deletes that message, compares the PIN with the one the alarm reads back (signal
`pin`), and only then pushes the `off` slot. Wrong PINs are counted in
`bot.storage.pin_lockout`. The requests waiting for a PIN live in memory only: a reply
to a prompt the bot no longer knows (it restarted meanwhile) is still deleted, and the
person is asked to press Disarm again.

A PIN is never typed in a group: disarming from a group sends the prompt to the
presser's private chat with the bot, takes the PIN there, and shows the outcome in the
group's /alarm message. When the bot cannot write to the person (they never opened a
chat with it), the group is told to open one first.

A request may instead hand the outcome to a `then` callback (saving a schedule that
disarms: `bot.telegram.alarm_schedule`), with the same checks and the same lockout.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, ForceReply, Message, Update, User
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, MessageHandler, filters

from bot.box.alarm import AlarmEndpoints, pin_matches
from bot.i18n import LANGUAGES, translate
from bot.storage.models import Role
from bot.storage.pin_lockout import LOCKOUT, count_failure, forget_failures, lockout_left
from bot.telegram.application import BotApplication
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.feature import BotServices
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

PIN_PATTERN = re.compile(r"[0-9]{1,16}")
PIN_WAIT_SECONDS = 120.0  # how long a PIN request waits for its answer

# Shows the alarm's state in the /alarm message: bot, chat, message, language, alarm, note.
Redraw = Callable[[Bot, int, int | None, str, AlarmEndpoints, str | None], Awaitable[None]]
# Told the outcome instead of disarming: bot, the chat asked in, refusal (None: right PIN).
PinOutcome = Callable[[Bot, int, str | None], Awaitable[None]]


@dataclass(frozen=True)
class PinRequest:
    """Someone asked to disarm and the bot waits for their PIN (in their private chat when
    they asked in a group)."""

    alarm: AlarmEndpoints
    panel_chat: int  # the chat the person asked in, where the outcome is shown
    panel_id: int | None  # the /alarm message, edited with the outcome
    prompt_id: int  # the ForceReply prompt the PIN answers
    language: str
    name: str
    expires: float  # time.monotonic()
    then: PinOutcome | None = None  # None: a right PIN disarms the alarm

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


class _AnsweringForgottenPrompt(filters.MessageFilter):
    """A reply to one of our PIN prompts from someone with no request: it holds a PIN."""

    def __init__(self, pending: dict[tuple[int, int], PinRequest]) -> None:
        super().__init__(name="answering_forgotten_pin_prompt")
        self._pending = pending

    def filter(self, message: Message) -> bool:
        reply, user = message.reply_to_message, message.from_user
        if reply is None or user is None or (message.chat.id, user.id) in self._pending:
            return False
        author = reply.from_user
        return author is not None and author.is_bot and prompt_language(reply.text) is not None


def prompt_language(text: str | None) -> str | None:
    """The language of a PIN prompt's text, whoever it names (None: not a PIN prompt)."""
    if not text:
        return None
    text = _without_isolation(text)
    for language in LANGUAGES:
        prompt = _without_isolation(translate(language, "alarm-pin-ask", name="\x00"))
        before, _, after = prompt.partition("\x00")
        if text.startswith(before) and text.endswith(after):
            return language
    return None


def _without_isolation(text: str) -> str:
    """Without the bidi isolation marks Fluent puts around names."""
    return text.replace("\u2068", "").replace("\u2069", "")


class PinRequests:
    """The PIN requests waiting for an answer, by (chat, person), and the handler taking it."""

    def __init__(self, services: BotServices, redraw: Redraw) -> None:
        self._services = services
        self._redraw = redraw
        self._pending: dict[tuple[int, int], PinRequest] = {}

    def register(self, application: BotApplication) -> None:
        """Hand the text messages of someone asked for the PIN to `enter_pin`."""
        new = filters.UpdateType.MESSAGE
        pin = filters.TEXT & ~filters.COMMAND & new & _AwaitingPin(self._pending)
        application.add_handler(MessageHandler(pin, self.enter_pin))
        forgotten = filters.TEXT & ~filters.COMMAND & new & _AnsweringForgottenPrompt(self._pending)
        application.add_handler(MessageHandler(forgotten, self.forgotten_prompt))

    async def ask(
        self,
        bot: Bot,
        press: ButtonPress,
        user: User | None,
        alarm: AlarmEndpoints,
        panel_id: int | None,
        *,
        name: str,
        then: PinOutcome | None = None,
    ) -> bool:
        """Send the prompt the PIN answers and remember the request for PIN_WAIT_SECONDS.

        From a group the prompt goes to the person's private chat; False when the bot
        cannot write there (the group is then told why). `then` is told the outcome
        instead of a right PIN disarming the alarm.
        """
        in_group = press.chat_id < 0  # Telegram's group and supergroup ids are negative
        prompt_chat = press.user_id if in_group else press.chat_id
        placeholder = translate(press.language, "alarm-pin-placeholder")
        try:
            prompt = await bot.send_message(
                prompt_chat,
                translate(press.language, "alarm-pin-ask", name=name),
                reply_markup=ForceReply(selective=True, input_field_placeholder=placeholder),
            )
        except Forbidden:
            mention = user.mention_html() if user is not None else name
            text = translate(press.language, "typing-pin-open-private", name=mention)
            await bot.send_message(press.chat_id, text)
            return False
        if in_group:
            text = translate(press.language, "typing-pin-asked-in-private", name=name)
            await bot.send_message(press.chat_id, text)
        expires = time.monotonic() + PIN_WAIT_SECONDS
        request = PinRequest(
            alarm, press.chat_id, panel_id, prompt.message_id, press.language, name, expires, then
        )
        await self.drop(bot, press.chat_id, press.user_id)
        # One prompt per private chat: the PIN typed there answers the latest request.
        earlier = self._pending.pop((prompt_chat, press.user_id), None)
        self._pending[(prompt_chat, press.user_id)] = request
        if earlier is not None:
            with contextlib.suppress(TelegramError):
                await bot.delete_message(prompt_chat, earlier.prompt_id)
        return True

    async def drop(self, bot: Bot, chat_id: int, user_id: int) -> None:
        """Forget the person's request made in this chat, if any, and delete its prompt
        (in their private chat when they asked in a group)."""
        for prompt_chat in dict.fromkeys((chat_id, user_id)):
            request = self._pending.get((prompt_chat, user_id))
            if request is None or request.panel_chat != chat_id:
                continue
            del self._pending[(prompt_chat, user_id)]
            with contextlib.suppress(TelegramError):
                await bot.delete_message(prompt_chat, request.prompt_id)

    async def lockout_text(self, user_id: int, language: str) -> str | None:
        """The refusal for someone locked out, with the minutes left (None: not locked)."""
        async with self._services.sessions() as session:
            left = await lockout_left(session, user_id)
        if left is None:
            return None
        return translate(language, "alarm-pin-locked", minutes=_minutes(left))

    async def enter_pin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Delete the message holding the PIN, check the PIN, then disarm the alarm."""
        message, user = update.effective_message, update.effective_user
        request = self._pending.pop((message.chat_id, user.id), None) if message and user else None
        if message is None or user is None or request is None:
            return
        await self._delete_secret(context.bot, message, request)
        try:
            refusal = await self._refusal(user, (message.text or "").strip(), request)
            if refusal is None and request.then is None:
                client = await self._services.link.client()
                await client.set_endpoint_value(request.alarm.node_id, request.alarm.off)
        except FreeboxError as exc:
            log.info("could not disarm the alarm: %s", exc)
            refusal = box_error_text(request.language, exc)
        if request.then is not None:
            await request.then(context.bot, request.panel_chat, refusal)
            raise ApplicationHandlerStop
        if refusal is not None:
            await context.bot.send_message(message.chat_id, refusal)
        elif request.panel_chat != message.chat_id:
            done = translate(request.language, "typing-pin-done-private")
            await context.bot.send_message(message.chat_id, done)
        note = (
            None if refusal else translate(request.language, "alarm-disarmed-by", name=request.name)
        )
        await self._redraw(
            context.bot, request.panel_chat, request.panel_id, request.language, request.alarm, note
        )
        raise ApplicationHandlerStop  # the PIN goes no further

    async def forgotten_prompt(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Delete a PIN sent to a prompt the bot has forgotten, and say to start again."""
        message = update.effective_message
        if message is None or message.reply_to_message is None:
            return
        prompt = message.reply_to_message
        language = prompt_language(prompt.text) or "fr"
        with contextlib.suppress(TelegramError):
            await context.bot.delete_message(message.chat_id, prompt.message_id)
        try:
            await message.delete()
            text = translate(language, "alarm-pin-expired")
        except TelegramError as exc:
            log.info("could not delete a message holding the alarm PIN: %s", exc)
            text = translate(language, "alarm-pin-not-deleted")
        await context.bot.send_message(message.chat_id, text)
        raise ApplicationHandlerStop  # the PIN goes no further

    async def _refusal(self, user: User, pin: str, request: PinRequest) -> str | None:
        """Why this PIN does not disarm (None: it does); wrong PINs are counted."""
        language, user_id = request.language, user.id
        role = await self._services.gate.role(user_id)
        if role is None or not role.allows(Role.MEMBER):
            return translate(language, "access-not-allowed")
        locked = await self.lockout_text(user_id, language)
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
        return await self._tally(user, pin_matches(pin, held), language)

    async def _tally(self, user: User, right: bool, language: str) -> str | None:
        """Clear the person's wrong PINs on the right one, else count it (None: right).

        The owners hear of a lockout: three wrong PINs may be someone trying codes.
        """
        async with self._services.sessions.begin() as session:
            if right:
                await forget_failures(session, user.id)
                return None
            left = await count_failure(session, user.id)
        if left <= 0:
            await self._services.notices.send(
                self._services.owners,
                "typing-owner-pin-locked",
                name=user.full_name,
                minutes=_minutes(LOCKOUT),
            )
            return translate(language, "alarm-pin-locked", minutes=_minutes(LOCKOUT))
        return translate(language, "alarm-pin-wrong", left=left, minutes=_minutes(LOCKOUT))

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


def _minutes(left: timedelta) -> int:
    return max(1, math.ceil(left.total_seconds() / 60))
