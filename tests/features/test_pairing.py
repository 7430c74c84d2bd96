"""Pairing from Telegram, registration as the box's notification target, and its repair."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.box.registration import TargetRegistrar
from bot.storage.models import Chat, Target
from tests.features.household import MEMBER, OWNER, Household, household
from tests.harness import eventually


async def _targets(home: Household) -> list[Target]:
    async with home.running.bot.running.sessions() as session:
        return list(await session.scalars(select(Target)))


async def _target_of(home: Household, chat_id: int) -> Target | None:
    found = [t for t in await _targets(home) if t.chat_id == chat_id]
    return found[0] if found else None


async def test_owner_pairs_from_telegram_and_gets_notifications(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, all_permissions=False) as home:
        [progress] = await home.say(OWNER, "/pair")
        granted = await home.telegram.wait_for(
            lambda: "Association réussie" in progress.visible_text and progress, timeout=10
        )
        history = [h for h in granted.history if h]
        assert "Demande d'association" in history[0]
        assert any("acceptez la demande" in h for h in history), "pending step shown"
        assert "Freebox" in granted.visible_text, "the box model is named"
        assert "Modification des réglages de la Freebox" in granted.visible_text
        assert "Gestion de l'alarme et maison connectée" in granted.visible_text
        [confirmation] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        await home.telegram.wait_for(
            lambda: "recevra les notifications" in confirmation.visible_text, timeout=10
        )

        target = await eventually(lambda: _target_of(home, OWNER))
        [on_box] = home.box.targets.values()
        assert on_box.id == target.device_id
        assert on_box.api_url == await home.running.api_url()
        assert on_box.message_type == "notification"
        assert set(on_box.subscriptions) >= {"phone", "security", "box_state", "lan_host"}

        task = home.box.downloads.add_urls(["https://example.org/debian.iso"], None)[0]
        await home.box.complete_task(task.id)
        [pushed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert pushed.visible_text == f"✅ Téléchargement terminé : {task.name}"


async def test_pairing_denied_on_the_box(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, auto_approve=False) as home:
        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(lambda: "acceptez la demande" in progress.visible_text)
        home.box.deny()
        await home.telegram.wait_for(lambda: "refusée" in progress.visible_text, timeout=10)
        assert not await home.running.bot.running.link.is_paired()
        assert home.box.targets == {}


async def test_pairing_times_out_on_the_box(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, auto_approve=False) as home:
        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(lambda: "acceptez la demande" in progress.visible_text)
        home.box.time_out()
        await home.telegram.wait_for(lambda: "Personne n'a répondu" in progress.visible_text)


async def test_only_owners_pair(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False) as home:
        [reply] = await home.say(MEMBER, "/pair")
        assert "votre rôle ne permet pas" in reply.visible_text
        assert home.box.requests_to("login/authorize/") == []


async def test_lost_targets_are_repaired(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        registrar = home.running.bot.running.registrar
        assert registrar is not None
        await home.running.bind_chat_through_box(OWNER)
        first = await eventually(lambda: _target_of(home, OWNER))
        home.box.forget_targets()
        home.box.expire_sessions()  # and the session with it: the client logs in again
        report = await registrar.repair()
        assert report.repaired == (OWNER,)
        await home.box.wait_idle()
        second = await eventually(lambda: _target_of(home, OWNER) if home.box.targets else _none())
        assert second.device_id != first.device_id
        assert list(home.box.targets) == [second.device_id]
        await home.box.box_state("reboot")
        [pushed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert "redémarre" in pushed.visible_text
        assert (await registrar.repair()).repaired == (), "a healthy target is left alone"


async def test_a_new_public_url_moves_the_target(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.running.bind_chat_through_box(OWNER)
        await eventually(lambda: _target_of(home, OWNER))
        moved = TargetRegistrar(
            home.running.bot.running.sessions,  # type: ignore[arg-type]
            home.running.bot.running.link,
            f"{home.running.base}/proxied",
        )
        assert (await moved.repair()).repaired == (OWNER,)
        await home.box.wait_idle()
        [target] = home.box.targets.values()
        assert target.api_url.startswith(f"{home.running.base}/proxied/")


async def test_a_chat_that_blocks_the_bot_loses_its_target(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.running.bind_chat_through_box(OWNER)
        await eventually(lambda: _target_of(home, OWNER))
        home.telegram.push_chat_member_update(OWNER, OWNER, "kicked")

        async def target_gone() -> bool | None:
            return True if not home.box.targets else None

        await eventually(target_gone)
        assert await _target_of(home, OWNER) is None
        async with home.running.bot.running.sessions() as session:
            chat = await session.get_one(Chat, OWNER)
            assert not chat.active and chat.gone_reason


async def _none() -> None:
    return None


async def test_a_box_that_spells_the_download_subscription_download_still_notifies(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        home.box.refused_subscriptions.add("downloader")
        await home.running.bind_chat_through_box(OWNER)
        await home.box.wait_idle()
        [on_box] = home.box.targets.values()
        assert "download" in on_box.subscriptions
        assert "downloader" not in on_box.subscriptions

        task = home.box.downloads.add_urls(["https://example.org/debian.iso"], None)[0]
        await home.box.complete_task(task.id)
        [pushed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert pushed.visible_text == f"✅ Téléchargement terminé : {task.name}"
