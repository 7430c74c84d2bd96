"""Per chat wanting notifications: its target on the box, its last /register and push.

Read only: the doctor never creates an endpoint or a target (the hourly repair and
/notifications do).
"""

from __future__ import annotations

from sqlalchemy import select

from bot.box.registration import same_url
from bot.doctor.context import DoctorContext
from bot.doctor.report import Line, fail, ok, warn
from bot.storage.models import Chat, NotifEndpoint, Target
from freeboxos import FreeboxClient, NotificationTarget


async def target_lines(ctx: DoctorContext, client: FreeboxClient) -> list[Line]:
    """One line per chat; raises FreeboxError when the box cannot list its targets."""
    if not ctx.public_url:
        return []  # the NOTIF_PUBLIC_URL line says it
    async with ctx.sessions() as session:
        chats = list(
            await session.scalars(
                select(Chat)
                .where(Chat.wants_notifications.is_(True), Chat.active.is_(True))
                .order_by(Chat.id)
            )
        )
        secrets = list(await session.scalars(select(NotifEndpoint.secret)))
        targets = list(await session.scalars(select(Target)))
    if not chats:
        return [warn("doctor-targets-none")]
    ours = [f"{ctx.public_url}/{secret}" for secret in secrets]
    on_box = {t.id: t for t in await client.list_notification_targets()}

    def points_at_us(target: NotificationTarget) -> bool:
        return any(same_url(target.api_url, url) for url in ours)

    lines: list[Line] = []
    for chat in chats:
        name = chat.title or str(chat.id)
        mine = [t for t in targets if t.chat_id == chat.id]
        live = [t for t in mine if t.device_id in on_box and points_at_us(on_box[t.device_id])]
        if live:
            lines.append(_live_line(ctx, name, live))
        elif any(t.device_id in on_box for t in mine):
            lines.append(fail("doctor-target-elsewhere", chat=name))
        elif any(t.name == f"Telegram {name}"[:64] and points_at_us(t) for t in on_box.values()):
            lines.append(fail("doctor-target-unregistered", chat=name, url=ctx.public_url))
        else:
            lines.append(fail("doctor-target-missing", chat=name))
    return lines


def _live_line(ctx: DoctorContext, name: str, live: list[Target]) -> Line:
    registered = max(t.last_register_at or t.registered_at for t in live)
    pushes = [t.last_push_at for t in live if t.last_push_at is not None]
    if not pushes:
        return ok("doctor-target-ok-no-push", chat=name, registered=ctx.when(registered))
    return ok(
        "doctor-target-ok",
        chat=name,
        registered=ctx.when(registered),
        pushed=ctx.when(max(pushes)),
    )
