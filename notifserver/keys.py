"""Typed keys for what the notification server application holds."""

from __future__ import annotations

from aiohttp import web

from notifserver.ports import NotificationSink, TargetRegistry

REGISTRY = web.AppKey("registry", TargetRegistry)
SINK = web.AppKey("sink", NotificationSink)
BODY_TIMEOUT = web.AppKey("body_timeout", float)
"""Seconds a request's body may take to arrive."""
