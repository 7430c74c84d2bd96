"""Someone who reads the log at LOG_LEVEL=DEBUG finds no key to the house in it.

The secrets: the bot token (python-telegram-bot logs the Bot API URL), the api_url secret
segment (aiohttp's server logs request paths), the box's app token, an alarm PIN (the
DEBUG dump of updates holds the PIN message in full). The log is the one `freebox-bot run`
writes: the root handler and filters `configure_logging` installs.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.cli import QUIET_LOGGERS, configure_logging
from bot.config import Settings
from bot.log_redaction import HIDDEN, SecretRedactor
from bot.storage.models import NotifEndpoint
from freeboxos.simulator import SimulatorState, create_simulator_app
from tests.fakes import FakeTelegram
from tests.fakes.telegram_api import DEFAULT_TOKEN
from tests.features.household import MEMBER, OWNER, Household, household
from tests.process import BotProcess, free_port

PIN = "739154"
ALARM, PIN_SLOT = 7, 5  # the simulator's alarm node, and its slot that sets the PIN


@contextmanager
def log_of_a_run(level: str = "DEBUG") -> Iterator[io.StringIO]:
    """What `freebox-bot run` would write to stderr at `level`, for the length of the block."""
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", *QUIET_LOGGERS)}
    stream = io.StringIO()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=DEFAULT_TOKEN, log_level=level
    )
    handler = configure_logging(settings, stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        for name, previous in levels.items():
            logging.getLogger(name).setLevel(previous)


async def _secrets_of(home: Household) -> dict[str, str]:
    bot = home.running.bot
    async with bot.running.sessions() as session:
        endpoint_secrets = list(await session.scalars(select(NotifEndpoint.secret)))
    credentials = await bot.running.link.token_store.load()
    assert credentials is not None
    return {
        "bot token": DEFAULT_TOKEN,
        "app token": credentials.app_token,
        "alarm PIN": PIN,
        **{f"endpoint secret {i}": s for i, s in enumerate(endpoint_secrets)},
    }


async def _disarm_with_the_pin(home: Household) -> None:
    home.box.home.set_value(ALARM, PIN_SLOT, PIN)
    home.box.home.arm("alarm1")
    [panel] = await home.say(MEMBER, "/alarm")
    home.telegram.mark_seen(MEMBER)
    await home.press(MEMBER, panel, "🔓 Désarmer")
    await home.telegram.wait_for_messages(MEMBER, 1)
    home.telegram.push_message(MEMBER, MEMBER, PIN)
    await home.telegram.wait_for(lambda: "a désarmé" in panel.visible_text)


async def _hostile_requests(home: Household) -> None:
    running = home.running
    api_url = await running.api_url()
    for body, headers in (
        (b"{not json", {"Content-Type": "application/json"}),
        (b"\x1f\x8b not gzip", {"Content-Type": "application/json", "Content-Encoding": "gzip"}),
    ):
        # Refused either way; a body that breaks the server's reader logs its path with the error.
        with suppress(aiohttp.ServerDisconnectedError):
            async with running.http.post(
                f"{api_url}/send", data=body, headers={**headers, "Connection": "close"}
            ) as resp:
                assert resp.status != 200
    async with running.http.post(f"{running.base}/not-the-secret/send", json={}) as resp:
        assert resp.status == 404


async def test_a_debug_run_logs_no_secret(tmp_path: Path) -> None:
    """Pairing, a target, a push, a PIN, bad bodies and a wrong secret, all at DEBUG."""
    with log_of_a_run("DEBUG") as log:
        async with household(tmp_path, log_level="DEBUG") as home:
            await home.running.bind_chat_through_box(OWNER)
            await home.box.wait_idle()
            await home.box.box_state("pub_up")
            await home.telegram.wait_for_messages(OWNER, 1)
            await _disarm_with_the_pin(home)
            await _hostile_requests(home)
            secrets = await _secrets_of(home)
            # Whatever logs a known secret later (a library, a new line) has it hidden too;
            # the PIN is not known to the bot: it is hidden where updates are dumped.
            known = [value for name, value in secrets.items() if name != "alarm PIN"]
            logging.getLogger("bot").error("every secret: %s", " | ".join(known))
    text = log.getvalue()
    assert "Processing update" in text, "the run really logged at DEBUG"
    assert HIDDEN in text, "secrets were produced, and hidden"
    for name, secret in secrets.items():
        assert secret not in text, f"the {name} is in the log"


def test_the_redactor_hides_secrets_in_arguments_and_tracebacks() -> None:
    """A secret reaching the log through a record's arguments or an exception's text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretRedactor(["s3cr3t-segment-value"]))
    log = logging.getLogger("tests.redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("POST /%s/send", "s3cr3t-segment-value")
        try:
            raise ValueError("bad path /s3cr3t-segment-value/send")
        except ValueError:
            log.exception("Error handling request")
        log.warning("update %s", {"message": {"text": "4321", "chat": 1}})
    finally:
        log.removeHandler(handler)
    text = stream.getvalue()
    assert "s3cr3t-segment-value" not in text
    assert "4321" not in text
    assert text.count(HIDDEN) == 4
    assert "ValueError: bad path /<hidden>/send" in text


async def test_the_log_of_freebox_bot_run_at_debug_holds_no_secret(tmp_path: Path) -> None:
    """The real process, as installed: /pair from Telegram, a push, a PIN-like message, a bad
    body and a wrong secret, with LOG_LEVEL=DEBUG."""
    box = SimulatorState(auto_approve=True)
    port = free_port()
    async with (
        TestServer(create_simulator_app(box), host="127.0.0.1") as box_server,
        FakeTelegram() as telegram,
    ):
        process = BotProcess(
            tmp_path,
            {
                "TELEGRAM_BOT_TOKEN": telegram.token,
                "TELEGRAM_API_URL": telegram.url,
                "FREEBOX_URL": str(box_server.make_url("")).rstrip("/"),
                "BOT_OWNER_IDS": str(OWNER),
                "NOTIF_HOST": "127.0.0.1",
                "NOTIF_PORT": str(port),
                "NOTIF_PUBLIC_URL": f"http://127.0.0.1:{port}",
                "LOG_LEVEL": "DEBUG",
            },
        )
        await process.start()
        try:
            await process.wait_healthy()
            await telegram.wait_for_call("setMyCommands", timeout=20)
            telegram.push_message(OWNER, OWNER, "/pair")
            await telegram.wait_for(lambda: bool(box.targets), timeout=20)
            await box.wait_idle()
            await box.box_state("pub_up")
            await telegram.wait_for(
                lambda: any(m.visible_text.startswith("🌐") for m in telegram.messages(OWNER)),
                timeout=20,
            )
            telegram.push_message(OWNER, OWNER, PIN)
            await process.wait_for_log(f"text='{HIDDEN}'")  # its update, dumped
            [target] = box.targets.values()
            async with aiohttp.ClientSession() as http:
                for url in (f"{target.api_url}/send", f"http://127.0.0.1:{port}/wrong/send"):
                    async with http.post(url, data=b"{not json") as resp:
                        assert resp.status in (400, 404)
        finally:
            assert await process.stop() == 0
            await box.aclose()
    [app] = box.auth.apps.values()
    secrets = {
        "bot token": telegram.token,
        "endpoint secret": target.api_url.rsplit("/", 1)[1],
        "app token": app.app_token,
        "alarm PIN": PIN,
    }
    text = process.log
    for name, secret in secrets.items():
        assert secret not in text, f"the {name} is in the log"
