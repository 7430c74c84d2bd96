"""Typed keys for what the notification server application holds."""

from __future__ import annotations

from aiohttp import web

from notifserver.ports import NotificationSink, TargetRegistry

REGISTRY = web.AppKey("registry", TargetRegistry)
SINK = web.AppKey("sink", NotificationSink)
