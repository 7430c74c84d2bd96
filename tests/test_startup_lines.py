"""What an operator reads when `freebox-bot run` cannot start, or runs half useful.

Each start-up problem is one line naming what to fix; the log says once that Telegram
went away and once that it is back, and Alembic does not narrate its plugins.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.fakes import FakeTelegram
from tests.process import BotProcess, child_env, free_port

OWNER = 1001


def _run(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env=child_env(env, path="/usr/bin:/bin"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _bot_env(telegram_url: str, token: str, **more: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_URL": telegram_url,
        "NOTIF_HOST": "127.0.0.1",
        "NOTIF_PORT": str(free_port()),
        **more,
    }


def test_the_readme_placeholder_token_stops_with_one_line(tmp_path: Path) -> None:
    """The README writes `TELEGRAM_BOT_TOKEN=123456:ABC…`: retried forever, it looked alive."""
    result = _run({"TELEGRAM_BOT_TOKEN": "123456:ABC…", "BOT_OWNER_IDS": "1"}, tmp_path)

    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("freebox-bot: configuration error: TELEGRAM_BOT_TOKEN:")
    assert "123456:ABC" not in line, "a token, even a wrong one, is not echoed"
    assert not (tmp_path / "data").exists()


def test_notification_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = _bot_env(f"http://127.0.0.1:{free_port()}", FakeTelegram().token)
        result = _run({**env, "NOTIF_PORT": str(port), "BOT_OWNER_IDS": "1"}, tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("freebox-bot: NOTIF_PORT:"), result.stderr
    assert f"port {port}" in last and "already in use" in last


async def test_no_owner_is_said_at_start(tmp_path: Path) -> None:
    async with FakeTelegram() as telegram:
        bot = BotProcess(tmp_path, _bot_env(telegram.url, telegram.token))
        await bot.start()
        try:
            await bot.wait_for_log("connected to Telegram")
            warnings = [line for line in bot.log.splitlines() if "BOT_OWNER_IDS" in line]
            assert len(warnings) == 1, bot.log
            assert "WARNING" in warnings[0] and "nobody" in warnings[0]
        finally:
            assert await bot.stop() == 0


async def test_owners_set_no_warning_and_no_alembic_chatter(tmp_path: Path) -> None:
    async with FakeTelegram() as telegram:
        env = _bot_env(telegram.url, telegram.token, BOT_OWNER_IDS=str(OWNER))
        bot = BotProcess(tmp_path, env)
        await bot.start()
        try:
            await bot.wait_for_log("connected to Telegram")
        finally:
            assert await bot.stop() == 0
    assert "BOT_OWNER_IDS" not in bot.log
    assert "database schema upgraded to" in bot.log, "the first start says it made the schema"
    assert "alembic" not in bot.log, bot.log


async def test_a_second_instance_with_the_same_token_is_one_error_line(tmp_path: Path) -> None:
    """Telegram answers 409 Conflict to both pollers, turn by turn, for as long as both run."""
    async with FakeTelegram() as telegram:
        bots = [
            BotProcess(
                tmp_path / name,
                _bot_env(telegram.url, telegram.token, BOT_OWNER_IDS=str(OWNER)),
            )
            for name in ("first", "second")
        ]
        for bot in bots:
            bot.workdir.mkdir()
            await bot.start()
        try:

            def conflicts() -> bool:
                refused = [
                    c for c in telegram.calls if c.method == "getUpdates" and c.status == 409
                ]
                return len(refused) >= 6

            await telegram.wait_for(conflicts, timeout=30)
            for bot in bots:
                await bot.wait_for_log("409 Conflict")
        finally:
            for bot in bots:
                assert await bot.stop() == 0
    for bot in bots:
        lines = [line for line in bot.log.splitlines() if "Conflict" in line]
        assert len(lines) == 1, bot.log
        assert "ERROR" in lines[0] and "TELEGRAM_BOT_TOKEN" in lines[0]
        assert "Traceback" not in bot.log


async def test_telegram_going_away_and_back_is_two_lines(tmp_path: Path) -> None:
    async with FakeTelegram() as telegram:
        env = _bot_env(telegram.url, telegram.token, BOT_OWNER_IDS=str(OWNER))
        bot = BotProcess(tmp_path, env, quick=True)
        await bot.start()
        try:
            await bot.wait_for_log("connected to Telegram")
            await telegram.wait_for(lambda: telegram.calls_to("getUpdates"), timeout=10)
            # Telegram's front answers 502 to every call, five times over (the poll in
            # progress first).
            telegram.fail_next(5, 502, methods="all")
            await telegram.wait_for(lambda: not telegram.pending_failures, timeout=60)
            await bot.wait_for_log("Telegram is back", timeout=30)
        finally:
            assert await bot.stop() == 0
    away = [line for line in bot.log.splitlines() if "Telegram went away" in line]
    assert len(away) == 1, bot.log
    assert "Traceback" not in bot.log
