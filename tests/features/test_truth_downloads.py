"""A followed download that completes is one message: the followed one, edited."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.storage.models import DownloadFollow, OutboxMessage, OutboxStatus, Target
from tests.features.household import FAMILY_GROUP, MEMBER, Household, household
from tests.harness import eventually


async def _pushed_to(home: Household, chat_id: int) -> None:
    """Make the chat a push target of the box and wait for the box's `/register`."""
    await home.running.bind_chat_through_box(chat_id)

    async def registered() -> bool | None:
        async with home.running.bot.running.sessions() as session:  # type: ignore[misc]
            found = await session.scalar(select(Target.id).where(Target.chat_id == chat_id))
        return True if found is not None else None

    await eventually(registered)


async def _outbox_sent(home: Household) -> list[int | None] | None:
    """The Telegram message ids of the sent outbox rows (None until one is sent)."""
    async with home.running.bot.running.sessions() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
    if not rows or any(r.status is not OutboxStatus.SENT for r in rows):
        return None
    return [r.telegram_message_id for r in rows]


async def _follows(home: Household) -> int:
    async with home.running.bot.running.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(DownloadFollow)) or 0)


async def test_the_push_of_a_followed_download_edits_the_followed_message(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        # No tick: only the box's push can end the followed message here.
        await _pushed_to(home, MEMBER)
        [added] = await home.say(MEMBER, "/add https://example.org/debian.iso")
        [task] = home.box.downloads.tasks.values()
        await home.press(MEMBER, added, "Suivre")
        assert added.visible_text.startswith("⬇️ debian.iso")

        await home.box.complete_task(task.id)
        assert await eventually(lambda: _outbox_sent(home)) == [added.message_id]
        assert added.visible_text == f"✅ Téléchargement terminé : {task.name}"
        assert home.telegram.unseen_messages(MEMBER) == [], "no second message"
        assert await _follows(home) == 0


async def test_in_a_group_in_english_the_follow_ends_once_after_the_refresh(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        refresh = home.running.bot.tick  # the periodic work: followed downloads refresh
        await _pushed_to(home, FAMILY_GROUP)
        await home.say(MEMBER, "/language en", chat=FAMILY_GROUP, language="en")
        [added] = await home.say(
            MEMBER, "/add https://example.org/movie.mkv", chat=FAMILY_GROUP, language="en"
        )
        [task] = home.box.downloads.tasks.values()
        await home.press(MEMBER, added, "Follow", language="en")

        home.box.progress_task(task.id, 100)
        task.status = "done"  # the box has finished, its push is not there yet
        await refresh()  # the refresh sees the end first
        assert added.visible_text.startswith("✅")
        await home.box.complete_task(task.id)
        assert await eventually(lambda: _outbox_sent(home)) == [added.message_id]
        assert home.telegram.unseen_messages(FAMILY_GROUP) == [], "no second message"
