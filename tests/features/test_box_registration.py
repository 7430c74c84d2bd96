"""Registration tokens in the real flow: the bot issues them when it asks the box for a
target, the box's own device keeps working with its token however long after, a thief
replaying the token gets nothing, and a repair long after pairing is not hit by expiry."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.storage.models import Target
from freeboxos.simulator.notify import NotificationTarget
from tests.features.household import OWNER, Household, household
from tests.harness import ManualClock, eventually


async def _device_of(home: Household, chat_id: int) -> str | None:
    async with home.running.bot.running.sessions() as session:
        return await session.scalar(select(Target.device_id).where(Target.chat_id == chat_id))


async def _register(home: Household, target: NotificationTarget, device_id: str) -> int:
    """`POST /register` with the token the box holds for `target`, as `device_id`."""
    body = {
        "box_id": home.box.box_id,
        "device_type": target.type,
        "token": target.token,
        "device_name": target.name,
        "device_id": device_id,
    }
    async with home.running.http.post(f"{target.api_url}/register", json=body) as resp:
        return resp.status


async def test_the_box_keeps_its_token_and_a_replay_from_another_device_is_refused(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await home.running.bind_chat_through_box(OWNER)
        device_id = await eventually(lambda: _device_of(home, OWNER))
        [on_box] = home.box.targets.values()
        clock.advance(days=30)
        assert await _register(home, on_box, on_box.id) == 200, "the box's own device, again"
        assert await _register(home, on_box, "dev-thief") == 403
        assert await _device_of(home, OWNER) == device_id

        task = home.box.downloads.add_urls(["https://example.org/debian.iso"], None)[0]
        await home.box.complete_task(task.id)
        [pushed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert task.name in pushed.visible_text


async def test_a_repair_long_after_pairing_registers_with_a_fresh_token(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        registrar = home.running.bot.running.registrar
        assert registrar is not None
        await home.running.bind_chat_through_box(OWNER)
        first = await eventually(lambda: _device_of(home, OWNER))
        clock.advance(days=30)
        home.box.forget_targets()
        assert (await registrar.repair()).repaired == (OWNER,)
        await home.box.wait_idle()
        [register] = [c for c in home.box.outgoing_calls if c.kind == "register"][-1:]
        assert register.status == 200, register
        second = await eventually(lambda: _device_of(home, OWNER))
        assert second != first and list(home.box.targets) == [second]
