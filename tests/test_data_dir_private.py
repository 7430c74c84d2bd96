"""DATA_DIR 0700 and every file in it 0600: the database, its -wal and -shm hold the endpoint
secret, registration tokens and unused invitations; the token files hold the key to the box.

The test process keeps its usual umask (022): the bot must not rely on `freebox-bot run`'s.
"""

from __future__ import annotations

import stat
from pathlib import Path

from tests.fakes import FakeTelegram
from tests.features.household import household
from tests.harness import running_bot

PRIVATE_FILE, PRIVATE_DIRECTORY = 0o600, 0o700


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(data: Path) -> dict[str, int]:
    return {path.name: _mode(path) for path in sorted(data.iterdir())}


async def test_data_dir_and_every_file_in_it_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with household(tmp_path) as home:  # paired: the token files are written too
        await home.running.bind_chat_through_box(1001)
        await home.box.wait_idle()
        files = _modes(data)
        assert _mode(data) == PRIVATE_DIRECTORY
    for name in ("freebox-bot.db", "freebox-bot.db-wal", "freebox-bot.db-shm"):
        assert name in files, files
    assert "freebox_token.enc" in files and "token.key" in files
    assert files == dict.fromkeys(files, PRIVATE_FILE)


async def test_files_left_open_by_an_older_version_are_made_private_at_start(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    async with FakeTelegram() as telegram:
        async with running_bot(tmp_path, telegram):
            pass
        data.chmod(0o755)
        (data / "freebox-bot.db-wal").touch()  # as a crash leaves it
        for path in data.iterdir():
            path.chmod(0o644)

        async with running_bot(tmp_path, telegram):
            assert _mode(data) == PRIVATE_DIRECTORY
            files = _modes(data)
    assert "freebox-bot.db-shm" in files
    assert files == dict.fromkeys(files, PRIVATE_FILE)
