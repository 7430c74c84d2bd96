"""/watch: pick a device of the home network, then hear when it comes home and leaves.

`/watch` lists the devices the box knows (most recently active first) as buttons, and
the ones this chat already watches with a button to stop each. The announcements
themselves come from `bot.box.lan_presence`, which the composition root runs.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.box.lan_presence import HOME, PresenceWatcher, hosts_on_every_interface
from bot.i18n import translate
from bot.storage.models import PresenceWatch, Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import ask
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.chats import remember_chat
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxError, LanHost

log = logging.getLogger(__name__)

WATCH, UNWATCH = "presence_watch", "presence_unwatch"
MAX_LISTED = 20
MAX_NAME = 64
_NEVER = datetime.min.replace(tzinfo=UTC)


class PresenceCommands:
    commands = (CommandInfo("watch", Role.MEMBER, "presence-cmd"),)

    def __init__(self, services: BotServices, watcher: PresenceWatcher) -> None:
        self._services = services
        self._watcher = watcher

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("watch", self.show_devices, filters=new))
        self._services.buttons.on(WATCH, self.watch, role=Role.MEMBER)
        self._services.buttons.on(UNWATCH, self.unwatch, role=Role.MEMBER)

    async def show_devices(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The devices to pick from, and the ones this chat already watches."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        if context.args:
            await asker.reply(asker.text("presence-usage"))
            return
        problem: str | None = None
        try:
            hosts = await hosts_on_every_interface(await self._services.link.client())
        except FreeboxError as exc:
            # The box's list is needed to pick a new device, not to stop watching one.
            log.info("could not list the LAN hosts: %s", exc)
            hosts, problem = [], box_error_text(asker.language, exc)
        chat_id, language = asker.chat.id, asker.language
        text, markup = await self._menu(chat_id, asker.user.id, language, hosts, problem)
        await asker.reply(text, markup)

    async def watch(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        host_id, name = str(press.data["host_id"]), str(press.data["name"])
        state = await self._watcher.initial_state(host_id)
        async with self._services.sessions.begin() as session:
            chat = update.effective_chat
            if chat is not None:
                private = chat.type == chat.PRIVATE
                await remember_chat(session, chat, press.language if private else None)
            existing = await session.scalar(
                select(PresenceWatch.id).where(
                    PresenceWatch.chat_id == press.chat_id, PresenceWatch.host_id == host_id
                )
            )
            if existing is None:
                session.add(
                    PresenceWatch(
                        chat_id=press.chat_id,
                        host_id=host_id,
                        name=name,
                        created_by=press.user_id,
                        announced=state,
                    )
                )
        await self._watcher.tick()  # the first watch opens the box's event socket
        key = "presence-already" if existing is not None else "presence-watching"
        text = translate(press.language, key, name=html.escape(name))
        if state is not None:
            now = "presence-now-home" if state == HOME else "presence-now-away"
            text = f"{text}\n{translate(press.language, now)}"
        await edit_pressed(update, text)
        return None

    async def unwatch(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        async with self._services.sessions.begin() as session:
            await session.execute(
                delete(PresenceWatch).where(
                    PresenceWatch.id == int(press.data["watch_id"]),
                    PresenceWatch.chat_id == press.chat_id,
                )
            )
        name = html.escape(str(press.data["name"]))
        await edit_pressed(update, translate(press.language, "presence-stopped", name=name))
        return None

    async def _menu(
        self,
        chat_id: int,
        user_id: int,
        language: str,
        hosts: Sequence[LanHost],
        problem: str | None = None,
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """Buttons for the devices to watch and for each watch to stop; `problem` (the box
        could not list its devices) replaces the title."""
        async with self._services.sessions() as session:
            watches = list(
                await session.scalars(
                    select(PresenceWatch)
                    .where(PresenceWatch.chat_id == chat_id)
                    .order_by(PresenceWatch.name)
                )
            )
        watched = {w.host_id for w in watches}
        candidates = sorted(
            (h for h in hosts if h.id not in watched),
            key=lambda h: (h.last_activity or _NEVER, h.display_name),
            reverse=True,
        )[:MAX_LISTED]
        buttons, group = self._services.buttons, self._services.buttons.new_group()
        rows: list[list[InlineKeyboardButton]] = []
        for host in candidates:
            name = host.display_name[:MAX_NAME]
            label = ("🟢 " if host.reachable else "⚪ ") + name
            data = {"host_id": host.id, "name": name}
            button = await buttons.button(
                label, WATCH, data, chat_id=chat_id, user_id=user_id, group=group
            )
            rows.append([button])
        for watch in watches:
            label = translate(language, "presence-button-stop", name=watch.name[:32])
            stop = {"watch_id": watch.id, "name": watch.name}
            button = await buttons.button(label, UNWATCH, stop, chat_id=chat_id, group=group)
            rows.append([button])
        title = "presence-title" if candidates else "presence-no-devices"
        lines = [problem if problem is not None else translate(language, title)]
        if watches:
            names = ", ".join(html.escape(w.name) for w in watches)
            lines.append(translate(language, "presence-watched", names=names))
        return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None
