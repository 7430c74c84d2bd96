"""An outage of Telegram reads as one line in the log, whatever the outbox retries meanwhile."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.fakes import FakeTelegram
from tests.harness import ManualClock, running_bot


async def test_retried_sends_say_the_outage_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.delivery.worker")
    clock = ManualClock()
    async with (
        FakeTelegram() as telegram,
        running_bot(tmp_path, telegram, clock=clock, timer=clock) as bot,
    ):
        await bot.bind(10, "dev-a")
        telegram.fail_next(4, status=502)
        await bot.push(["dev-a"], {"type": "downloader", "data": 7, "event": "task_done"})
        for backoff in (1, 2, 4, 8):
            await clock.advance_when_sleeping(backoff)
        await telegram.wait_for(lambda: telegram.messages(10), timeout=10)

    said = [
        record
        for record in caplog.records
        if record.name == "bot.delivery.worker" and "Telegram unreachable" in record.message
    ]
    assert len(said) == 4, "each retry is still there for DEBUG readers"
    assert [r.levelno for r in said if r.levelno >= logging.INFO] == [logging.WARNING]
