"""After a new /pair, every chat that wanted notifications is the box's target again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.storage.models import Target
from tests.features.household import FAMILY_GROUP, OWNER, Household, household
from tests.harness import eventually


async def _chats_with_a_target(home: Household) -> set[int] | None:
    """The chats the box has a live target for (None until both are back)."""
    async with home.running.bot.running.sessions() as session:
        rows = list(await session.scalars(select(Target)))
    live = {t.chat_id for t in rows if t.device_id in home.box.targets}
    return live if live >= {OWNER, FAMILY_GROUP} else None


async def test_a_new_pairing_gives_every_notified_chat_its_target_again(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.running.bind_chat_through_box(OWNER)
        await home.running.bind_chat_through_box(FAMILY_GROUP)
        await eventually(lambda: _chats_with_a_target(home))
        home.box.forget_targets()  # the box was reset: it knows none of our targets

        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(
            lambda: "Association réussie" in progress.visible_text, timeout=10
        )
        await home.box.wait_idle()
        assert await eventually(lambda: _chats_with_a_target(home)) == {OWNER, FAMILY_GROUP}
        assert len(home.box.targets) == 2, "one target per chat, the pairing chat's not doubled"

        await home.box.box_state("reboot")
        [pushed] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        assert "redémarre" in pushed.visible_text, "the group hears the box again"
