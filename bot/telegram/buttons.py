"""Inline buttons whose meaning is stored server-side: short callback data, expiry, act-once.

`callback_data` is `b:<id>`; the row says which action runs, with what data, in which
chat and for whom. Telegram lets a client send any callback data with any message of the
bot it can see, so a press is judged against the row: the pressed message must be in the
row's chat and, for a personal button, the presser must be its person. A one-time button
(and its siblings of the same keyboard) is claimed atomically, so a stale or double-pressed
button answers "expired" instead of acting twice; a refused press uses nothing up.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import InlineKeyboardButton, Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.access.gate import AccessGate
from bot.clock import Clock
from bot.i18n import translate
from bot.storage.models import ButtonAction, Chat, Role, User, utcnow
from bot.telegram.asking import ChatLanguages

log = logging.getLogger(__name__)

PREFIX = "b:"
DEFAULT_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class ButtonPress:
    """A pressed button, resolved: the action, its data, and who pressed it where."""

    action: str
    data: Mapping[str, Any]
    user_id: int
    chat_id: int
    language: str


# A button handler returns the short notice Telegram shows on the button (or None).
ButtonHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, ButtonPress], Awaitable[str | None]]


@dataclass(frozen=True)
class _Route:
    handler: ButtonHandler
    role: Role


class Buttons:
    """Makes buttons and dispatches their presses to the registered actions."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        gate: AccessGate,
        *,
        clock: Clock = utcnow,
        languages: ChatLanguages | None = None,
    ) -> None:
        self._sessions = sessions
        self._languages = languages or ChatLanguages(sessions)
        self._gate = gate
        self._clock = clock
        self._routes: dict[str, _Route] = {}

    def on(self, action: str, handler: ButtonHandler, *, role: Role = Role.MEMBER) -> None:
        """Route presses of `action` buttons to `handler`, for people with at least `role`."""
        self._routes[action] = _Route(handler, role)

    def on_each(self, routes: Mapping[str, ButtonHandler], *, role: Role = Role.MEMBER) -> None:
        """Route each action of `routes` to its handler (a feature's route table)."""
        for action, handler in routes.items():
            self.on(action, handler, role=role)

    def handler(self) -> CallbackQueryHandler[ContextTypes.DEFAULT_TYPE, None]:
        return CallbackQueryHandler(self.dispatch, pattern=f"^{PREFIX}")

    async def button(
        self,
        text: str,
        action: str,
        data: Mapping[str, Any] | None = None,
        *,
        chat_id: int,
        user_id: int | None = None,
        group: str | None = None,
        once: bool = True,
        ttl: timedelta = DEFAULT_TTL,
    ) -> InlineKeyboardButton:
        """An inline button for `action`.

        Args:
            user_id: only this person may press it (None: anyone allowed in the chat).
            group: buttons sharing a group expire together when one is pressed.
            once: False for buttons pressed repeatedly (a remote control, toggles).
        """
        button_id = secrets.token_urlsafe(12)
        async with self._sessions.begin() as session:
            session.add(
                ButtonAction(
                    id=button_id,
                    action=action,
                    data={**(data or {}), "_once": once},
                    chat_id=chat_id,
                    user_id=user_id,
                    group_key=group,
                    created_at=self._clock(),
                    expires_at=self._clock() + ttl,
                )
            )
        return InlineKeyboardButton(text, callback_data=PREFIX + button_id)

    @staticmethod
    def new_group() -> str:
        return secrets.token_urlsafe(12)

    async def dispatch(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Claim the pressed button and run its action, or say why it does not act."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or query.data is None:
            return
        # A button of an inline-mode message has no message, hence no chat to check.
        chat = query.message.chat if query.message is not None else None
        chat_id = chat.id if chat is not None else None
        group = chat is not None and chat.type != ChatType.PRIVATE
        language = await self._languages.of(chat_id, user.language_code, group=group)
        button_id = query.data.removeprefix(PREFIX)
        async with self._sessions() as session:
            seen = await session.get(ButtonAction, button_id)
        route = self._routes.get(seen.action) if seen is not None else None
        if seen is None or route is None:
            await query.answer(translate(language, "button-expired"), show_alert=True)
            return
        # Every refusal comes before the claim: a refused press must not use the button up.
        refusal = await self._refusal(seen, route, chat_id, user.id)
        if refusal is not None:
            log.info("refused a press of button %s by %s in chat %s", seen.action, user.id, chat_id)
            await query.answer(await self._refusal_text(language, refusal, seen), show_alert=True)
            return
        assert chat_id is not None  # _refusal refuses a press without a chat
        row = await self._claim(button_id, chat_id, user.id)
        if row is None:
            await query.answer(translate(language, "button-expired"), show_alert=True)
            return
        data = {k: v for k, v in row.data.items() if k != "_once"}
        press = ButtonPress(row.action, data, user.id, chat_id, language)
        notice = await route.handler(update, context, press)
        await query.answer(notice)

    async def _refusal(
        self, row: ButtonAction, route: _Route, chat_id: int | None, user_id: int
    ) -> str | None:
        """The message id saying why this press may not act, or None when it may."""
        if chat_id is None or chat_id != row.chat_id:
            return "button-other-chat"
        if row.user_id is not None and row.user_id != user_id:
            return "button-other-person"
        role = await self._gate.role(user_id)
        if role is None or not role.allows(route.role):
            return "access-not-allowed"
        return None

    async def _refusal_text(self, language: str, refusal: str, row: ButtonAction) -> str:
        """The refusal to show; a personal button names its person (in a group, people
        otherwise press each other's Confirm and read only "expired" or "someone else")."""
        name = await self._name_of(row.user_id) if refusal == "button-other-person" else None
        if name is None:
            return translate(language, refusal)
        return translate(language, "typing-button-for", name=name)

    async def _name_of(self, user_id: int | None) -> str | None:
        """The person's name as the bot knows it: their invitation's, else their chat's."""
        if user_id is None:
            return None
        async with self._sessions() as session:
            person = await session.get(User, user_id)
            chat = await session.get(Chat, user_id) if person is None or not person.name else None
        if person is not None and person.name:
            return person.name
        return chat.title if chat is not None and chat.title else None

    async def _claim(self, button_id: str, chat_id: int, user_id: int) -> ButtonAction | None:
        now = self._clock()
        async with self._sessions.begin() as session:
            row = await session.get(ButtonAction, button_id)
            if row is None or row.used_at is not None or row.expires_at <= now:
                return None
            if row.chat_id != chat_id or row.user_id not in (None, user_id):
                return None
            if not row.data.get("_once", True):
                return row
            siblings = ButtonAction.id == button_id
            if row.group_key is not None:
                siblings = or_(siblings, ButtonAction.group_key == row.group_key)
            claimed = await session.execute(
                update(ButtonAction)
                .where(ButtonAction.id == button_id, ButtonAction.used_at.is_(None))
                .values(used_at=now)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            await session.execute(
                update(ButtonAction)
                .where(siblings, ButtonAction.used_at.is_(None))
                .values(used_at=now)
            )
            return row
