"""The push path against boxes that do not share the simulator's old assumptions: a push
`box_id` unlike the `/api_version` uid, a PUT that replaces the whole target, unknown
subscription names dropped silently, an `api_url` shown normalised, a null `device_name`,
and a box that never calls back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.chats import upsert_chat
from bot.storage.models import Target
from bot.storage.registry import issue_registration_token
from tests.fakes import FakeTelegram
from tests.features.household import FAMILY_GROUP, MEMBER, OWNER, Household, household
from tests.harness import ManualClock, eventually, running_bot

# The document calls target ids dashed UUIDs; a box may well push its id that way.
DASHED_UID = "23B86EC8-0910-13D6-6882-9FE12791FDAB"
OTHER_BOX = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


async def _device_of(home: Household, chat_id: int) -> str | None:
    async with home.running.bot.running.sessions() as session:
        return await session.scalar(select(Target.device_id).where(Target.chat_id == chat_id))


async def _download_reaches(home: Household, chat_id: int) -> None:
    task = home.box.downloads.add_urls(["https://example.org/debian.iso"], None)[0]
    await home.box.complete_task(task.id)
    [pushed] = await home.telegram.wait_for_messages(chat_id, 1, timeout=10)
    assert pushed.visible_text == f"✅ Téléchargement terminé : {task.name}"


async def _enable_in_family_group(home: Household) -> None:
    [menu] = await home.say(MEMBER, "/notifications", chat=FAMILY_GROUP)
    await home.press(MEMBER, menu, "Activer les notifications")
    await home.box.wait_idle()


async def test_a_box_pushing_with_an_id_unlike_its_uid_is_delivered(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.push_box_id = OTHER_BOX
        await home.running.bind_chat_through_box(OWNER)
        device_id = await eventually(lambda: _device_of(home, OWNER))
        await _download_reaches(home, OWNER)

        home.box.push_box_id = "ffffffff-0000-0000-0000-000000000000"
        [refused] = await home.box.box_state("reboot")
        assert refused.response == {"failureIds": [device_id], "successIds": []}, "another box"


async def test_the_same_box_id_in_another_spelling_is_the_same_box(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.push_box_id = DASHED_UID  # /register with the uid dashed, in capitals
        await home.running.bind_chat_through_box(OWNER)
        await eventually(lambda: _device_of(home, OWNER))
        home.box.push_box_id = None  # /send with the uid as /api_version spells it
        await _download_reaches(home, OWNER)


async def test_a_put_that_replaces_the_target_keeps_its_name_and_url(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.put_replaces = True
        await home.running.bind_chat_through_box(MEMBER)
        await eventually(lambda: _device_of(home, MEMBER))
        [before] = home.box.targets.values()

        [menu] = await home.say(MEMBER, "/notifications")
        answer = await home.press(MEMBER, menu, "Appels manqués")
        assert answer["text"] == "Enregistré ✅"
        [after] = home.box.targets.values()
        assert (after.api_url, after.token, after.type) == (before.api_url, before.token, "android")
        assert after.name.startswith("Telegram "), after.name
        assert "phone" not in after.subscriptions
        await home.box.wait_idle()
        await _download_reaches(home, MEMBER)


async def test_a_box_that_drops_a_name_it_does_not_know_gets_the_other_spelling(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        home.box.drop_unknown_subscriptions = True
        home.box.refused_subscriptions.add("downloader")
        await home.running.bind_chat_through_box(MEMBER)
        await eventually(lambda: _device_of(home, MEMBER))
        [target] = home.box.targets.values()
        assert "download" in target.subscriptions, "read back, and the other spelling sent"
        await _download_reaches(home, MEMBER)

        [menu] = await home.say(MEMBER, "/notifications")
        await home.press(MEMBER, menu, "Appels manqués")
        [target] = home.box.targets.values()
        assert "download" in target.subscriptions, "an update keeps the spelling the box kept"
        assert "phone" not in target.subscriptions
        assert "✅ Téléchargements" in menu.button_labels


async def test_two_repairs_against_a_box_that_normalises_the_url_change_nothing(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        registrar = home.running.bot.running.registrar
        assert registrar is not None
        home.box.normalises_api_url = True
        await home.running.bind_chat_through_box(OWNER)
        device_id = await eventually(lambda: _device_of(home, OWNER))
        assert home.box.targets[device_id].api_url.endswith("/"), "the box shows it normalised"

        assert (await registrar.repair()).repaired == ()
        assert (await registrar.repair()).repaired == ()
        assert list(home.box.targets) == [device_id]
        assert home.box.requests_to(f"notif/targets/{device_id}", "DELETE") == []


async def test_a_register_with_a_null_device_name_is_accepted(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        running = home.running
        await running.bind_chat_through_box(OWNER)
        await eventually(lambda: _device_of(home, OWNER))
        async with running.bot.running.sessions.begin() as session:
            await upsert_chat(session, MEMBER)
            token = await issue_registration_token(session, MEMBER, now=running.bot.clock())
        body = {
            "box_id": home.box.box_id,
            "device_type": "android",
            "token": token,
            "device_name": None,
            "device_id": "11111111-2222-3333-4444-555555555555",
        }
        url = await running.api_url()
        async with running.http.post(f"{url}/register", json=body) as resp:
            assert resp.status == 200, await resp.text()
        assert await _device_of(home, MEMBER) == body["device_id"]


async def test_the_chat_hears_notifications_are_live_once_the_box_calls_back(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        await _enable_in_family_group(home)
        [live] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        assert "Les notifications sont actives" in live.visible_text


async def test_pairing_edits_its_waiting_message_once_the_box_calls_back(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False) as home:
        await home.say(OWNER, "/pair")
        [waiting] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        await home.telegram.wait_for(
            lambda: "Les notifications sont actives" in waiting.visible_text, timeout=10
        )
        assert any("J'attends qu'elle m'appelle" in (h or "") for h in waiting.history)


async def test_a_box_that_never_calls_back_is_explained_after_15_seconds(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        home.box.calls_register = False
        await _enable_in_family_group(home)
        assert home.box.targets, "the box accepted the target, and stays silent"
        shown = len(home.telegram.sent[FAMILY_GROUP])

        clock.advance(seconds=14)
        await home.running.bot.tick()
        assert len(home.telegram.sent[FAMILY_GROUP]) == shown, "not yet: it may still call"

        clock.advance(seconds=2)
        await home.running.bot.tick()
        [silent] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1, timeout=10)
        text = silent.visible_text
        assert "ne m'a pas appelé dans les 15 secondes" in text
        assert f"{home.running.base}/…" in text, "the URL the box was asked to call"
        assert "127.0.0.1" in text and "nom interne au conteneur" in text
        assert "port n'est pas publié" in text and "pare-feu" in text
        secret = (await home.running.api_url()).rsplit("/", 1)[1]
        assert secret not in silent.params["text"], "the secret segment stays out of chats"


async def test_a_public_url_the_box_cannot_reach_is_a_warning_at_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("WARNING", logger="bot.app")
    async with FakeTelegram() as telegram:
        # The box on the home network, the bot telling it to call its own loopback.
        async with running_bot(tmp_path / "loopback", telegram, freebox_url="http://192.0.2.1"):
            pass
        assert "NOTIF_PUBLIC_URL http://127.0.0.1:" in caplog.text
        assert "loopback, which the Freebox cannot reach" in caplog.text
        caplog.clear()

        # A container-internal name: the box's resolver does not know it.
        async with running_bot(
            tmp_path / "container", telegram, notif_public_url="http://freebox-bot:8080"
        ):
            pass
        assert "'freebox-bot' is a single-label name" in caplog.text
        caplog.clear()

    async with household(tmp_path / "simulated") as home:
        assert home.box_url.startswith("http://127.0.0.1"), "box and bot on loopback"
    assert "NOTIF_PUBLIC_URL" not in caplog.text


async def test_a_choice_the_box_refused_is_not_stored(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.running.bind_chat_through_box(MEMBER)
        await eventually(lambda: _device_of(home, MEMBER))
        home.box.refused_subscriptions.update({"download", "downloader"})
        [menu] = await home.say(MEMBER, "/notifications")
        answer = await home.press(MEMBER, menu, "Appels manqués")
        assert answer["text"] != "Enregistré ✅"
        assert "phone" in next(iter(home.box.targets.values())).subscriptions

        [again] = await home.say(MEMBER, "/notifications")
        assert "✅ Appels manqués" in again.button_labels, "the chat's choice did not change"


async def test_once_the_box_is_known_another_box_id_cannot_register(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        running = home.running
        home.box.push_box_id = OTHER_BOX
        await running.bind_chat_through_box(OWNER)
        await eventually(lambda: _device_of(home, OWNER))
        async with running.bot.running.sessions.begin() as session:
            await upsert_chat(session, MEMBER)
            token = await issue_registration_token(session, MEMBER, now=running.bot.clock())
        body = {"box_id": "intruder", "token": token, "device_id": "dev-intruder"}
        async with running.http.post(f"{await running.api_url()}/register", json=body) as resp:
            assert resp.status == 403
        assert await _device_of(home, MEMBER) is None


async def test_repairs_against_a_silent_box_leave_one_target_per_chat(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        registrar = home.running.bot.running.registrar
        assert registrar is not None
        home.box.calls_register = False
        await home.running.bind_chat_through_box(OWNER)
        for _hour in range(3):
            clock.advance(hours=1)
            assert (await registrar.repair()).repaired == (OWNER,), "it tries again, hourly"
            assert len(home.box.targets) == 1, "the unregistered one is deleted first"

        home.box.calls_register = True
        clock.advance(hours=1)
        assert (await registrar.repair()).repaired == (OWNER,)
        await eventually(lambda: _device_of(home, OWNER))
        assert list(home.box.targets) == [await _device_of(home, OWNER)]
        assert (await registrar.repair()).repaired == ()
