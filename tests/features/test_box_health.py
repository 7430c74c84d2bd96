"""The box goes away and comes back: owners hear it once each way, members do not."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import MEMBER, OWNER, box_and_telegram, household, pair
from tests.harness import ManualClock, RunningBot, running_bot


async def _tick_minutes(running: RunningBot, clock: ManualClock, minutes: int) -> None:
    """Let `minutes` pass, one health check per minute."""
    for _ in range(minutes):
        clock.advance(minutes=1)
        await running.bot.tick()


async def test_owners_hear_once_when_the_box_goes_away_and_once_when_it_is_back(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        running, telegram = home.running, home.telegram
        await _tick_minutes(running, clock, 2)  # the box answers: nothing to say

        await home.box.unplug()
        await _tick_minutes(running, clock, 1)  # a blip is not news
        await _tick_minutes(running, clock, 2)
        (down,) = await telegram.wait_for_messages(OWNER, 1)
        assert "ne répond plus depuis 13:03" in down.text  # 12:03 UTC in Paris

        await _tick_minutes(running, clock, 5)  # still down: said once already
        home.box.plug()
        await _tick_minutes(running, clock, 1)
        (back,) = await telegram.wait_for_messages(OWNER, 1)
        assert "répond de nouveau" in back.text
        assert "8 minutes" in back.text  # from 12:03 to 12:11

        await _tick_minutes(running, clock, 3)  # up again: nothing more
        await home.box.unplug()
        await _tick_minutes(running, clock, 3)
        (again,) = await telegram.wait_for_messages(OWNER, 1)
        assert "ne répond plus" in again.text, "the next outage is the next message"
        assert telegram.messages(MEMBER) == [], "only owners are told"


async def test_an_outage_announced_before_a_restart_is_closed_after_it(tmp_path: Path) -> None:
    clock = ManualClock()
    owners = frozenset({OWNER})

    async with box_and_telegram() as (box, url, telegram):
        async with running_bot(
            tmp_path, telegram, clock=clock, freebox_url=url, bot_owner_ids=owners
        ) as running:
            await pair(running)
            await box.unplug()
            await _tick_minutes(running, clock, 3)
            (down,) = await telegram.wait_for_messages(OWNER, 1)
            assert "ne répond plus" in down.text

        async with running_bot(
            tmp_path, telegram, clock=clock, freebox_url=url, bot_owner_ids=owners
        ) as running:
            await _tick_minutes(running, clock, 2)  # still down: not said again
            box.plug()
            await _tick_minutes(running, clock, 1)
            (back,) = await telegram.wait_for_messages(OWNER, 1)
            assert "répond de nouveau" in back.text


async def test_owners_read_it_in_english_when_they_speak_english(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await home.say(OWNER, "/start", language="en")
        await home.box.unplug()
        await _tick_minutes(home.running, clock, 3)
        (down,) = await home.telegram.wait_for_messages(OWNER, 1)
        assert "The Freebox has not answered since" in down.text
