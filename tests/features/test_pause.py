"""/pause: a profile's Internet cut off for a while, on the simulator, and its end told."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.storage.models import OutboxMessage
from tests.fakes import SentMessage
from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, Household, household
from tests.harness import ManualClock

# The simulator's profiles are the document's: "r0r0" (id 2) and "Xav" (id 7).
NOT_ALLOWED = "🔒 Désolé, votre rôle ne permet pas de faire cela."
# ManualClock starts at 12:00 UTC, 13:00 in Paris.


def follow_the_clock(home: Household, clock: ManualClock) -> None:
    """The box lifts an override when its own clock passes the end: make it the test's."""
    home.box.profiles.clock = lambda: clock.now.timestamp()


def control(home: Household, profile_id: int) -> dict[str, object]:
    return home.box.profiles.control(profile_id)


async def notices(home: Household, message_id: str) -> int:
    """How many of the bot's own messages `message_id` were queued (sent or not)."""
    async with home.running.bot.running.sessions() as session:
        rows = await session.scalars(select(OutboxMessage))
        return sum(1 for row in rows if row.payload.get("message") == message_id)


def edited(home: Household, message: SentMessage) -> SentMessage:
    return home.telegram.message(message.chat_id, message.message_id)


async def test_a_member_pauses_a_profile_for_30_minutes_and_hears_when_it_ends(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        follow_the_clock(home, clock)
        [panel] = await home.say(MEMBER, "/pause")
        assert panel.visible_text == (
            "⏸ Pause Internet, par profil du contrôle parental :\n"
            "• r0r0 : ✅ Internet actif\n"
            "• Xav : ✅ Internet actif"
        )
        assert panel.button_labels == [
            "⏸ r0r0 30 min", "⏸ r0r0 1 h", "⏸ Jusqu'à…",
            "⏸ Xav 30 min", "⏸ Xav 1 h", "⏸ Jusqu'à…",
        ]  # fmt: skip

        await home.press(MEMBER, panel, "⏸ Xav 30 min")
        assert edited(home, panel).visible_text == (
            "⏸ Internet en pause pour Xav jusqu'à 13:30 (par Alice)."
            " Je préviendrai ici quand il reviendra."
        )
        assert control(home, 7)["current_mode"] == "denied"
        assert control(home, 7)["override_until"] == clock.now.timestamp() + 1800
        assert control(home, 2)["current_mode"] == "allowed"

        clock.advance(minutes=29)
        await home.running.bot.tick()
        assert home.telegram.unseen_messages(MEMBER) == []
        clock.advance(minutes=2)
        await home.running.bot.tick()
        [ended] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert ended.visible_text == (
            "▶ La pause Internet de Xav est terminée : ses appareils ont de nouveau Internet."
        )
        assert control(home, 7)["current_mode"] == "allowed"
        await home.running.bot.tick()
        assert await notices(home, "controls-pause-ended") == 1, "told once"


async def test_paused_until_a_typed_time_then_resumed_in_english(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        follow_the_clock(home, clock)
        [done] = await home.say(MEMBER, "/pause xav 21:30", language="en")
        assert done.visible_text == (
            "⏸ Internet paused for Xav until 21:30 (by Alice). I will say here when it is back."
        )
        assert control(home, 7)["current_mode"] == "denied"

        [panel] = await home.say(MEMBER, "/pause", language="en")
        assert "• Xav: ⏸ paused until 21:30" in panel.visible_text
        assert "▶ Resume Xav" in panel.button_labels
        await home.press(MEMBER, done, "▶ Resume Xav", language="en")
        assert edited(home, done).visible_text == "▶ Internet is back for Xav (resumed by Alice)."
        assert control(home, 7)["current_mode"] == "allowed"

        clock.advance(hours=9)
        await home.running.bot.tick()
        assert await notices(home, "controls-pause-ended") == 0, "a resumed pause is not told"


async def test_the_until_button_offers_the_next_hours_and_tomorrow_morning(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        follow_the_clock(home, clock)
        [panel] = await home.say(MEMBER, "/pause r0r0")
        assert panel.button_labels == ["⏸ r0r0 30 min", "⏸ r0r0 1 h", "⏸ Jusqu'à…"]
        await home.press(MEMBER, panel, "⏸ Jusqu'à…")
        question = edited(home, panel)
        assert question.button_labels == ["14:00", "15:00", "16:00", "07:00"]
        await home.press(MEMBER, question, "07:00")
        assert "jusqu'à 07:00" in edited(home, panel).visible_text
        assert control(home, 2)["override_until"] == clock.now.timestamp() + 18 * 3600


async def test_a_guest_may_not_pause(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [refused] = await home.say(GUEST, "/pause")
        assert refused.visible_text == NOT_ALLOWED
        assert home.box.requests_to("network_control") == []


async def test_without_the_profile_permission_the_reply_names_it(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.withdraw("profile")
        [reply] = await home.say(MEMBER, "/pause")
        assert reply.visible_text.startswith(
            "🔐 La Freebox refuse : il manque le droit « Gestion des profils utilisateur »."
        )


async def test_an_old_box_says_its_version_lacks_profiles(tmp_path: Path) -> None:
    async with household(tmp_path, box_version="7.0") as home:
        [reply] = await home.say(MEMBER, "/pause", language="en")
        assert reply.visible_text == (
            "⚠️ This Freebox speaks API 7.0: pausing a profile's Internet needs API 8.0 or later."
        )
        assert home.box.requests_to("profile") == []


async def test_a_pause_made_longer_in_freebox_os_is_told_when_it_really_ends_in_the_group(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        follow_the_clock(home, clock)
        [panel] = await home.say(MEMBER, "/pause", chat=FAMILY_GROUP)
        await home.press(MEMBER, panel, "⏸ r0r0 1 h")
        assert control(home, 2)["current_mode"] == "denied"
        later = int(clock.now.timestamp()) + 2 * 3600
        home.box.profiles.update(2, {"override_until": later})  # in Freebox OS

        clock.advance(hours=1, minutes=1)
        await home.running.bot.tick()
        assert await notices(home, "controls-pause-ended") == 0, "still paused on the box"
        clock.advance(hours=1)
        await home.running.bot.tick()
        [ended] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert ended.visible_text.startswith("▶ La pause Internet de r0r0 est terminée")
