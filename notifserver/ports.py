"""What the notification server needs from the rest of the product, as protocols."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from notifserver.contract import Registration, SendRequest, SendResult


@dataclass(frozen=True)
class Endpoint:
    """A secret path segment we gave one box; `box_id` is None until the box first registers."""

    id: int
    box_id: str | None


class RegisterOutcome(enum.Enum):
    ACCEPTED = "accepted"
    UNKNOWN_TOKEN = "unknown_token"
    EXPIRED_TOKEN = "expired_token"
    TOKEN_OF_ANOTHER_DEVICE = "token_of_another_device"
    WRONG_BOX = "wrong_box"


class TargetRegistry(Protocol):
    """Resolves secrets and keeps the box's targets bound to their chats."""

    async def resolve_endpoint(self, secret: str) -> Endpoint | None:
        """The endpoint whose secret this is, or None (the request then gets a 404)."""
        ...

    async def register(self, endpoint: Endpoint, registration: Registration) -> RegisterOutcome:
        """Bind the box's target to the chat that owns `registration.token`; idempotent.

        A token binds the first device id registered with it; one never used expires.
        """
        ...

    async def unregister(self, endpoint: Endpoint, box_id: str, device_id: str) -> bool:
        """Forget a target; True when it existed."""
        ...


class NotificationSink(Protocol):
    """Durably accepts a notification for delivery; answers only after the commit."""

    async def accept(self, endpoint: Endpoint, request: SendRequest) -> SendResult:
        """Store the notification for each known device; unknown devices are failures."""
        ...
