"""/notifications: which of the box's events this chat receives, toggled with buttons."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes

from bot.box.registration import NotConfiguredError, PushUnavailableError
from bot.i18n import translate
from bot.storage.models import ALL_SUBSCRIPTIONS, Chat, Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.box_errors import box_error_notice
from bot.telegram.buttons import ButtonPress
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

TOGGLE = "notif_toggle"
SWITCH = "notif_switch"


class NotificationSettings:
    commands = (CommandInfo("notifications", Role.MEMBER, "cmd-notifications"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("notifications", self.show_notifications))
        self._services.buttons.on(TOGGLE, self.toggle_subscription, role=Role.MEMBER)
        self._services.buttons.on(SWITCH, self.switch_notifications, role=Role.MEMBER)

    async def show_notifications(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show this chat's subscriptions with a toggle for each."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        async with self._services.sessions.begin() as session:
            row = await remember_chat(session, asker.chat)
            wants, subscriptions = row.wants_notifications, list(row.subscriptions)
        markup = await self._keyboard(asker.chat.id, asker.language, wants, subscriptions)
        await asker.reply(_summary(asker.language, wants), markup)

    async def toggle_subscription(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Add or remove one kind of event, then update the target on the box."""
        kind = str(press.data["kind"])
        async with self._services.sessions() as session:
            chat = await session.get_one(Chat, press.chat_id)
            current = list(chat.subscriptions)
        wanted = [k for k in ALL_SUBSCRIPTIONS if (k in current) != (k == kind)]
        if not wanted:
            return await self._apply(update, press, wants=False, subscriptions=current)
        return await self._apply(update, press, wants=True, subscriptions=wanted)

    async def switch_notifications(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Turn every notification of this chat on or off."""
        async with self._services.sessions() as session:
            chat = await session.get_one(Chat, press.chat_id)
            current = list(chat.subscriptions) or list(ALL_SUBSCRIPTIONS)
        return await self._apply(update, press, wants=bool(press.data["on"]), subscriptions=current)

    async def _apply(
        self, update: Update, press: ButtonPress, *, wants: bool, subscriptions: list[str]
    ) -> str | None:
        registrar, language = self._services.registrar, press.language
        notice: str | None = None
        try:
            if wants:
                await registrar.update_subscriptions(press.chat_id, subscriptions, watch=True)
            else:
                await registrar.unregister_chat(press.chat_id)
        except PushUnavailableError:
            notice = translate(language, "push-path-watched-short")
        except NotConfiguredError:
            return translate(language, "pair-no-public-url")
        except FreeboxError as exc:
            log.info("could not update notifications of chat %s: %s", press.chat_id, exc)
            return box_error_notice(language, exc)
        markup = await self._keyboard(press.chat_id, language, wants, subscriptions)
        await edit_pressed(update, _summary(language, wants), markup)
        return notice or translate(language, "notif-saved")

    async def _keyboard(
        self, chat_id: int, language: str, wants: bool, subscriptions: list[str]
    ) -> InlineKeyboardMarkup:
        buttons = self._services.buttons
        rows: list[list[InlineKeyboardButton]] = []
        if wants:
            for kind in ALL_SUBSCRIPTIONS:
                mark = "✅" if kind in subscriptions else "⬜"
                label = f"{mark} {translate(language, f'notif-kind-{kind}')}"
                rows.append(
                    [
                        await buttons.button(
                            label, TOGGLE, {"kind": kind}, chat_id=chat_id, once=False
                        )
                    ]
                )
        switch = translate(language, "notif-all-off" if wants else "notif-all-on")
        rows.append(
            [await buttons.button(switch, SWITCH, {"on": not wants}, chat_id=chat_id, once=False)]
        )
        return InlineKeyboardMarkup(rows)


def _summary(language: str, wants: bool) -> str:
    return translate(language, "notif-summary-on" if wants else "notif-summary-off")
