"""A household for feature tests: the bot paired with the box simulator, Telegram faked.

People: an owner (from BOT_OWNER_IDS), a member, a guest and a stranger, each with a
private chat whose id is their user id, plus a family group.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestServer

from bot.box.pairing import PairingUpdate, pair_with_box
from bot.clock import Clock, Timer
from bot.storage.models import Role, User, utcnow
from freeboxos.simulator import API_VERSION, BoxInfo, SimulatorState, create_simulator_app
from tests.fakes import FakeTelegram, SentMessage
from tests.harness import RunningBot, running_bot
from tests.process import free_port

OWNER, MEMBER, GUEST, STRANGER = 1001, 1002, 1003, 1004
FAMILY_GROUP = -100500


@dataclass
class Household:
    telegram: FakeTelegram
    box: SimulatorState
    running: RunningBot
    box_url: str

    async def say(
        self,
        user: int,
        text: str,
        *,
        chat: int | None = None,
        language: str = "fr",
        replies: int = 1,
        timeout: float = 10.0,
    ) -> list[SentMessage]:
        """`user` sends `text` (in their private chat by default); returns the bot's replies."""
        chat_id = chat if chat is not None else user
        chat_type = "group" if chat_id < 0 else "private"
        self.telegram.mark_seen(chat_id)
        self.telegram.push_message(
            chat_id,
            user,
            text,
            language_code=language,
            chat_type=chat_type,
            chat_title="Famille" if chat_id < 0 else None,
        )
        return await self.telegram.wait_for_messages(chat_id, replies, timeout=timeout)

    async def press(
        self, user: int, message: SentMessage, label: str, *, language: str = "fr"
    ) -> dict[str, Any]:
        """`user` presses the button labelled `label`; returns Telegram's answer to it."""
        return await self.press_data(user, message, message.callback_data(label), language)

    async def press_twice(
        self, user: int, message: SentMessage, label: str, *, language: str = "fr"
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A double tap: the same button pressed twice (its message may change in between)."""
        data = message.callback_data(label)
        first = await self.press_data(user, message, data, language)
        return first, await self.press_data(user, message, data, language)

    async def press_data(
        self, user: int, message: SentMessage, data: str, language: str = "fr"
    ) -> dict[str, Any]:
        update = self.telegram.push_callback(
            message.chat_id, user, data, message.message_id, language_code=language
        )
        query_id = update["callback_query"]["id"]
        await self.telegram.wait_for(lambda: query_id in self.telegram.callback_answers, timeout=10)
        return self.telegram.callback_answers[query_id]

    async def add_person(self, user_id: int, role: Role, name: str = "") -> None:
        async with self.running.bot.running.sessions.begin() as session:
            session.add(User(id=user_id, role=role, name=name or f"user{user_id}"))


async def _ignore(_update: PairingUpdate) -> None:
    return None


async def pair(running: RunningBot) -> None:
    """Pair the running bot with the box (the simulator approves by itself)."""
    result = await pair_with_box(running.bot.running.link, _ignore, poll_interval=0.01)
    assert result.status.value == "granted", result


@asynccontextmanager
async def household(
    tmp_path: Path,
    *,
    paired: bool = True,
    all_permissions: bool = True,
    auto_approve: bool = True,
    clock: Clock = utcnow,
    timer: Timer | None = None,
    box_version: str = API_VERSION,
    **settings: Any,
) -> AsyncIterator[Household]:
    """Start the simulator (playing API `box_version`), the fake Telegram and the bot;
    pair them unless told not to."""
    box = SimulatorState(auto_approve=auto_approve, box=BoxInfo(version=box_version))
    if all_permissions:
        box.auth.default_permissions.update({p: True for p in box.auth.default_permissions})
    async with (
        TestServer(create_simulator_app(box), host="127.0.0.1") as box_server,
        FakeTelegram() as telegram,
    ):
        box_url = str(box_server.make_url("")).rstrip("/")
        async with running_bot(
            tmp_path,
            telegram,
            freebox_url=box_url,
            bot_owner_ids=frozenset({OWNER}),
            clock=clock,
            timer=timer,
            **settings,
        ) as running:
            home = Household(telegram, box, running, box_url)
            await home.add_person(MEMBER, Role.MEMBER, "Marie")
            await home.add_person(GUEST, Role.GUEST, "Gaston")
            if paired:
                await pair(running)
            try:
                yield home
            finally:
                await box.aclose()


@asynccontextmanager
async def box_and_telegram() -> AsyncIterator[tuple[SimulatorState, str, FakeTelegram]]:
    """The simulator (every permission granted) and the fake Telegram, outliving the bots
    a restart test starts against them; yields the box, its URL and Telegram."""
    box = SimulatorState(auto_approve=True)
    box.auth.default_permissions.update({p: True for p in box.auth.default_permissions})
    async with (
        TestServer(create_simulator_app(box), host="127.0.0.1") as server,
        FakeTelegram() as telegram,
    ):
        try:
            yield box, str(server.make_url("")).rstrip("/"), telegram
        finally:
            await box.aclose()


@asynccontextmanager
async def without_a_box(tmp_path: Path) -> AsyncIterator[FakeTelegram]:
    """The bot whose FREEBOX_URL answers nothing (the box is down); OWNER talks to it."""
    async with (
        FakeTelegram() as telegram,
        running_bot(
            tmp_path,
            telegram,
            freebox_url=f"http://127.0.0.1:{free_port()}",
            bot_owner_ids=frozenset({OWNER}),
        ),
    ):
        yield telegram
