"""What a feature module gives the composition root: its commands (with roles), handlers
and periodic work.

Each feature is a class built from `BotServices`; `register()` adds its handlers and
button actions, `commands` feeds the access gate, /help and Telegram's command menu, and
`ticks` is the work the app runs for it every so often (an empty tuple for most).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.clock import Clock
from bot.periodic import Periodic
from bot.storage.models import Role
from bot.storage.notices import Notices

if TYPE_CHECKING:
    from bot.access.gate import AccessGate
    from bot.box.link import BoxLink
    from bot.box.registration import TargetRegistrar
    from bot.config import Settings
    from bot.telegram.application import BotApplication
    from bot.telegram.asking import ChatLanguages
    from bot.telegram.buttons import Buttons
    from bot.telegram.push_path import PushPathWatch


@dataclass(frozen=True)
class CommandInfo:
    """A command: who may use it, and the Fluent id of its one-line description."""

    name: str
    role: Role
    description_id: str
    in_menu: bool = True


@dataclass(frozen=True)
class BotServices:
    """Everything handlers may use; built once by the composition root."""

    sessions: async_sessionmaker[AsyncSession]
    link: BoxLink
    registrar: TargetRegistrar
    buttons: Buttons
    gate: AccessGate
    owners: frozenset[int]
    zone: ZoneInfo
    bot: Bot  # for scheduled sends and edits outside a handler
    notices: Notices  # the bot's own messages, delivered durably through the outbox
    clock: Clock  # aware UTC now; tests move it
    languages: ChatLanguages  # each chat's reply language (bot/telegram/asking.py)
    push_path: PushPathWatch | None = None  # whether the box called back after a target
    settings: Settings | None = None  # for /doctor: the URLs the bot was given


class Feature(Protocol):
    @property
    def commands(self) -> Sequence[CommandInfo]:
        """The commands this feature answers, with the role each needs."""
        ...

    @property
    def ticks(self) -> Sequence[Periodic]:
        """The work to run every so often, each at its interval (usually none)."""
        ...

    def register(self, application: BotApplication) -> None:
        """Add handlers to the application and actions to the buttons."""
        ...
