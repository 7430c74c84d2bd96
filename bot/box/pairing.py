"""Pairing with the box: ask for an app token, wait for the user's press on the front panel.

The same flow serves `/pair` in Telegram (progress edits one message) and the headless
`freebox-bot pair` (progress printed).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.box.link import BoxLink
from freeboxos import FreeboxError

log = logging.getLogger(__name__)

# Permissions the bot's features need; new app tokens get defaults only, so the user
# must tick the rest in Freebox OS (Paramètres de la Freebox > Gestion des accès > Applications).
NEEDED_PERMISSIONS = ("downloader", "settings", "home", "calls", "player")

PAIRING_DEADLINE_SECONDS = 300.0


class PairingStatus(enum.StrEnum):
    REQUESTING = "requesting"
    PENDING = "pending"
    GRANTED = "granted"
    DENIED = "denied"
    TIMEOUT = "timeout"
    REVOKED = "revoked"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self not in (PairingStatus.REQUESTING, PairingStatus.PENDING)


@dataclass(frozen=True)
class PairingUpdate:
    """One step of the pairing, as shown to the user."""

    status: PairingStatus
    box_model: str | None = None
    missing_permissions: tuple[str, ...] = ()
    error: str | None = None
    error_code: str | None = None
    """The box's error_code when it refused (denied_from_external_ip, ratelimited...)."""


ProgressCallback = Callable[[PairingUpdate], Awaitable[None]]


async def pair_with_box(
    link: BoxLink,
    on_progress: ProgressCallback,
    *,
    poll_interval: float = 1.0,
    deadline: float = PAIRING_DEADLINE_SECONDS,
) -> PairingUpdate:
    """Run the documented authorization flow to its end and report each step.

    Returns the final update: granted (with the box model and the permissions still
    missing), denied, timeout or failed (the box could not be reached).
    """
    try:
        await on_progress(PairingUpdate(PairingStatus.REQUESTING))
        client = await link.client()
        request = await client.request_authorization()
        await on_progress(PairingUpdate(PairingStatus.PENDING))
        try:
            status = await _wait_for_decision(link, request.track_id, poll_interval, deadline)
        except asyncio.CancelledError:
            # The process is stopping: a token the box may never grant is no pairing.
            await link.token_store.clear()
            raise
        if status is not PairingStatus.GRANTED:
            # The new token was never saved: a working one stays in place.
            final = PairingUpdate(status)
        else:
            await client.session_token(renew=True)
            missing = tuple(p for p in NEEDED_PERMISSIONS if not client.permissions.get(p))
            box = await link.box()
            model = box.api.box_model_name or box.api.box_model or box.api.device_name
            final = PairingUpdate(status, box_model=model, missing_permissions=missing)
    except FreeboxError as exc:
        log.warning("pairing failed: %s", exc)
        final = PairingUpdate(PairingStatus.FAILED, error=str(exc), error_code=exc.error_code)
    await on_progress(final)
    return final


async def _wait_for_decision(
    link: BoxLink, track_id: int, poll_interval: float, deadline: float
) -> PairingStatus:
    client, timer = await link.client(), link.timer
    give_up_at = timer.monotonic() + deadline
    while True:
        status = await client.authorization_status(track_id)
        if not status.is_pending:
            break
        if (left := give_up_at - timer.monotonic()) <= 0:
            return PairingStatus.TIMEOUT
        await timer.sleep(min(poll_interval, left))  # the box has no push for this step
    if status.is_granted:
        return PairingStatus.GRANTED
    if status.status == "denied":
        return PairingStatus.DENIED
    if status.status == "unknown":  # the document: the app_token is invalid or revoked
        return PairingStatus.REVOKED
    return PairingStatus.TIMEOUT
