"""`freebox-bot run` as a user starts it: clear configuration errors, clean start and stop."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.process import BotProcess, child_env, free_port


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


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "1:x", "BOT_OWNER_IDS": "abc"}, "BOT_OWNER_IDS"),
        ({"TELEGRAM_BOT_TOKEN": "1:x", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"TELEGRAM_BOT_TOKEN": "1:x", "DATABASE_URL": "mysql://h/db"}, "DATABASE_URL"),
        ({"TELEGRAM_BOT_TOKEN": "1:x", "NOTIF_PORT": "eighty"}, "NOTIF_PORT"),
        ({"TELEGRAM_BOT_TOKEN": "1:x", "NOTIF_PUBLIC_URL": "box.lan"}, "NOTIF_PUBLIC_URL"),
        ({"TELEGRAM_BOT_TOKEN": "1:x", "LOG_LEVEL": "loud"}, "LOG_LEVEL"),
    ],
)
def test_bad_configuration_stops_with_one_line_naming_the_variable(
    env: dict[str, str], variable: str, tmp_path: Path
) -> None:
    result = _run(env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists(), "nothing is created before the settings are valid"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=1:x\nBOT_OWNER_IDS=12,abc\n")
    result = _run({}, tmp_path)
    assert result.returncode == 2
    assert "BOT_OWNER_IDS" in result.stderr


async def test_starts_in_an_empty_directory_and_stops_on_sigterm(tmp_path: Path) -> None:
    """Telegram unreachable (nothing listens on its port): the server still serves the box."""
    env = {
        "TELEGRAM_BOT_TOKEN": "123:secret-token-of-thirty-five-chars-x",
        "TELEGRAM_API_URL": f"http://127.0.0.1:{free_port()}",
        "NOTIF_HOST": "127.0.0.1",
        "NOTIF_PORT": str(free_port()),
    }
    bot = BotProcess(tmp_path, env)
    await bot.start()
    await bot.wait_healthy()
    assert (tmp_path / "data" / "freebox-bot.db").is_file()
    await bot.wait_for_log("Telegram is unreachable")
    assert await bot.stop(signal.SIGTERM) == 0
    assert "stopped" in bot.log
    assert "secret-token" not in bot.log, "the bot token must never be logged"
    assert "Traceback" not in bot.log


async def test_headless_pairing_against_the_simulator_command(tmp_path: Path) -> None:
    """`freebox-bot simulate --auto-approve`, then `freebox-bot pair` pointed at it."""
    port = free_port()
    simulator = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "simulate",
        "--port",
        str(port),
        "--auto-approve",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert simulator.stdout is not None
        async with asyncio.timeout(20):
            banner = (await simulator.stdout.readline()).decode()
        assert f"http://127.0.0.1:{port}" in banner
        env = {"FREEBOX_URL": f"http://127.0.0.1:{port}", "DATA_DIR": str(tmp_path / "data")}
        result = await asyncio.to_thread(_pair, env, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Paired with" in result.stdout
        assert "Control the Freebox Player" not in result.stdout, "player is granted by default"
        assert "Modify Freebox settings" not in result.stdout, (
            "--auto-approve grants every permission: the tour's /guest needs settings"
        )
        token_file = tmp_path / "data" / "freebox_token.enc"
        assert token_file.stat().st_mode & 0o777 == 0o600
    finally:
        simulator.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            assert await simulator.wait() == 0


def _pair(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "pair"],
        cwd=cwd,
        env=child_env(env, path="/usr/bin:/bin"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
