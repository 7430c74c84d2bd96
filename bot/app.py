"""The composition root: builds every part, starts them in order, stops them in reverse."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.access.gate import AccessGate
from bot.box.enrichment import BoxEnricher
from bot.box.health import BoxHealth
from bot.box.lan_presence import PresenceWatcher
from bot.box.link import BoxLink
from bot.box.lost_database import LostDatabase, database_is_empty
from bot.box.public_url import unreachable_reason
from bot.box.registration import NotConfiguredError, TargetRegistrar
from bot.box.watching import BoxWatcher
from bot.clock import Clock, LoopTimer, Tick, Timer
from bot.config import Settings
from bot.delivery.enrich import Enricher
from bot.delivery.render import Renderer
from bot.delivery.worker import OutboxWorker
from bot.log_redaction import keep_secret
from bot.storage.batch_writer import batch_writer_for
from bot.storage.chats import mark_chat_gone, move_chat
from bot.storage.database import create_engine, create_sessionmaker, private_directory
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import ButtonAction, NotifEndpoint, OutboxMessage, OutboxStatus, utcnow
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
from freeboxos import FreeboxError, MdnsBrowser
from notifserver import NotificationServer, create_app

log = logging.getLogger(__name__)

KEEP_MARKS_SECONDS = 2.0  # at stop, beside Telegram's and the notification server's

SENT_RETENTION = timedelta(days=30)
TICK_SECONDS = 15
"""How often due schedules, debounced presence and expiring guest keys are looked at."""


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
        tick_every: float = TICK_SECONDS,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.timer: Timer = timer or LoopTimer()
        self._tick_every = tick_every
        self._ticks: list[Tick] = []
        self._enricher = enricher
        self._mdns = mdns
        self._background: list[asyncio.Task[None]] = []
        self.link: BoxLink | None = None
        self.health: BoxHealth | None = None
        self.presence: PresenceWatcher | None = None
        self.watcher: BoxWatcher | None = None
        self.registrar: TargetRegistrar | None = None
        self.push_path: PushPathWatch | None = None
        self.lost_database: LostDatabase | None = None
        self._engine: AsyncEngine | None = None
        self._notif_server: NotificationServer | None = None
        self._sink: OutboxSink | None = None
        self._worker_task: asyncio.Task[None] | None = None
        self._telegram: TelegramConnection | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.sessions: async_sessionmaker[AsyncSession] | None = None
        self.application: BotApplication | None = None
        self.gate: AccessGate | None = None
        self.notif_port: int | None = None
        self.commands: list[CommandInfo] = []
        """Every command the features declare (with the role each needs), once started."""

    async def start(self) -> None:
        """Migrate, then serve the box and connect to Telegram (in the background)."""
        settings = self.settings
        token = settings.require_telegram_token()
        private_directory(settings.data_dir)
        self._engine = create_engine(settings.sqlalchemy_url)
        await upgrade_to_head(self._engine)
        self.sessions = sessions = create_sessionmaker(self._engine)
        async with sessions.begin() as session:
            database_was_empty = await database_is_empty(session)
            await ensure_endpoint(session)
            keep_secret(token, *await session.scalars(select(NotifEndpoint.secret)))

        self.link = link = BoxLink(settings, mdns=self._mdns, clock=self.clock, timer=self.timer)
        self.application = application = build_application(token, settings.telegram_api_url)
        self.push_path = push_path = PushPathWatch(
            application.bot, clock=self.clock, public_url=settings.notif_public_url
        )
        self._ticks.append(push_path.tick)
        self.registrar = registrar = TargetRegistrar(
            sessions, link, settings.notif_public_url, clock=self.clock, waiter=push_path
        )
        self.scheduler = scheduler = AsyncIOScheduler(timezone=settings.zone)
        worker = OutboxWorker(
            store=OutboxStore(sessions, clock=self.clock),
            renderer=Renderer(
                self._enricher or BoxEnricher(link, sessions), settings.zone, clock=self.clock
            ),
            bot=application.bot,
            on_chat_gone=self.chat_gone,
            on_chat_moved=self.chat_moved,
            absorb=FollowedCompletions(sessions, application.bot).absorb,
            clock=self.clock,
            timer=self.timer,
        )
        notices = Notices(sessions, worker.wake, self.clock)
        self.health = BoxHealth(
            sessions=sessions,
            link=link,
            notices=notices,
            owners=settings.bot_owner_ids,
            clock=self.clock,
            zone=settings.zone,
        )
        self._ticks.append(self.health.check)
        self.presence = PresenceWatcher(
            sessions=sessions, link=link, notices=notices, clock=self.clock
        )
        self._ticks.append(self.presence.tick)
        # Boxes that cannot push (below v11, targets refused): read the box instead.
        self.watcher = BoxWatcher(
            sessions=sessions, link=link, notices=notices, clock=self.clock, zone=settings.zone
        )
        self._ticks.append(self.watcher.tick)
        self.lost_database = LostDatabase(
            sessions=sessions,
            link=link,
            notices=notices,
            owners=settings.bot_owner_ids,
            public_url=settings.notif_public_url,
            clock=self.clock,
        )
        await self.lost_database.note_start(database_was_empty=database_was_empty)
        commands = self._add_features(application, sessions, link, registrar, scheduler, notices)
        self.commands = commands
        self._worker_task = asyncio.create_task(worker.run(), name="outbox-worker")

        self._sink = OutboxSink(
            sessions, worker.wake, clock=self.clock, make_writer=batch_writer_for
        )
        registry = SqlTargetRegistry(sessions, clock=self.clock, on_registered=push_path.registered)
        await self._serve_box(registry, self._sink)

        async def on_telegram_ready() -> None:
            worker.telegram_ready()
            await publish_menu(application.bot, commands, settings.bot_owner_ids)

        self._telegram = TelegramConnection(
            application, on_ready=on_telegram_ready, timer=self.timer
        )
        self._telegram.start()

        scheduler.add_job(worker.wake, "interval", seconds=30, id="outbox-sweep")
        scheduler.add_job(self._prune, "interval", hours=24, id="prune")
        scheduler.add_job(self.check_registration, "interval", hours=1, id="box-registration")
        scheduler.add_job(self.tick, "interval", seconds=self._tick_every, id="tick")
        scheduler.start()
        self._background.append(asyncio.create_task(self.check_registration()))
        # Watches from before a restart: open the box's event socket now, not in 15 s.
        self._background.append(asyncio.create_task(self.presence.tick()))

    def _add_features(
        self,
        application: BotApplication,
        sessions: async_sessionmaker[AsyncSession],
        link: BoxLink,
        registrar: TargetRegistrar,
        scheduler: AsyncIOScheduler,
        notices: Notices,
    ) -> list[CommandInfo]:
        self.gate = gate = AccessGate(sessions, self.settings.bot_owner_ids, self.clock)
        languages = ChatLanguages(sessions)
        services = BotServices(
            sessions=sessions,
            link=link,
            registrar=registrar,
            buttons=Buttons(sessions, gate, clock=self.clock, languages=languages),
            gate=gate,
            owners=self.settings.bot_owner_ids,
            zone=self.settings.zone,
            scheduler=scheduler,
            bot=application.bot,
            notices=notices,
            clock=self.clock,
            languages=languages,
            ticks=self._ticks,
            push_path=self.push_path,
            settings=self.settings,
        )
        assert self.presence is not None
        features = build_features(services, self.chat_gone, self.presence)
        commands = [c for f in features for c in f.commands]
        start = StartCommands(services, commands)
        commands = [*start.commands, *commands]
        gate.require({c.name: c.role for c in [*commands, *alias_commands(commands)]})
        application.add_handler(gate.handler(), group=-1)
        for feature in [start, *features]:
            feature.register(application)
        for handlers in application.handlers.values():
            answer_aliases(handlers)
        application.add_handler(services.buttons.handler())
        return commands

    async def _serve_box(self, registry: SqlTargetRegistry, sink: OutboxSink) -> None:
        settings = self.settings
        prefix = urlsplit(settings.notif_public_url).path if settings.notif_public_url else ""
        app = create_app(
            registry=registry,
            sink=sink,
            path_prefix=prefix,
            max_body_bytes=settings.notif_max_body_bytes,
        )
        # Bounded connections and deadlines: the port may be open to the internet.
        self._notif_server = NotificationServer(app, settings.notif_host, settings.notif_port)
        await self._notif_server.start()
        self.notif_port = self._notif_server.port
        public_url = settings.notif_public_url
        if public_url and (reason := unreachable_reason(public_url, settings.freebox_url)):
            log.warning(
                "NOTIF_PUBLIC_URL %s: %s; the box will not deliver notifications "
                "(set the address the box can reach, with the port published)",
                public_url,
                reason,
            )

    async def stop(self) -> None:
        """Stop in reverse order; undelivered notifications stay in the outbox."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self.push_path is not None:
            await self.push_path.close()
        # Both ends wait a little for work in progress, side by side: SIGTERM must end
        # the process within 5 s (see STOP_STEP_SECONDS and notifserver.serving.SHUTDOWN_GRACE).
        await asyncio.gather(
            self._stop_telegram(), self._stop_box_server(), self._keep_watch_marks()
        )
        if self._sink is not None:
            await self._sink.close()
        if self.presence is not None:
            await self.presence.close()
        if self.link is not None:
            await self.link.close()
        if self._engine is not None:
            await self._engine.dispose()
        log.info("stopped")

    async def _keep_watch_marks(self) -> None:
        """Mark the box's lists, so the next start catches up on what the box pushes
        while the bot is stopped (bot.box.watching.catch_up); within the stop's budget."""
        if self.watcher is None:
            return
        try:
            async with asyncio.timeout(KEEP_MARKS_SECONDS):
                await self.watcher.keep_marks()
        except Exception as exc:  # the stop goes on whatever the box does
            log.info("could not mark the box's lists at stop: %r", exc)

    async def _stop_telegram(self) -> None:
        if self._telegram is not None:
            await self._telegram.stop()
        if self._worker_task is not None:
            self._worker_task.cancel()
            await asyncio.gather(self._worker_task, return_exceptions=True)

    async def _stop_box_server(self) -> None:
        if self._notif_server is not None:
            await self._notif_server.stop()

    async def chat_gone(self, chat_id: int, reason: str) -> None:
        """The chat blocked or removed the bot: stop sending there and drop its box target."""
        assert self.sessions is not None and self.registrar is not None
        async with self.sessions.begin() as session:
            await mark_chat_gone(session, chat_id, reason, now=self.clock())
        try:
            await self.registrar.unregister_chat(chat_id)
        except (FreeboxError, NotConfiguredError) as exc:
            log.info(
                "chat %s is gone; its box target stays until the box answers: %s", chat_id, exc
            )

    async def chat_moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its targets, queue and schedules follow it."""
        assert self.sessions is not None
        async with self.sessions.begin() as session:
            await move_chat(session, old_id, new_id, now=self.clock())

    async def check_registration(self) -> None:
        """Re-create the targets the box lost, or that point at an old NOTIF_PUBLIC_URL."""
        assert self.link is not None and self.registrar is not None
        if not self.settings.notif_public_url or not await self.link.is_paired():
            return
        if self.lost_database is not None:
            await self.lost_database.check()
        try:
            await self.registrar.repair()
        except FreeboxError as exc:
            log.warning("could not check the box's notification targets: %s", exc)

    async def tick(self) -> None:
        """Run the periodic work of the features (each guarded: one failing spares the rest).

        The scheduler calls this every TICK_SECONDS; tests call it after moving the clock.
        """
        works = list(self._ticks)
        # Concurrently: a box that times out must not hold back the others.
        outcomes = await asyncio.gather(*(work() for work in works), return_exceptions=True)
        for work, outcome in zip(works, outcomes, strict=True):
            if isinstance(outcome, Exception):
                name = getattr(work, "__qualname__", repr(work))
                log.error("periodic work %s failed", name, exc_info=outcome)

    async def _prune(self) -> None:
        assert self.sessions is not None
        now = self.clock()
        async with self.sessions.begin() as session:
            await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.sent_at < now - SENT_RETENTION,
                )
            )
            await session.execute(delete(ButtonAction).where(ButtonAction.expires_at < now))
