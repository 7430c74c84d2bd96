"""/doctor: one report, each fault the simulator can play shown ❌ (⚠️) with its fix."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.fakes import FakeTelegram
from tests.features.household import MEMBER, OWNER, Household, household
from tests.harness import ManualClock, eventually, running_bot


async def _doctor(home: Household, language: str = "en") -> list[str]:
    """The owner's /doctor, as the lines they read."""
    [reply] = await home.say(OWNER, "/doctor", language=language, timeout=30)
    return reply.visible_text.splitlines()


def _line(lines: list[str], words: str) -> str:
    [found] = [line for line in lines if words in line]
    return found


async def _bind_owner(home: Household) -> None:
    await home.running.bind_chat_through_box(OWNER)
    await home.box.wait_idle()


async def test_a_healthy_household_is_all_green(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _bind_owner(home)
        lines = await _doctor(home)
        marks = [line for line in lines if line[:1] in ("✅", "⚠", "❌")]
        assert marks and all(line.startswith("✅") for line in marks), lines
        assert lines[-1] == "Everything works."
        assert _line(lines, "API version 15.0")
        assert _line(lines, "Plain http to http://127.0.0.1:")
        assert _line(lines, "Logged in to the Freebox.")
        assert _line(lines, "last /register").endswith("no push since.")
        assert _line(lines, "Telegram answers (@")
        assert _line(lines, "Database reachable, migrations at head")


async def test_a_push_is_shown_as_the_chats_last_push(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await _bind_owner(home)
        await home.box.box_state("reboot")
        await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        line = _line(await _doctor(home), "last /register")
        assert line.startswith("✅") and "last push 20" in line, line


async def test_in_french_for_a_french_speaking_owner(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        lines = await _doctor(home, language="fr")
        assert lines[0] == "🩺 Bilan de Freebox Bot"
        assert _line(lines, "Connecté à la Freebox.").startswith("✅")


async def test_an_unplugged_box_is_red_and_the_rest_still_shows(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.box.unplug()
        lines = await _doctor(home)
        assert _line(lines, "The Freebox does not answer at").startswith("❌")
        assert "check it is on" in _line(lines, "does not answer at")
        assert _line(lines, "Telegram answers").startswith("✅")
        assert _line(lines, "Database reachable").startswith("✅")
        assert lines[-1] == "Something needs fixing: see the ❌ lines."


async def test_a_revoked_app_says_to_pair_again(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [app_id] = home.box.auth.apps
        home.box.revoke(app_id)
        line = _line(await _doctor(home), "revoked the bot's access")
        assert line.startswith("❌") and "run /pair again" in line


async def test_a_rate_limited_bot_is_told_to_wait(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.auth.ratelimited = True
        line = _line(await _doctor(home), "too many authentication errors")
        assert line.startswith("❌") and "wait a few minutes" in line


async def test_a_missing_permission_is_named_with_where_to_tick_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.withdraw("settings")
        line = _line(await _doctor(home), "Permissions missing")
        assert line.startswith("❌"), line
        assert "settings" in line
        assert "Freebox OS > Paramètres de la Freebox > Gestion des accès > Applications" in line


async def test_a_target_deleted_on_the_box_says_notifications_recreates_it(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        await _bind_owner(home)
        home.box.forget_targets()
        line = _line(await _doctor(home), f"{OWNER}:")
        assert line == f"❌ {OWNER}: no target on the Freebox: /notifications to recreate it."


async def test_a_box_that_never_calls_register_is_asked_whether_it_can_reach_us(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        home.box.calls_register = False
        await _bind_owner(home)
        line = _line(await _doctor(home), f"{OWNER}:")
        assert line.startswith(f"❌ {OWNER}: the Freebox never called /register: can it reach ")
        assert str(home.running.bot.settings.notif_public_url) in line


async def test_api_10_says_push_is_unavailable_on_this_version(tmp_path: Path) -> None:
    async with household(tmp_path, box_version="10.0") as home:
        lines = await _doctor(home)
        line = _line(lines, "Push unavailable on this version")
        assert line.startswith("⚠️") and "API 10.0" in line, line
        assert _line(lines, 'no "new device" notifications (from API 12.0)').startswith("⚠️")


async def test_a_loopback_public_url_with_a_box_elsewhere_is_a_warning(tmp_path: Path) -> None:
    # The bot reaches the box by its LAN name but tells it to push to 127.0.0.1 (not
    # paired here: the box lines need no network).
    async with (
        FakeTelegram() as telegram,
        running_bot(
            tmp_path,
            telegram,
            freebox_url="https://mafreebox.freebox.fr",
            bot_owner_ids=frozenset({OWNER}),
        ) as running,
    ):
        telegram.push_message(OWNER, OWNER, "/doctor", language_code="en")
        [reply] = await telegram.wait_for_messages(OWNER, 1, timeout=30)
        line = _line(reply.visible_text.splitlines(), "NOTIF_PUBLIC_URL")
        assert line.startswith("⚠️ NOTIF_PUBLIC_URL http://127.0.0.1:"), line
        assert "loopback, which the Freebox cannot reach" in line
        assert str(running.bot.settings.notif_public_url) in line


async def test_a_hung_box_is_red_within_the_bound_and_the_rest_still_shows(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock, timer=clock) as home:
        home.box.hold()
        try:
            asked = asyncio.ensure_future(_doctor(home))
            # Every other check is done; the box's waits out its bound, on the test's time.
            await clock.sleeping(8, tasks=1)
            assert not asked.done(), "the report waits for the box, within its bound"
            clock.advance(seconds=8)
            lines = await asked
        finally:
            home.box.release()
        assert _line(lines, "The Freebox did not answer within 8 s").startswith("❌")
        assert _line(lines, "Telegram answers").startswith("✅")
        assert _line(lines, "Database reachable").startswith("✅")


async def test_the_event_websocket_is_checked_once_a_chat_watches_a_device(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        assert not [line for line in await _doctor(home) if "websocket" in line], "no watch"
        [menu] = await home.say(MEMBER, "/watch")
        [label] = [label for label in menu.button_labels if "iPhoneofQuentin" in label]
        await home.press(MEMBER, menu, label)
        await home.running.bot.tick()
        watcher = home.running.bot.running.presence
        assert watcher is not None
        await eventually(lambda: _true(watcher.stream is not None and watcher.stream.connected))
        assert _line(await _doctor(home), "websocket").startswith("✅ The Freebox's event")

        home.box.hold("ws/event")  # the box stops taking the socket back
        await home.box.drop_websockets()
        await eventually(lambda: _true(watcher.stream is not None and not watcher.stream.connected))
        line = _line(await _doctor(home), "websocket")
        home.box.release()
        assert line.startswith("❌") and "reconnects by itself" in line, line


async def _true(condition: bool) -> bool | None:
    return True if condition else None


async def test_only_owners_get_the_report(tmp_path: Path) -> None:
    # The report names the box's address, NOTIF_PUBLIC_URL and every chat: owners only.
    async with household(tmp_path) as home:
        requests_before = len(home.box.requests)
        [refused] = await home.say(MEMBER, "/doctor")
        assert "votre rôle ne permet pas" in refused.visible_text
        assert "NOTIF_PUBLIC_URL" not in refused.visible_text
        assert len(home.box.requests) == requests_before, "the refused /doctor reached the box"
