"""Property: whatever follows a command, the gate lets a sender through exactly when
python-telegram-bot's CommandHandler would run a command that sender's role may use.

The messages carry the entities Telegram would mark (the fake's `bot_command_entities`);
the handlers are PTB's own CommandHandler, the roles those the features declared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Bot, Update
from telegram.ext import CommandHandler

from bot.access.gate import DOCUMENT, OPEN_COMMANDS, demand_of
from bot.storage.models import Role
from tests.fakes.telegram_api import bot_command_entities
from tests.features.household import household

# What people type after a command: punctuation, spaces of every kind, zero-width and
# joining characters, letters and digits of other scripts, what Telegram treats specially.
_AWKWARD = list(",!.?;:-'\"()[]{}*~`|\\ \t\n\u00a0\u2009\u200b\u200c\u200d\u2060\ufeff@/<>_é9aZ")
SUFFIX = st.text(
    alphabet=st.one_of(st.sampled_from(_AWKWARD), st.characters(codec="utf-8")), max_size=6
)
ADDRESS = st.sampled_from(["", "@freebox_test_bot", "@FREEBOX_Test_Bot", "@other_bot", "@ab"])
LEAD = st.sampled_from(["", "", "", " ", "/", "x"])
REST = st.sampled_from(["", " owner", " owner 1", ",owner"])
CASE: st.SearchStrategy[Callable[[str], str]] = st.sampled_from([str.lower, str.upper, str.title])


async def _noop(update: object, context: object) -> None:
    return None


def _update(text: str, bot: Bot) -> Update:
    message: dict[str, Any] = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 5, "type": "private", "first_name": "A"},
        "from": {"id": 5, "is_bot": False, "first_name": "A"},
        "text": text,
    }
    if entities := bot_command_entities(text):
        message["entities"] = entities
    return Update.de_json({"update_id": 1, "message": message}, bot)


def _passes(update: Update, bot: Bot, roles: Mapping[str, Role], role: Role | None) -> bool:
    demand = demand_of(update, bot.username, roles)
    if demand.ignored:
        return False
    if demand.open:
        return True
    return role is not None and demand.role is not None and role.allows(demand.role)


def _expected(text: str, running: list[str], roles: Mapping[str, Role], role: Role | None) -> bool:
    if running:
        [command] = running
        return command in OPEN_COMMANDS or (role is not None and role.allows(roles[command]))
    # No handler runs it: a `/` text is refused to everyone, other text is chatter.
    return role is not None and not text.startswith("/")


async def test_the_gate_lets_through_exactly_what_the_role_may_run(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        roles = dict(home.running.bot.running.gate.command_roles)
        bot = home.running.bot.running.application.bot
        commands = sorted(c for c in roles if c != DOCUMENT)
        handlers = {c: CommandHandler(c, _noop) for c in commands}

        @settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
        @given(
            lead=LEAD,
            name=st.sampled_from([*commands, "nonsense"]),
            case=CASE,
            address=ADDRESS,
            suffix=SUFFIX,
            rest=REST,
        )
        def gate_matches_handlers(
            lead: str, name: str, case: Callable[[str], str], address: str, suffix: str, rest: str
        ) -> None:
            text = f"{lead}/{case(name)}{address}{suffix}{rest}"
            update = _update(text, bot)
            running = [c for c, handler in handlers.items() if handler.check_update(update)]
            for role in (None, Role.GUEST, Role.MEMBER, Role.OWNER):
                assert _passes(update, bot, roles, role) == _expected(text, running, roles, role), (
                    f"{text!r} for {role}: handlers {running}"
                )

        gate_matches_handlers()
