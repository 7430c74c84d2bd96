"""The composition root: builds every part, starts them in order, stops them in reverse."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.enrich import Enricher, NoEnrichment
from bot.delivery.render import Renderer
from bot.delivery.worker import OutboxWorker
from bot.storage.chats import mark_chat_gone
from bot.storage.database import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import OutboxMessage, OutboxStatus, utcnow
from bot.storage.outbox import OutboxSink, OutboxStore
from bot.storage.registry import SqlTargetRegistry, ensure_endpoint
from bot.telegram.application import BotApplication, build_application
from bot.telegram.connection import TelegramConnection
from bot.telegram.start import StartCommands
from notifserver import create_app

log = logging.getLogger(__name__)

SENT_RETENTION = timedelta(days=30)


class FreeboxBot:
    """The whole product in one process: storage, notification server, delivery, Telegram."""

    def __init__(self, settings: Settings, *, enricher: Enricher | None = None) -> None:
        self.settings = settings
        self._enricher = enricher or NoEnrichment()
        self._engine: AsyncEngine | None = None
        self._runner: web.AppRunner | None = None
        self._worker_task: asyncio.Task[None] | None = None
        self._telegram: TelegramConnection | None = None
        self._scheduler: AsyncIOScheduler | None = None
        self.sessions: async_sessionmaker[AsyncSession] | None = None
        self.application: BotApplication | None = None
        self.notif_port: int | None = None

    async def start(self) -> None:
        """Migrate, then serve the box and connect to Telegram (in the background)."""
        settings = self.settings
        token = settings.require_telegram_token()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._engine = create_engine(settings.sqlalchemy_url)
        await upgrade_to_head(self._engine)
        self.sessions = sessions = create_sessionmaker(self._engine)
        async with sessions.begin() as session:
            await ensure_endpoint(session)

        self.application = application = build_application(token, settings.telegram_api_url)
        application.add_handlers(StartCommands(sessions).handlers())
        worker = OutboxWorker(
            store=OutboxStore(sessions),
            renderer=Renderer(self._enricher, settings.zone),
            bot=application.bot,
            on_chat_gone=self._chat_gone,
        )
        self._worker_task = asyncio.create_task(worker.run(), name="outbox-worker")

        await self._serve_box(SqlTargetRegistry(sessions), OutboxSink(sessions, worker.wake))

        self._telegram = TelegramConnection(application, on_ready=worker.telegram_ready)
        self._telegram.start()

        self._scheduler = AsyncIOScheduler(timezone=settings.zone)
        self._scheduler.add_job(worker.wake, "interval", seconds=30, id="outbox-sweep")
        self._scheduler.add_job(self._prune_sent, "interval", hours=24, id="outbox-prune")
        self._scheduler.start()

    async def _serve_box(self, registry: SqlTargetRegistry, sink: OutboxSink) -> None:
        settings = self.settings
        prefix = urlsplit(settings.notif_public_url).path if settings.notif_public_url else ""
        app = create_app(
            registry=registry,
            sink=sink,
            path_prefix=prefix,
            max_body_bytes=settings.notif_max_body_bytes,
        )
        # No access log: request paths carry the secret segment.
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.notif_host, settings.notif_port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.notif_port = sockets[0].getsockname()[1] if sockets else settings.notif_port
        log.info("notification server listening on %s:%s", settings.notif_host, self.notif_port)

    async def stop(self) -> None:
        """Stop in reverse order; undelivered notifications stay in the outbox."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        if self._telegram is not None:
            await self._telegram.stop()
        if self._worker_task is not None:
            self._worker_task.cancel()
            await asyncio.gather(self._worker_task, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
        if self._engine is not None:
            await self._engine.dispose()
        log.info("stopped")

    async def _chat_gone(self, chat_id: int, reason: str) -> None:
        assert self.sessions is not None
        async with self.sessions.begin() as session:
            await mark_chat_gone(session, chat_id, reason)

    async def _prune_sent(self) -> None:
        assert self.sessions is not None
        async with self.sessions.begin() as session:
            await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.sent_at < utcnow() - SENT_RETENTION,
                )
            )
