"""/users' second half: change an invited person's role, revoke a pending invitation.

Each change is asked with Confirm and Cancel buttons for the owner who pressed (an owner
sharing /users in a group must not have another owner's thumb change a role), then done
once. The invitation itself is never shown again: its link is a secret until used.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.access.invites import change_role, pending_invites, revoke_invite
from bot.i18n import translate
from bot.storage.models import Invite, Role, User
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.feature import BotServices
from bot.telegram.message_edits import edit_pressed

ROLE, CONFIRM_ROLE = "people_role", "people_role_confirm"
REVOKE, CONFIRM_REVOKE = "people_revoke", "people_revoke_confirm"
CANCEL = "people_changes_cancel"


def other_role(role: Role) -> Role:
    """The role a change offers: a member becomes a guest, a guest a member."""
    return Role.GUEST if role is Role.MEMBER else Role.MEMBER


class PeopleChanges:
    """The buttons /users adds per person and per pending invitation, and their actions."""

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self) -> None:
        self._services.buttons.on_each(
            {
                ROLE: self.ask_role,
                CONFIRM_ROLE: self.set_role,
                REVOKE: self.ask_revoke,
                CONFIRM_REVOKE: self.revoke,
                CANCEL: self.cancel,
            },
            role=Role.OWNER,
        )

    async def role_button(
        self, person: User, language: str, chat_id: int, owner_id: int
    ) -> InlineKeyboardButton:
        new = other_role(person.role)
        label = translate(language, f"typing-users-make-{new.value}", name=person.name)
        data = {"user_id": person.id, "name": person.name, "role": new.value}
        return await self._services.buttons.button(
            label, ROLE, data, chat_id=chat_id, user_id=owner_id
        )

    async def invite_lines(
        self, language: str, chat_id: int, owner_id: int
    ) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
        """The pending invitations, one line and one Revoke button each."""
        now = self._services.clock()
        async with self._services.sessions() as session:
            invites: Sequence[Invite] = await pending_invites(session, now)
        lines, rows = [], []
        for number, invite in enumerate(invites, start=1):
            hours = max(1, math.ceil((invite.expires_at - now).total_seconds() / 3600))
            role = translate(language, f"role-{invite.role.value}")
            lines.append(
                translate(language, "typing-users-invite", number=number, role=role, hours=hours)
            )
            label = translate(language, "typing-users-revoke", number=number)
            data = {"code": invite.code, "number": number}
            button = await self._services.buttons.button(
                label, REVOKE, data, chat_id=chat_id, user_id=owner_id
            )
            rows.append([button])
        return lines, rows

    async def ask_role(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        role = translate(press.language, f"role-{press.data['role']}")
        name = html.escape(str(press.data["name"]))
        question = translate(press.language, "typing-users-role-question", name=name, role=role)
        await self._confirm(update, press, question, CONFIRM_ROLE)
        return None

    async def set_role(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Change the role: the gate judges the person's next command by it."""
        role = Role(str(press.data["role"]))
        async with self._services.sessions.begin() as session:
            changed = await change_role(session, int(press.data["user_id"]), role)
        name = html.escape(str(press.data["name"]))
        text_id = "typing-users-role-changed" if changed else "users-already-gone"
        role_name = translate(press.language, f"role-{role.value}")
        await edit_pressed(update, translate(press.language, text_id, name=name, role=role_name))
        return None

    async def ask_revoke(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        number = int(press.data["number"])
        question = translate(press.language, "typing-users-revoke-question", number=number)
        await self._confirm(update, press, question, CONFIRM_REVOKE)
        return None

    async def revoke(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Make the invitation expire: its link no longer lets anyone in."""
        async with self._services.sessions.begin() as session:
            revoked = await revoke_invite(session, str(press.data["code"]), self._services.clock())
        number = int(press.data["number"])
        text_id = "typing-users-revoked" if revoked else "typing-users-revoke-too-late"
        await edit_pressed(update, translate(press.language, text_id, number=number))
        return None

    async def cancel(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Leave everything as it was (/users' questions all cancel this way)."""
        await edit_pressed(update, translate(press.language, "cancelled"))
        return None

    async def _confirm(
        self, update: Update, press: ButtonPress, question: str, action: str
    ) -> None:
        """Ask the pressing owner to confirm `action` (Confirm and Cancel expire together)."""
        keys = [
            (translate(press.language, "typing-users-confirm"), action, press.data),
            (translate(press.language, "users-cancel"), CANCEL, {}),
        ]
        markup = await choice_buttons(
            self._services.buttons, keys, chat_id=press.chat_id, user_id=press.user_id
        )
        if update.effective_message is not None:
            await update.effective_message.reply_text(question, reply_markup=markup)
