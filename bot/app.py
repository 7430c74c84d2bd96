"""The composition root: builds every part, starts them in order, stops them in reverse."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.access.gate import AccessGate
from bot.box.enrichment import BoxEnricher
from bot.box.health import BoxHealth
from bot.box.lan_presence import PresenceWatcher
from bot.box.link import BoxLink
from bot.box.lost_database import LostDatabase, database_is_empty
from bot.box.public_url import unreachable_reason
from bot.box.registration import TargetRegistrar
from bot.box.watching import BoxWatcher
from bot.clock import Clock, LoopTimer, Timer
from bot.config import Settings
from bot.delivery.enrich import Enricher
from bot.delivery.render import Renderer
from bot.delivery.worker import OutboxWorker
from bot.log_redaction import keep_secret
from bot.periodic import Periodic, PeriodicLoop, run_once
from bot.storage.batch_writer import batch_writer_for
from bot.storage.database import create_engine, create_sessionmaker, private_directory
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import NotifEndpoint, utcnow
from bot.storage.notices import Notices
from bot.storage.outbox import OutboxSink, OutboxStore
from bot.storage.registry import SqlTargetRegistry, ensure_endpoint
from bot.telegram.aliases import alias_commands, answer_aliases
from bot.telegram.application import BotApplication, build_application
from bot.telegram.asking import ChatLanguages
from bot.telegram.buttons import Buttons
from bot.telegram.connection import TelegramConnection
from bot.telegram.downloads_follow import FollowedCompletions
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.features import build_features
from bot.telegram.menu import publish_menu
from bot.telegram.push_path import PushPathWatch
from bot.telegram.start import StartCommands
from bot.upkeep import ChatEnds, Upkeep
from freeboxos import MdnsBrowser
from notifserver import NotificationServer, create_app

log = logging.getLogger(__name__)

KEEP_MARKS_SECONDS = 2.0  # at stop, beside Telegram's and the notification server's


@dataclass(frozen=True)
class Running:
    """The parts of a started bot, all built: what `FreeboxBot.start()` makes."""

    sessions: async_sessionmaker[AsyncSession]
    link: BoxLink
    application: BotApplication
    registrar: TargetRegistrar
    push_path: PushPathWatch
    health: BoxHealth
    presence: PresenceWatcher
    watcher: BoxWatcher
    lost_database: LostDatabase
    gate: AccessGate
    upkeep: Upkeep
    commands: tuple[CommandInfo, ...]
    """Every command the features declare, with the role each needs."""
    ticks: tuple[Periodic, ...]
    """The periodic work of the features and of the box's parts (what `tick()` runs)."""
    notif_port: int


@dataclass(frozen=True)
class _Features:
    gate: AccessGate
    commands: tuple[CommandInfo, ...]
    ticks: tuple[Periodic, ...]


class FreeboxBot:
    """The whole product in one process: storage, notification server, delivery, Telegram."""

    def __init__(
        self,
        settings: Settings,
        *,
        enricher: Enricher | None = None,
        mdns: MdnsBrowser | None = None,
        clock: Clock = utcnow,
        timer: Timer | None = None,
        periodic_loop: bool = True,
    ) -> None:
        """`periodic_loop=False`: periodic work runs only when `tick()` is called (tests)."""
        self.settings = settings
        self.clock = clock
        self.timer: Timer = timer or LoopTimer()
        self._enricher = enricher
        self._mdns = mdns
        self._periodic_loop = periodic_loop
        self._running: Running | None = None
        self._stop_steps = AsyncExitStack()

    @property
    def running(self) -> Running:
        """The started parts; an error before `start()`."""
        if self._running is None:
            raise RuntimeError("FreeboxBot is not started: call start() first")
        return self._running

    async def start(self) -> None:
        """Migrate, then serve the box and connect to Telegram (in the background).

        A step that fails (a taken port) stops what the steps before it started.
        """
        if self._running is not None:
            raise RuntimeError("FreeboxBot.start() was already called")
        async with AsyncExitStack() as stop_steps:
            running = await self._start(stop_steps)
            self._stop_steps = stop_steps.pop_all()
        self._running = running

    async def _start(self, stop_steps: AsyncExitStack) -> Running:
        """Build and start every part, pushing on `stop_steps` how to stop it."""
        settings, clock = self.settings, self.clock
        token = settings.require_telegram_token()
        sessions, database_was_empty = await self._open_database(stop_steps, token)
        link = BoxLink(settings, mdns=self._mdns, clock=clock, timer=self.timer)
        stop_steps.push_async_callback(link.close)
        application = build_application(token, settings.telegram_api_url)
        push_path = PushPathWatch(
            application.bot, clock=clock, public_url=settings.notif_public_url
        )
        registrar = TargetRegistrar(
            sessions, link, settings.notif_public_url, clock=clock, waiter=push_path
        )
        chats = ChatEnds(sessions, registrar, clock)
        worker = OutboxWorker(
            store=OutboxStore(sessions, clock=clock),
            renderer=Renderer(
                self._enricher or BoxEnricher(link, sessions), settings.zone, clock=clock
            ),
            bot=application.bot,
            on_chat_gone=chats.gone,
            on_chat_moved=chats.moved,
            absorb=FollowedCompletions(sessions, application.bot).absorb,
            clock=clock,
            timer=self.timer,
        )
        notices = Notices(sessions, worker.wake, clock)
        owners = settings.bot_owner_ids
        health = BoxHealth(
            sessions=sessions,
            link=link,
            notices=notices,
            owners=owners,
            clock=clock,
            zone=settings.zone,
        )
        presence = PresenceWatcher(sessions=sessions, link=link, notices=notices, clock=clock)
        stop_steps.push_async_callback(presence.close)
        # Boxes that cannot push (below v11, targets refused): read the box instead.
        watcher = BoxWatcher(
            sessions=sessions, link=link, notices=notices, clock=clock, zone=settings.zone
        )
        lost_database = LostDatabase(
            sessions=sessions,
            link=link,
            notices=notices,
            owners=owners,
            public_url=settings.notif_public_url,
            clock=clock,
        )
        await lost_database.note_start(database_was_empty=database_was_empty)
        gate = AccessGate(sessions, owners, clock)
        languages = ChatLanguages(sessions)
        services = BotServices(
            sessions=sessions,
            link=link,
            registrar=registrar,
            buttons=Buttons(sessions, gate, clock=clock, languages=languages),
            gate=gate,
            owners=owners,
            zone=settings.zone,
            bot=application.bot,
            notices=notices,
            clock=clock,
            languages=languages,
            push_path=push_path,
            settings=settings,
        )
        features = _add_features(application, services, chats, presence)
        upkeep = Upkeep(
            sessions=sessions,
            link=link,
            registrar=registrar,
            lost_database=lost_database,
            worker=worker,
            public_url=settings.notif_public_url,
            clock=clock,
        )

        sink = OutboxSink(sessions, worker.wake, clock=clock, make_writer=batch_writer_for)
        stop_steps.push_async_callback(sink.close)
        registry = SqlTargetRegistry(sessions, clock=clock, on_registered=push_path.registered)
        notif_server = await self._serve_box(registry, sink)

        async def on_telegram_ready() -> None:
            worker.telegram_ready()
            await publish_menu(application.bot, features.commands, owners)

        telegram = TelegramConnection(application, on_ready=on_telegram_ready, timer=self.timer)
        worker_task = asyncio.create_task(worker.run(), name="outbox-worker")
        stop_steps.push_async_callback(
            _stop_side_by_side, telegram, worker_task, notif_server, watcher
        )
        stop_steps.push_async_callback(push_path.close)  # before Telegram stops
        telegram.start()

        ticks = (push_path.tick, health.check, presence.tick, watcher.tick)
        running = Running(
            sessions=sessions,
            link=link,
            application=application,
            registrar=registrar,
            push_path=push_path,
            health=health,
            presence=presence,
            watcher=watcher,
            lost_database=lost_database,
            gate=features.gate,
            upkeep=upkeep,
            commands=features.commands,
            ticks=(*(Periodic(tick) for tick in ticks), *features.ticks),
            notif_port=notif_server.port,
        )
        background = [
            asyncio.create_task(upkeep.check_registration()),
            # Watches from before a restart: open the box's event socket now, not in 15 s.
            asyncio.create_task(presence.tick()),
        ]
        if self._periodic_loop:
            loop = PeriodicLoop([*running.ticks, *upkeep.ticks], clock, self.timer)
            background.append(asyncio.create_task(loop.run(), name="periodic-work"))
        stop_steps.push_async_callback(_cancelled, *background)
        return running

    async def _open_database(
        self, stop_steps: AsyncExitStack, token: str
    ) -> tuple[async_sessionmaker[AsyncSession], bool]:
        """The database at head, with its endpoint secret; and whether it was empty."""
        private_directory(self.settings.data_dir)
        engine = create_engine(self.settings.sqlalchemy_url)
        stop_steps.push_async_callback(engine.dispose)
        await upgrade_to_head(engine)
        sessions = create_sessionmaker(engine)
        async with sessions.begin() as session:
            database_was_empty = await database_is_empty(session)
            await ensure_endpoint(session)
            keep_secret(token, *await session.scalars(select(NotifEndpoint.secret)))
        return sessions, database_was_empty

    async def _serve_box(self, registry: SqlTargetRegistry, sink: OutboxSink) -> NotificationServer:
        settings = self.settings
        prefix = urlsplit(settings.notif_public_url).path if settings.notif_public_url else ""
        app = create_app(
            registry=registry,
            sink=sink,
            path_prefix=prefix,
            max_body_bytes=settings.notif_max_body_bytes,
        )
        # Bounded connections and deadlines: the port may be open to the internet.
        server = NotificationServer(app, settings.notif_host, settings.notif_port)
        await server.start()
        public_url = settings.notif_public_url
        if public_url and (reason := unreachable_reason(public_url, settings.freebox_url)):
            log.warning(
                "NOTIF_PUBLIC_URL %s: %s; the box will not deliver notifications "
                "(set the address the box can reach, with the port published)",
                public_url,
                reason,
            )
        return server

    async def stop(self) -> None:
        """Stop in reverse order; undelivered notifications stay in the outbox."""
        await self._stop_steps.aclose()
        log.info("stopped")

    async def check_registration(self) -> None:
        """Re-create the targets the box lost, or that point at an old NOTIF_PUBLIC_URL."""
        await self.running.upkeep.check_registration()

    async def tick(self) -> None:
        """Run the periodic work of the features and of the box's parts, each once.

        The periodic loop runs each at its own interval; tests call this after moving
        the clock instead.
        """
        await run_once(self.running.ticks)


def _add_features(
    application: BotApplication,
    services: BotServices,
    chats: ChatEnds,
    presence: PresenceWatcher,
) -> _Features:
    """Every feature's handlers behind the gate; their commands and periodic work."""
    features = build_features(services, chats.gone, presence)
    declared = [c for f in features for c in f.commands]
    start = StartCommands(services, declared)
    features = [start, *features]
    commands = (*start.commands, *declared)
    gate = services.gate
    gate.require({c.name: c.role for c in [*commands, *alias_commands(commands)]})
    application.add_handler(gate.handler(), group=-1)
    for feature in features:
        feature.register(application)
    for handlers in application.handlers.values():
        answer_aliases(handlers)
    application.add_handler(services.buttons.handler())
    ticks = tuple(tick for feature in features for tick in feature.ticks)
    return _Features(gate, commands, ticks)


async def _stop_side_by_side(
    telegram: TelegramConnection,
    worker: asyncio.Task[None],
    notif_server: NotificationServer,
    watcher: BoxWatcher,
) -> None:
    """Both ends wait a little for work in progress, side by side: SIGTERM must end the
    process within 5 s (see STOP_STEP_SECONDS and notifserver.serving.SHUTDOWN_GRACE)."""

    async def stop_telegram() -> None:
        await telegram.stop()
        await _cancelled(worker)

    await asyncio.gather(stop_telegram(), notif_server.stop(), _keep_watch_marks(watcher))


async def _keep_watch_marks(watcher: BoxWatcher) -> None:
    """Mark the box's lists, so the next start catches up on what the box pushes while the
    bot is stopped (bot.box.watching.catch_up); within the stop's budget."""
    try:
        async with asyncio.timeout(KEEP_MARKS_SECONDS):
            await watcher.keep_marks()
    except Exception as exc:  # the stop goes on whatever the box does
        log.info("could not mark the box's lists at stop: %r", exc)


async def _cancelled(*tasks: asyncio.Task[Any]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
