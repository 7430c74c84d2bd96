"""`freebox-bot run | pair | simulate`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from bot.app import FreeboxBot
from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("bot")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="freebox-bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot and the notification server")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run":
            settings.require_telegram_token()
    except ConfigError as exc:
        print(f"freebox-bot: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)
    return asyncio.run(run(settings))


def configure_logging(settings: Settings) -> None:
    """One readable line per event; never the bot token (httpx logs request URLs at INFO)."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


async def run(settings: Settings) -> int:
    """Run until SIGTERM or SIGINT, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    bot = FreeboxBot(settings)
    try:
        await bot.start()
        log.info("freebox-bot is running; stop it with Ctrl-C or SIGTERM")
        await stop.wait()
        log.info("stopping")
    finally:
        await bot.stop()
    return 0
