"""/invite and /users: the owners let people in (one-time links) and out."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes

from bot.access.people import create_invite, list_people, remove_person
from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from bot.telegram.people_changes import PeopleChanges

REMOVE = "people_remove"
CONFIRM_REMOVE = "people_remove_confirm"
CANCEL = "people_cancel"
INVITABLE = {
    "member": Role.MEMBER,
    "membre": Role.MEMBER,
    "guest": Role.GUEST,
    "invite": Role.GUEST,
    "invité": Role.GUEST,
}
# Owners come from BOT_OWNER_IDS: asking for one gets an explanation, not the usage line.
OWNER_WORDS = frozenset({"owner", "proprietaire", "propriétaire"})
MAX_INVITE_HOURS = 24 * 30
DEFAULT_INVITE_HOURS = 24
_HOURS = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "²" is a digit to str.isdigit()


@dataclass(frozen=True)
class InviteRequest:
    role: Role
    hours: int


def parse_invite(args: Sequence[str]) -> InviteRequest | str:
    """The invitation `/invite` asks for, or the Fluent id of the reply explaining why not."""
    words = [unicodedata.normalize("NFC", arg).lower() for arg in args]
    if len(words) > 2:
        return "access-invite-usage"
    if words and words[0] in OWNER_WORDS:
        return "access-invite-no-owner"
    role = INVITABLE.get(words[0]) if words else Role.MEMBER
    hours = DEFAULT_INVITE_HOURS
    if len(words) == 2:
        hours = int(words[1]) if _HOURS.fullmatch(words[1]) else 0
    if role is None or not 0 < hours <= MAX_INVITE_HOURS:
        return "access-invite-usage"
    return InviteRequest(role, hours)


class PeopleCommands:
    commands = (
        CommandInfo("invite", Role.OWNER, "cmd-invite"),
        CommandInfo("users", Role.OWNER, "cmd-users"),
    )

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._changes = PeopleChanges(services)

    def register(self, application: BotApplication) -> None:
        self._changes.register()
        application.add_handler(CommandHandler("invite", self.invite_person))
        application.add_handler(CommandHandler("users", self.list_users))
        self._services.buttons.on_each(
            {
                REMOVE: self.ask_removal,
                CONFIRM_REMOVE: self.remove_user,
                CANCEL: self._changes.cancel,
            },
            role=Role.OWNER,
        )

    async def invite_person(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Make a one-time deep link for a member or a guest, valid some hours (24 by default)."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        request = parse_invite(context.args or [])
        if isinstance(request, str):
            await asker.reply(asker.text(request))
            return
        role, hours = request.role, request.hours
        async with self._services.sessions.begin() as session:
            invite = await create_invite(session, role, asker.user.id, timedelta(hours=hours))
        link = f"https://t.me/{context.bot.username}?start={invite.code}"
        text = asker.text(
            "invite-created",
            role=asker.text(f"role-{role.value}"),
            link=html.escape(link),
            hours=hours,
        )
        await asker.message.reply_text(text, disable_web_page_preview=True)

    async def list_users(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List owners and invited people, with a button to remove each invited person."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        chat, user, language = asker.chat, asker.user, asker.language
        async with self._services.sessions() as session:
            people = await list_people(session)
        lines = [translate(language, "users-title")]
        lines += [
            f"👑 <code>{owner}</code> — {translate(language, 'role-owner')}"
            for owner in sorted(self._services.owners)
        ]
        rows = []
        for person in people:
            role = translate(language, f"role-{person.role.value}")
            lines.append(f"• {html.escape(person.name)} (<code>{person.id}</code>) — {role}")
            label = translate(language, "users-remove", name=person.name)
            rows.append(
                [
                    await self._services.buttons.button(
                        label,
                        REMOVE,
                        {"user_id": person.id, "name": person.name},
                        chat_id=chat.id,
                        user_id=user.id,
                    ),
                    await self._changes.role_button(person, language, chat.id, user.id),
                ]
            )
        if not people:
            lines.append(translate(language, "users-none"))
        invite_lines, invite_rows = await self._changes.invite_lines(language, chat.id, user.id)
        if invite_lines:
            lines += ["", translate(language, "typing-users-invites-title"), *invite_lines]
            rows += invite_rows
        await asker.reply("\n".join(lines), InlineKeyboardMarkup(rows))

    async def ask_removal(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Ask the owner to confirm before removing someone."""
        data = {"user_id": press.data["user_id"], "name": press.data["name"]}
        keys = [
            (translate(press.language, "users-confirm"), CONFIRM_REMOVE, data),
            (translate(press.language, "users-cancel"), CANCEL, {}),
        ]
        markup = await choice_buttons(
            self._services.buttons, keys, chat_id=press.chat_id, user_id=press.user_id
        )
        name = html.escape(str(data["name"]))
        if update.effective_message is not None:
            question = translate(press.language, "users-confirm-question", name=name)
            await update.effective_message.reply_text(question, reply_markup=markup)
        return None

    async def remove_user(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Remove the person: from now on the gate refuses them."""
        async with self._services.sessions.begin() as session:
            removed = await remove_person(session, int(press.data["user_id"]))
        name = html.escape(str(press.data["name"]))
        text_id = "users-removed" if removed else "users-already-gone"
        await edit_pressed(update, translate(press.language, text_id, name=name))
        return None
