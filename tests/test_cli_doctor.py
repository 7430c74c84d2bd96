"""`freebox-bot doctor` as a user runs it: a child process against the simulator, the fake
Telegram and the bot's database; exit 0 when every line is green, 1 on a ❌."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp.test_utils import TestServer

from bot.box.link import BoxLink
from bot.box.pairing import PairingUpdate, pair_with_box
from bot.config import Settings
from bot.storage.database import create_engine
from bot.storage.migrate import upgrade_to_head
from freeboxos.simulator import SimulatorState, create_simulator_app
from tests.fakes import FakeTelegram
from tests.process import child_env


@dataclass
class Setup:
    box: SimulatorState
    env: dict[str, str]
    workdir: Path


async def _ignore(_update: PairingUpdate) -> None:
    return None


@asynccontextmanager
async def paired_setup(tmp_path: Path, *, migrated: bool = True) -> AsyncIterator[Setup]:
    """A simulator the data directory is paired with, a migrated database, a fake Telegram."""
    box = SimulatorState(auto_approve=True)
    box.auth.default_permissions.update({p: True for p in box.auth.default_permissions})
    async with (
        TestServer(create_simulator_app(box), host="127.0.0.1") as server,
        FakeTelegram() as telegram,
    ):
        env = {
            "FREEBOX_URL": str(server.make_url("")).rstrip("/"),
            "DATA_DIR": str(tmp_path / "data"),
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_URL": telegram.url,
            "NOTIF_PUBLIC_URL": "http://127.0.0.1:8080",
        }
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            freebox_url=env["FREEBOX_URL"],
            data_dir=Path(env["DATA_DIR"]),
        )
        link = BoxLink(settings)
        try:
            result = await pair_with_box(link, _ignore, poll_interval=0.01)
        finally:
            await link.close()
        assert result.status.value == "granted", result
        if migrated:
            engine = create_engine(settings.sqlalchemy_url)
            try:
                await upgrade_to_head(engine)
            finally:
                await engine.dispose()
        try:
            yield Setup(box, env, tmp_path)
        finally:
            await box.aclose()


async def _doctor(setup: Setup) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "doctor"],
        cwd=setup.workdir,
        env=child_env(setup.env, path="/usr/bin:/bin"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_all_green_exits_0(tmp_path: Path) -> None:
    async with paired_setup(tmp_path) as setup:
        result = await _doctor(setup)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "❌" not in result.stdout
        assert "✅ Logged in to the Freebox." in result.stdout
        assert "✅ Telegram answers (@" in result.stdout
        assert "✅ Database reachable, migrations at head" in result.stdout


async def test_a_revoked_app_exits_1_naming_the_fix(tmp_path: Path) -> None:
    async with paired_setup(tmp_path) as setup:
        [app_id] = setup.box.auth.apps
        setup.box.revoke(app_id)
        result = await _doctor(setup)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "❌ The Freebox revoked the bot's access" in result.stdout
        assert "run /pair again" in result.stdout
        assert "✅ Telegram answers (@" in result.stdout, "the rest of the report still shows"


async def test_a_database_never_migrated_exits_1(tmp_path: Path) -> None:
    async with paired_setup(tmp_path, migrated=False) as setup:
        result = await _doctor(setup)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "❌ The database is not at the latest migration" in result.stdout
        assert "freebox-bot run" in result.stdout
        assert "✅ Logged in to the Freebox." in result.stdout
