"""Strangers cannot make the bot spam a family group, nor bring it into a group of theirs."""

from __future__ import annotations

from pathlib import Path

from bot.storage.models import Chat
from tests.features.household import FAMILY_GROUP, MEMBER, STRANGER, Household, household
from tests.harness import ManualClock, eventually

STRANGERS_GROUP = -100777
ANOTHER_STRANGER = 1005
PRIVATE = "ce bot est privé"


async def chat_row(home: Household, chat_id: int) -> Chat | None:
    async with home.running.bot.running.sessions() as session:
        return await session.get(Chat, chat_id)


async def test_a_stranger_gets_one_refusal_per_group_every_few_minutes(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [refusal] = await home.say(STRANGER, "/pair", chat=FAMILY_GROUP)
        assert PRIVATE in refusal.visible_text
        for text in ("/pair", "/notifications", "/nonsense", "/ pair"):
            home.telegram.push_message(FAMILY_GROUP, STRANGER, text, chat_type="group")
        home.telegram.push_message(FAMILY_GROUP, ANOTHER_STRANGER, "/users", chat_type="group")
        clock.advance(minutes=4)
        home.telegram.push_message(FAMILY_GROUP, STRANGER, "/status", chat_type="group")
        [reply] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text, "the group heard another refusal"
        clock.advance(minutes=1)
        [again] = await home.say(STRANGER, "/pair", chat=FAMILY_GROUP)
        assert PRIVATE in again.visible_text, "a few minutes later the stranger hears it again"


async def test_in_private_a_stranger_is_answered_each_time(tmp_path: Path) -> None:
    async with household(tmp_path, clock=ManualClock()) as home:
        for text in ("/pair", "/pair"):
            [refusal] = await home.say(STRANGER, text)
            assert PRIVATE in refusal.visible_text


async def test_the_bot_leaves_a_group_a_stranger_adds_it_to(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.telegram.add_chat(STRANGERS_GROUP, chat_type="supergroup", title="Inconnus")
        home.telegram.push_chat_member_update(
            STRANGERS_GROUP, STRANGER, "member", old_status="left"
        )
        left = await home.telegram.wait_for_call("leaveChat", timeout=10)
        assert left.params["chat_id"] == STRANGERS_GROUP
        assert home.telegram.left_chats == [STRANGERS_GROUP]
        assert await chat_row(home, STRANGERS_GROUP) is None, "the stranger's group got a row"
        assert not home.telegram.messages(STRANGERS_GROUP), "the bot spoke in the stranger's group"


async def test_a_member_adding_the_bot_to_a_group_keeps_it_there(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.telegram.add_chat(STRANGERS_GROUP, chat_type="supergroup", title="Cousins")
        home.telegram.push_chat_member_update(STRANGERS_GROUP, MEMBER, "member", old_status="left")

        async def remembered() -> Chat | None:
            return await chat_row(home, STRANGERS_GROUP)

        chat = await eventually(remembered)
        assert chat.active and chat.title == "Cousins"
        assert not home.telegram.left_chats
