"""SIGTERM stops the process within 5 s whatever it is waiting for.

A service manager sends SIGTERM and, after its own grace period, SIGKILL: a bot that
hangs on stop loses what it was doing. Each test runs `freebox-bot run` as a child
process and stops it while something is outstanding.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.models import NotifEndpoint
from freeboxos.simulator import SimulatorState, create_simulator_app
from freeboxos.token_file import TOKEN_FILE_NAME
from tests.fakes import FakeTelegram
from tests.process import BotProcess, free_port

OWNER = 1001
STOP_DEADLINE = 5.0
PENDING = "👉 Allez devant la Freebox"
INTERRUPTED = "⏹ Le bot s'est arrêté pendant l'association. Relancez /pair quand il sera de retour."


def bot_env(telegram_url: str, token: str, box_url: str) -> dict[str, str]:
    port = free_port()
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_URL": telegram_url,
        "NOTIF_HOST": "127.0.0.1",
        "NOTIF_PORT": str(port),
        "NOTIF_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "BOT_OWNER_IDS": str(OWNER),
        "FREEBOX_URL": box_url,
    }


@asynccontextmanager
async def a_box(*, auto_approve: bool) -> AsyncIterator[tuple[SimulatorState, str]]:
    """The simulator; without `auto_approve`, pairing waits for the front panel."""
    box = SimulatorState(auto_approve=auto_approve)
    async with TestServer(create_simulator_app(box), host="127.0.0.1") as server:
        try:
            yield box, str(server.make_url("")).rstrip("/")
        finally:
            await box.aclose()


async def stops_in_time(process: BotProcess) -> None:
    """SIGTERM, then the exit code 0 within the deadline (else the log tells why)."""
    try:
        code = await process.stop(timeout=STOP_DEADLINE)
    except TimeoutError:
        await process.kill()
        raise AssertionError(
            f"still running {STOP_DEADLINE} s after SIGTERM:\n{process.log}"
        ) from None
    assert code == 0, process.log


async def test_sigterm_while_a_pairing_waits_for_the_front_panel(tmp_path: Path) -> None:
    async with a_box(auto_approve=False) as (box, box_url), FakeTelegram() as telegram:
        process = BotProcess(tmp_path, bot_env(telegram.url, telegram.token, box_url))
        await process.start()
        await process.wait_healthy()
        await telegram.wait_for_call("setMyCommands", timeout=20)

        telegram.push_message(OWNER, OWNER, "/pair")
        [progress] = await telegram.wait_for_messages(OWNER, 1, timeout=20)
        await telegram.wait_for(lambda: PENDING in progress.visible_text, timeout=20)
        assert box.requests_to("login/authorize", "POST")

        await stops_in_time(process)
        assert progress.visible_text == INTERRUPTED, "the owner knows to pair again"
        assert not (tmp_path / "data" / TOKEN_FILE_NAME).exists(), (
            "a token never granted is dropped"
        )


async def test_sigterm_while_telegram_is_unreachable(tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    async with a_box(auto_approve=True) as (_box, box_url):
        process = BotProcess(
            tmp_path, bot_env(nowhere, "123:unreachable-token-thirty-five-chars", box_url)
        )
        await process.start()
        await process.wait_healthy()
        await process.wait_for_log("Telegram is unreachable")

        await stops_in_time(process)


async def test_sigterm_while_the_box_is_unplugged(tmp_path: Path) -> None:
    async with a_box(auto_approve=False) as (box, box_url), FakeTelegram() as telegram:
        process = BotProcess(tmp_path, bot_env(telegram.url, telegram.token, box_url))
        await process.start()
        await process.wait_healthy()
        await telegram.wait_for_call("setMyCommands", timeout=20)
        await box.unplug()

        telegram.push_message(OWNER, OWNER, "/pair")
        await telegram.wait_for_messages(OWNER, 1, timeout=20)

        await stops_in_time(process)


async def test_sigterm_while_a_command_waits_for_a_box_that_does_not_answer(
    tmp_path: Path,
) -> None:
    async with a_box(auto_approve=True) as (box, box_url), FakeTelegram() as telegram:
        process = BotProcess(tmp_path, bot_env(telegram.url, telegram.token, box_url))
        await process.start()
        await process.wait_healthy()
        await telegram.wait_for_call("setMyCommands", timeout=20)
        telegram.push_message(OWNER, OWNER, "/pair")
        await telegram.wait_for_messages(OWNER, 2, timeout=20)  # progress, notifications on

        box.hold("system")
        telegram.push_message(OWNER, OWNER, "/status")
        async with asyncio.timeout(20):
            await box.wait_until(lambda: box.held)

        await stops_in_time(process)


async def test_sigterm_while_a_push_is_half_received(tmp_path: Path) -> None:
    async with a_box(auto_approve=True) as (_box, box_url), FakeTelegram() as telegram:
        env = bot_env(telegram.url, telegram.token, box_url)
        process = BotProcess(tmp_path, env)
        await process.start()
        await process.wait_healthy()
        secret = await endpoint_secret(tmp_path / "data")

        # A client that announces a body and sends only its first byte, then waits.
        _reader, writer = await asyncio.open_connection("127.0.0.1", int(env["NOTIF_PORT"]))
        head = (
            f"POST /{secret}/send HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n{"
        )
        writer.write(head.encode())
        await writer.drain()
        try:
            await stops_in_time(process)
        finally:
            writer.close()


async def endpoint_secret(data_dir: Path) -> str:
    """The api_url secret, read from the process's own database."""
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'freebox-bot.db'}")
    try:
        async with create_sessionmaker(engine)() as session:
            return (await session.scalars(select(NotifEndpoint.secret))).one()
    finally:
        await engine.dispose()
