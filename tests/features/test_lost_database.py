"""The database deleted while DATA_DIR keeps the box's app token: said, cleaned up, told.

Before, the bot started silently with a new secret and the box's every push got 404.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.box.lost_database import STATE_KEY
from bot.storage.models import BotState
from freeboxos.simulator import SimulatorState
from freeboxos.simulator.notify import NotificationTarget
from tests.fakes import FakeTelegram
from tests.features.household import FAMILY_GROUP, OWNER, box_and_telegram, pair
from tests.harness import RunningBot, running_bot
from tests.process import free_port


@asynccontextmanager
async def _bot(
    tmp_path: Path, box_url: str, telegram: FakeTelegram, port: int
) -> AsyncIterator[RunningBot]:
    """The bot at the same NOTIF_PUBLIC_URL on every start, as an installed one is."""
    async with running_bot(
        tmp_path,
        telegram,
        freebox_url=box_url,
        bot_owner_ids=frozenset({OWNER}),
        notif_port=port,
        notif_public_url=f"http://127.0.0.1:{port}",
    ) as running:
        yield running


def _delete_database(tmp_path: Path) -> None:
    for path in (tmp_path / "data").glob("freebox-bot.db*"):
        path.unlink()


def _someone_elses_target(box: SimulatorState) -> NotificationTarget:
    """A target another app made on the box, pushing elsewhere: never ours to remove."""
    target = NotificationTarget(
        id="phone-app",
        name="Phone app",
        type="android",
        api_url="https://push.example.net/abc",
        token="not-ours",
        subscriptions=["phone"],
    )
    box.targets[target.id] = target
    return target


async def _check_over(running: RunningBot) -> bool | None:
    async with running.bot.running.sessions() as session:
        return True if await session.get(BotState, STATE_KEY) is None else None


async def _targets_to(box: SimulatorState, running: RunningBot, *chats: int) -> None:
    for chat in chats:
        await running.bind_chat_through_box(chat)
    await box.wait_idle()
    assert len(box.targets) == len(chats)


async def test_a_lost_database_is_said_its_targets_removed_and_owners_told(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two chats had targets; the database file goes; the next start finds them orphaned."""
    port = free_port()
    async with box_and_telegram() as (box, url, telegram):
        async with _bot(tmp_path, url, telegram, port) as running:
            await pair(running)
            await _targets_to(box, running, OWNER, FAMILY_GROUP)
        unrelated = _someone_elses_target(box)
        _delete_database(tmp_path)
        assert (tmp_path / "data" / "freebox_token.enc").exists(), "the pairing survived"

        with caplog.at_level(logging.INFO, logger="bot"):
            async with _bot(tmp_path, url, telegram, port) as running:
                [notice] = await telegram.wait_for_messages(OWNER, 1, timeout=15)

    assert list(box.targets) == [unrelated.id], "only the targets of the lost secret go"
    assert "Ma base de données a été perdue" in notice.visible_text
    assert "2 cibles de notification" in notice.visible_text
    assert "/notifications" in notice.visible_text
    warnings = [r for r in caplog.records if "database was lost" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING


async def test_a_first_start_after_pairing_alarms_nobody(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Pairing before the database exists (`freebox-bot pair`) is no lost database."""
    port = free_port()
    async with box_and_telegram() as (box, url, telegram):
        async with _bot(tmp_path, url, telegram, port) as running:
            await pair(running)  # and no chat asked for notifications yet
        _delete_database(tmp_path)
        unrelated = _someone_elses_target(box)

        with caplog.at_level(logging.INFO, logger="bot"):
            async with _bot(tmp_path, url, telegram, port) as running:
                await running.bot.check_registration()
                assert await _check_over(running)
                await running.bot.tick()

    assert list(box.targets) == [unrelated.id]
    assert telegram.unseen_messages(OWNER) == []
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in said if "lost" in m], said
