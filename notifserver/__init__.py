"""The Freebox notification server contract (`/register`, `/send`), free of any chat network.

It validates and authenticates what the box pushes, then hands it to an injected
`TargetRegistry` and `NotificationSink`.
"""

from notifserver.app import create_app
from notifserver.connections import ConnectionLimits
from notifserver.contract import Registration, SendRequest, SendResult
from notifserver.ports import Endpoint, NotificationSink, RegisterOutcome, TargetRegistry
from notifserver.serving import NotificationServer

__all__ = [
    "ConnectionLimits",
    "Endpoint",
    "NotificationServer",
    "NotificationSink",
    "RegisterOutcome",
    "Registration",
    "SendRequest",
    "SendResult",
    "TargetRegistry",
    "create_app",
]
