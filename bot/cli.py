"""`freebox-bot run | pair | doctor | simulate`."""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TextIO

from bot.app import FreeboxBot
from bot.clock import Timer
from bot.config import ConfigError, Settings, load_settings
from bot.log_redaction import protect

log = logging.getLogger("bot")


def set_ptb_options() -> None:
    """Opt in to python-telegram-bot's timedelta `retry_after` now (our code reads both
    forms), which also skips its deprecation warning. PTB reads it from the environment:
    the process entry sets it, once, before anything is built."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def main(argv: Sequence[str] | None = None, *, timer: Timer | None = None) -> int:
    """Entry point of the console script; returns the process exit code.

    `timer` is where `run` measures its delays (the event loop's unless a test injects one).
    """
    set_ptb_options()
    args = _parser().parse_args(argv)
    if args.command == "simulate":
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        return _until_signal(lambda: _simulate(args))
    try:
        settings = load_settings()
        if args.command == "run":
            settings.require_telegram_token()
    except ConfigError as exc:
        print(f"freebox-bot: configuration error: {exc}", file=sys.stderr)
        return 2
    # DATA_DIR, the database, its -wal and -shm: private from the moment they are created.
    os.umask(0o077)
    configure_logging(settings)
    if args.command == "pair":
        return asyncio.run(pair(settings))
    if args.command == "doctor":
        return asyncio.run(doctor(settings))
    warn_about_settings(settings)
    return _until_signal(lambda: run(settings, timer))


def warn_about_settings(settings: Settings) -> None:
    """One line for each setting that leaves the bot running but half useful."""
    if not settings.bot_owner_ids:
        log.warning(
            "BOT_OWNER_IDS is not set: nobody owns the bot, so nobody can pair it with the "
            "box or invite anyone; set it to your Telegram user id (ask @userinfobot)"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="freebox-bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot and the notification server")
    commands.add_parser("pair", help="pair with the box (approve on its front panel)")
    commands.add_parser(
        "doctor", help="check the box, the push path, Telegram and the database (exit 1 on ❌)"
    )
    simulate = commands.add_parser("simulate", help="run the built-in box simulator")
    simulate.add_argument("--host", default="127.0.0.1", help="address to listen on")
    simulate.add_argument("--port", type=int, default=8090, help="port (0: any free port)")
    simulate.add_argument("--auto-approve", action="store_true", help="approve pairing at once")
    simulate.add_argument("--demo", action="store_true", help="push random events on a timer")
    simulate.add_argument("--demo-interval", type=float, default=20.0, help="seconds")
    simulate.add_argument(
        "--control-port",
        type=int,
        default=8091,
        help="loopback port of the console, for --console (0: any free port)",
    )
    simulate.add_argument(
        "--console",
        action="store_true",
        help="attach to a running simulator's console (approve, call, alarm, help...)",
    )
    simulate.add_argument(
        "--api-version",
        type=_api_version,
        default=None,
        help="the API version the box plays, e.g. 12.1 (default: the newest, 15.0)",
    )
    simulate.add_argument(
        "--local-pairing-only",
        action="store_true",
        help="refuse pairing (denied_from_external_ip) sent to a name other than an IP address "
        "or mafreebox.freebox.fr, as a box reached from outside does",
    )
    simulate.add_argument(
        "--ratelimited", action="store_true", help="refuse every login with ratelimited"
    )
    targets = simulate.add_argument_group("how the box treats notification targets")
    targets.add_argument("--push-box-id", help="box_id sent to notification servers (not the uid)")
    targets.add_argument(
        "--put-replaces", action="store_true", help="a PUT loses the fields it does not carry"
    )
    targets.add_argument(
        "--drop-unknown-subscriptions",
        action="store_true",
        help="drop unknown subscription names silently instead of refusing them",
    )
    targets.add_argument(
        "--normalise-api-url", action="store_true", help="store and show api_url normalised"
    )
    targets.add_argument(
        "--no-register", action="store_true", help="never call /register (an unreachable URL)"
    )
    return parser


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LOGGERS = ("httpx", "httpcore", "apscheduler", "aiosqlite")
"""Chatty at INFO/DEBUG (httpx logs each Bot API URL, aiosqlite each query with its values)."""


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """One readable line per event, on stderr, with every known secret hidden.

    The redactor knows the bot token from here on; the bot adds the endpoint secrets and
    the app token as it reads or makes them (`bot.log_redaction.keep_secret`).
    """
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    protect(handler, settings.telegram_bot_token)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler


def _until_signal(work: Callable[[], Awaitable[int]]) -> int:
    """Run `work` until it ends, or until SIGTERM/SIGINT cancels it cleanly."""

    async def supervise() -> int:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(work())
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, task.cancel)
        try:
            return await task
        except asyncio.CancelledError:
            return 0

    return asyncio.run(supervise())


async def run(settings: Settings, timer: Timer | None = None) -> int:
    """The whole product, until cancelled; then stop cleanly."""
    bot = FreeboxBot(settings, timer=timer)
    port_taken = False
    try:
        await bot.start()
        log.info("freebox-bot is running; stop it with Ctrl-C or SIGTERM")
        await asyncio.Event().wait()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        port_taken = True
    finally:
        log.info("stopping")
        await bot.stop()
    if port_taken:
        # Only the notification server listens: its port is taken, often by a first bot.
        print(
            f"freebox-bot: NOTIF_PORT: port {settings.notif_port} on {settings.notif_host} is "
            "already in use (another freebox-bot still running?); stop it or choose another "
            "NOTIF_PORT",
            file=sys.stderr,
            flush=True,
        )
        return 2
    return 0


async def pair(settings: Settings) -> int:
    """Headless pairing: print each step; 0 when the box granted access."""
    from bot.box.link import BoxLink
    from bot.box.pairing import PairingStatus, PairingUpdate, pair_with_box
    from bot.telegram.pairing import describe_pairing

    async def show(update: PairingUpdate) -> None:
        text = describe_pairing("en", update).replace("<b>", "").replace("</b>", "")
        print(text, flush=True)

    link = BoxLink(settings)
    try:
        result = await pair_with_box(link, show)
    finally:
        await link.close()
    if result.status is PairingStatus.GRANTED:
        print("The token is stored encrypted in DATA_DIR; now run `freebox-bot run`.")
        return 0
    return 1


async def doctor(settings: Settings) -> int:
    """The /doctor report, without running the bot: 0 when no line is ❌.

    It reads the database as it is (no migration), the box through the stored token, and
    asks Telegram's getMe; nothing polls Telegram, so a running bot is not disturbed.
    """
    from telegram import Bot

    from bot.box.link import BoxLink
    from bot.doctor.context import DoctorContext
    from bot.doctor.run import examine
    from bot.i18n import translate
    from bot.storage.database import create_engine, create_sessionmaker
    from bot.storage.models import utcnow

    async def telegram_name() -> str:
        token = settings.require_telegram_token()
        async with Bot(token, base_url=f"{settings.telegram_api_url}/bot") as bot:
            return (await bot.get_me()).username or "?"

    engine = create_engine(settings.sqlalchemy_url)
    link = BoxLink(settings)
    try:
        report = await examine(
            DoctorContext(
                sessions=create_sessionmaker(engine),
                link=link,
                public_url=settings.notif_public_url,
                freebox_url=settings.freebox_url,
                telegram_name=telegram_name,
                clock=utcnow,
                zone=settings.zone,
            )
        )
    finally:
        await link.close()
        await engine.dispose()
    print(translate("en", "doctor-title").replace("🩺 ", ""), flush=True)
    print(report.render("en"), flush=True)
    return 0 if report.healthy else 1


def _api_version(text: str) -> str:
    """ "12" or "12.1" as the box writes it ("12.0", "12.1")."""
    major, _, minor = text.strip().partition(".")
    if not major.isdigit() or not (minor or "0").isdigit() or not 1 <= int(major) <= 15:
        raise argparse.ArgumentTypeError(f"not an API version from 1 to 15: {text!r}")
    return f"{int(major)}.{int(minor or 0)}"


async def _simulate(args: argparse.Namespace) -> int:
    from freeboxos.simulator.runner import attach_console, run_simulator
    from freeboxos.simulator.state import API_VERSION

    if args.console:
        return await attach_console(args.control_port)
    await run_simulator(
        args.host,
        args.port,
        auto_approve=args.auto_approve,
        demo=args.demo,
        demo_interval=args.demo_interval,
        api_version=args.api_version or API_VERSION,
        local_pairing_only=args.local_pairing_only,
        ratelimited=args.ratelimited,
        push_box_id=args.push_box_id,
        put_replaces=args.put_replaces,
        drop_unknown_subscriptions=args.drop_unknown_subscriptions,
        normalises_api_url=args.normalise_api_url,
        calls_register=not args.no_register,
        control_port=args.control_port,
    )
    return 0
