"""The composition root: complete once started, and a failed start leaves nothing behind."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
from pathlib import Path

import pytest

from bot.app import FreeboxBot
from bot.config import Settings
from tests.process import free_port


def _settings(tmp_path: Path, notif_port: int) -> Settings:
    """Telegram nowhere (nothing listens there): the start does not wait for it."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token="123:secret-token-of-thirty-five-chars-x",
        telegram_api_url=f"http://127.0.0.1:{free_port()}",
        data_dir=tmp_path / "data",
        notif_host="127.0.0.1",
        notif_port=notif_port,
    )


def _open_files_under(directory: Path) -> list[str]:
    """The files of `directory` this process holds open (Linux)."""
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith(str(directory)):
            held.append(target)
    return held


def test_the_parts_are_not_there_before_start(tmp_path: Path) -> None:
    bot = FreeboxBot(_settings(tmp_path, 0))
    with pytest.raises(RuntimeError, match="not started"):
        bot.running  # noqa: B018


async def test_a_taken_port_fails_the_start_and_stops_what_it_had_started(
    tmp_path: Path,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        bot = FreeboxBot(_settings(tmp_path, taken.getsockname()[1]))
        with pytest.raises(OSError) as raised:
            await bot.start()
    assert raised.value.errno == errno.EADDRINUSE
    assert asyncio.all_tasks() == {asyncio.current_task()}, "no part left running"
    assert _open_files_under(tmp_path / "data") == [], "the database is closed"
    with pytest.raises(RuntimeError, match="not started"):
        bot.running  # noqa: B018
    await bot.stop()  # what the command line does after a failed start: nothing left to do
