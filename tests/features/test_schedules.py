"""/alarm schedule: arming and disarming at set times, run on the ticks of a moved clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.schedules.plan import days_label, parse_plan
from bot.schedules.store import next_run
from bot.schedules.weekdays import ScheduleSyntaxError, cron_days, parse_days, parse_time
from bot.storage.models import PinFailures, Role, User
from tests.fakes import SentMessage
from tests.features.household import (
    GUEST,
    MEMBER,
    OWNER,
    Household,
    box_and_telegram,
    household,
    pair,
)
from tests.harness import ManualClock, running_bot

PARIS = ZoneInfo("Europe/Paris")
DASH = "\u2013"  # the en dash of day ranges (lun-ven is shown with it)
CONFIRM, CANCEL = "✅ Confirmer", "✖️ Annuler"
RIGHT_PIN = "0000"  # the simulator's default
ALARM1, OFF = "home/endpoints/7/1", "home/endpoints/7/4"
# ManualClock starts on Monday 23 November 2026 at 12:00 UTC, 13:00 in Paris.


def paris(day: int, hour: int, minute: int, month: int = 11) -> datetime:
    """A moment of November 2026 (or `month`) on Paris clocks, in UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS).astimezone(UTC)


async def at(home: Household, clock: ManualClock, moment: datetime) -> None:
    """Move the clock to `moment`, then let the bot do its periodic work."""
    clock.set(moment)
    await home.running.bot.tick()


async def schedule(
    home: Household, text: str, *, user: int = MEMBER, language: str = "fr"
) -> SentMessage:
    """Ask for a schedule and confirm it; returns the question, now saying it is saved."""
    [question] = await home.say(user, text, language=language)
    confirm = CONFIRM if language == "fr" else "✅ Confirm"
    await home.press(user, question, confirm, language=language)
    assert question.visible_text.startswith("✅"), question.visible_text
    return question


def send_pin(home: Household, pin: str, user: int = MEMBER) -> None:
    home.telegram.mark_seen(user)
    home.telegram.push_message(user, user, pin)


def puts(home: Household, path: str) -> int:
    return len(home.box.requests_to(path, "PUT"))


async def failures_of(home: Household, user: int) -> PinFailures | None:
    assert home.running.bot.sessions is not None
    async with home.running.bot.sessions() as session:
        return await session.get(PinFailures, user)


# -- words and times (pure) ---------------------------------------------------------


def test_day_words_in_french_and_english() -> None:
    assert cron_days(parse_days(["mon-fri"])) == "mon,tue,wed,thu,fri"
    assert cron_days(parse_days(["lun,mer", "ven"])) == "mon,wed,fri"
    assert cron_days(parse_days(["ven-lun"])) == "mon,fri,sat,sun", "a range may wrap"
    assert cron_days(parse_days(["semaine"])) == "mon,tue,wed,thu,fri"
    assert cron_days(parse_days(["week-end"])) == "sat,sun"
    assert cron_days(parse_days(["tous-les-jours"])) == "*"
    assert cron_days(parse_days(["Daily"])) == "*"
    assert parse_time("22:30") == (22, 30)
    assert parse_time("7h05") == (7, 5)
    assert parse_time("22h") == (22, 0)
    for bad in ("22", "24:00", "7:5", "midi"):
        with pytest.raises(ScheduleSyntaxError):
            parse_time(bad)
    with pytest.raises(ScheduleSyntaxError):
        parse_days(["lun-demain"])


def test_a_plan_disarms_on_the_mornings_after() -> None:
    plan = parse_plan(["22:30", "mon-fri", "until", "07:00"])
    assert cron_days(plan.until_days) == "tue,wed,thu,fri,sat"
    assert days_label("fr", plan.until_days) == f"mar{DASH}sam"
    assert days_label("en", plan.days) == f"Mon{DASH}Fri"
    assert days_label("en", parse_days(["sat,sun,wed"])) == "Wed, Sat, Sun"
    same_night = parse_plan(["01:00", "weekend", "jusqu\u2019à", "07:00"])
    assert days_label("fr", same_night.until_days) == "sam, dim", "07:00 after 01:00: same days"
    assert parse_plan(["22:30"]).days == parse_days(["daily"])
    for garbage in (["22:30", "until"], ["22:30", "until", "07:00", "lun"], ["7:00", "to", "8"]):
        with pytest.raises(ScheduleSyntaxError):
            parse_plan(garbage)


def test_the_next_run_keeps_the_wall_clock_across_the_end_of_summer_time() -> None:
    # Paris leaves summer time on Sunday 25 October 2026 at 03:00 (back to 02:00).
    saturday_run = paris(24, 22, 30, month=10)
    assert saturday_run == datetime(2026, 10, 24, 20, 30, tzinfo=UTC)
    sunday_run = next_run(22, 30, "*", PARIS, saturday_run)
    assert sunday_run == datetime(2026, 10, 25, 21, 30, tzinfo=UTC), "22:30 is 21:30 UTC now"
    assert sunday_run.astimezone(PARIS).strftime("%H:%M") == "22:30"
    # 02:30 happens twice that night: the schedule runs at the first one only.
    first = next_run(2, 30, "*", PARIS, datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    after_it = datetime(2026, 10, 25, 0, 30, 5, tzinfo=UTC)
    assert next_run(2, 30, "*", PARIS, after_it, previous=first) == datetime(
        2026, 10, 26, 1, 30, tzinfo=UTC
    )
    # Weekdays are Paris weekdays: Monday 00:30 in Paris is still Sunday in UTC.
    monday = next_run(0, 30, "mon", PARIS, datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    assert monday == datetime(2026, 10, 25, 23, 30, tzinfo=UTC)


# -- running under the clock ----------------------------------------------------------


async def test_a_schedule_arms_the_alarm_at_its_time_and_not_before(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [question] = await home.say(MEMBER, "/alarm schedule 22:30 lun-ven")
        assert question.visible_text == f"⏰ Armer l'alarme à 22:30, lun{DASH}ven ?"
        assert question.button_labels == [CONFIRM, CANCEL]
        await home.press(MEMBER, question, CONFIRM)
        assert question.visible_text == (
            f"✅ Programmation enregistrée :\n🔒 armer à 22:30, lun{DASH}ven\n"
            "Prochaine fois : le 23 nov. 2026, 22:30."
        )
        assert question.button_labels == []

        await at(home, clock, paris(23, 22, 29))
        assert home.box.home.alarm_state() == "idle" and puts(home, ALARM1) == 0

        await at(home, clock, paris(23, 22, 31))
        assert home.box.home.alarm_state() == "alarm1_armed"
        assert puts(home, ALARM1) == 1, "the same call as the Arm button"
        [notice] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert notice.visible_text == f"🔒 Alarme armée (programmation 22:30 lun{DASH}ven)."

        await at(home, clock, paris(23, 22, 45))  # ran already: not again
        assert puts(home, ALARM1) == 1


async def test_a_schedule_skips_the_days_it_was_not_given(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await schedule(home, "/alarm schedule 22:30 mer,ven")
        await at(home, clock, paris(24, 22, 31))  # Tuesday
        await at(home, clock, paris(25, 22, 31))  # Wednesday
        assert puts(home, ALARM1) == 1, "nothing on Tuesday, then Wednesday"
        [wednesday] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert wednesday.visible_text == "🔒 Alarme armée (programmation 22:30 mer, ven)."

        home.box.home.disarm()
        await at(home, clock, paris(26, 22, 31))  # Thursday
        assert home.box.home.alarm_state() == "idle"
        await at(home, clock, paris(27, 22, 31))  # Friday
        assert home.box.home.alarm_state() == "alarm1_armed"
        assert puts(home, ALARM1) == 2
        [friday] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert friday.visible_text == wednesday.visible_text
        [listing] = await home.say(MEMBER, "/alarm schedule")
        assert listing.visible_text.startswith("⏰ Programmations"), "no Thursday notice before"


async def test_disarming_next_morning_asks_the_pin_once_at_creation(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [question] = await home.say(MEMBER, "/alarm schedule 22:30 tous-les-jours jusqu'à 07:00")
        assert question.visible_text.startswith(
            "⏰ Armer l'alarme à 22:30, tous les jours, et la désarmer à 07:00, tous les jours ?"
        )
        await home.press(MEMBER, question, CONFIRM)
        [prompt] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "envoyez le code PIN de l'alarme en réponse" in prompt.visible_text
        assert "J'attends le code PIN de Alice" in question.visible_text

        send_pin(home, "1234")
        [refusal] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert refusal.visible_text.startswith("❌ Code PIN incorrect. Encore 2 essais")
        await home.telegram.wait_for(lambda: "non enregistrée" in question.visible_text)
        row = await failures_of(home, MEMBER)
        assert row is not None and row.failures == 1, "counted toward the same lockout"
        [listing] = await home.say(MEMBER, "/alarm schedule")
        assert listing.visible_text.startswith("⏰ Aucune programmation de l'alarme")

        [question] = await home.say(MEMBER, "/alarm schedule 22:30 tous-les-jours jusqu'à 07:00")
        await home.press(MEMBER, question, CONFIRM)
        await home.telegram.wait_for_messages(MEMBER, 1)  # the PIN prompt
        send_pin(home, RIGHT_PIN)
        await home.telegram.wait_for(lambda: "enregistrée :" in question.visible_text)
        assert "🔓 désarmer à 07:00, tous les jours" in question.visible_text
        row = await failures_of(home, MEMBER)
        assert row is not None and row.failures == 0
        [listing] = await home.say(MEMBER, "/alarm schedule")
        assert "• 🔓 désarmer à 07:00, tous les jours\n• 🔒 armer à 22:30, tous les jours" in (
            listing.visible_text
        )
        assert puts(home, OFF) == 0, "checking the PIN disarms nothing"

        await at(home, clock, paris(23, 22, 31))
        assert home.box.home.alarm_state() == "alarm1_armed"
        [armed] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert armed.visible_text == "🔒 Alarme armée (programmation 22:30 tous les jours)."
        await at(home, clock, paris(24, 7, 1))
        assert home.box.home.alarm_state() == "idle", "no PIN asked at run time"
        [disarmed] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert disarmed.visible_text == "🔓 Alarme désarmée (programmation 07:00 tous les jours)."


async def test_a_run_missed_by_more_than_an_hour_is_skipped_not_run_late(
    tmp_path: Path,
) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await schedule(home, "/alarm schedule 22:30 tous-les-jours")
        await at(home, clock, paris(24, 10, 0))  # the bot was down all night
        assert home.box.home.alarm_state() == "idle" and puts(home, ALARM1) == 0
        [skipped] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert skipped.visible_text == (
            "⏭️ Armement programmé (22:30 tous les jours) sauté : le bot ne tournait pas "
            "à cette heure-là, et il est trop tard maintenant."
        )
        await at(home, clock, paris(24, 23, 15))  # 45 minutes late: still worth it
        assert home.box.home.alarm_state() == "alarm1_armed"
        [armed] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert armed.visible_text.startswith("🔒 Alarme armée")


async def test_a_failed_run_is_told_and_not_retried_on_every_tick(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await schedule(home, "/alarm schedule 22:30 tous-les-jours")
        await home.box.unplug()
        await at(home, clock, paris(23, 22, 31))
        [failed] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert failed.visible_text == (
            "⚠️ L'armement programmé (22:30 tous les jours) a échoué : la Freebox ne répond pas."
        )
        home.box.plug()
        await at(home, clock, paris(23, 22, 32))
        assert puts(home, ALARM1) == 0, "the failed run is over; the next is tomorrow"

        home.box.home.nodes = [n for n in home.box.home.nodes if n["id"] != 7]
        await at(home, clock, paris(24, 22, 31))
        [missing] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert missing.visible_text.endswith(
            "a échoué : il n'y a pas de système d'alarme sur la Freebox."
        )


async def test_the_delete_button_removes_a_schedule(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await schedule(home, "/alarm schedule 22:30 semaine")
        await schedule(home, "/alarm schedule 8h weekend")
        [listing] = await home.say(MEMBER, "/alarm schedule")
        assert listing.visible_text.startswith(
            "⏰ Programmations de l'alarme de cette discussion\n"
            f"• 🔒 armer à 08:00, sam, dim\n• 🔒 armer à 22:30, lun{DASH}ven\n"
        )
        assert listing.button_labels == ["🗑 🔒 08:00 sam, dim", f"🗑 🔒 22:30 lun{DASH}ven"]
        answer = await home.press(MEMBER, listing, f"🗑 🔒 22:30 lun{DASH}ven")
        assert answer["text"] == "Programmation supprimée"
        assert listing.visible_text.startswith(
            "⏰ Programmations de l'alarme de cette discussion\n• 🔒 armer à 08:00, sam, dim\n\n"
        )
        assert listing.button_labels == ["🗑 🔒 08:00 sam, dim"]

        await at(home, clock, paris(23, 22, 31))
        assert puts(home, ALARM1) == 0
        [again] = await home.say(MEMBER, "/alarm schedule")  # the next message: no notice
        assert again.button_labels == ["🗑 🔒 08:00 sam, dim"]


async def test_a_cancelled_schedule_is_not_saved(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/alarm schedule 22:30 lun")
        answer = await home.press(MEMBER, question, CANCEL)
        assert answer["text"] == "Annulé"
        assert question.visible_text.startswith("❌ Programmation non enregistrée")
        [listing] = await home.say(MEMBER, "/alarm schedule")
        assert listing.visible_text.startswith("⏰ Aucune programmation")
        assert listing.buttons == []


async def test_garbage_gets_the_usage_and_guests_are_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for garbage in (
            "/alarm schedule 25:00",
            "/alarm schedule 22:30 demain",
            "/alarm schedule 22:30 lun jusqu'à",
            "/alarm schedule 22:30 lun jusqu'à 22:30",
        ):
            [usage] = await home.say(MEMBER, garbage)
            assert usage.visible_text.startswith("⏰ Programmations de l'alarme\n"), garbage
            assert "/alarm schedule 22:30 lun-ven" in usage.visible_text
            assert usage.buttons == []
        [usage] = await home.say(MEMBER, "/alarm schedule tomorrow", language="en")
        assert usage.visible_text.startswith("⏰ Alarm schedules\n")
        assert "/alarm schedule 22:30 daily until 07:00" in usage.visible_text
        [other] = await home.say(MEMBER, "/alarm maybe", language="en")
        assert "/alarm schedule" in other.visible_text, "the /alarm usage points to schedules"
        [guest] = await home.say(GUEST, "/alarm schedule 22:30 lun")
        assert "votre rôle ne permet pas" in guest.visible_text


async def test_in_english(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [question] = await home.say(OWNER, "/alarm schedule 22:30 weekdays", language="en")
        assert question.visible_text == f"⏰ Arm the alarm at 22:30, Mon{DASH}Fri?"
        await home.press(OWNER, question, "✅ Confirm", language="en")
        assert question.visible_text == (
            f"✅ Schedule saved:\n🔒 arm at 22:30, Mon{DASH}Fri\nNext run: 23 Nov 2026, 22:30."
        )
        await at(home, clock, paris(23, 22, 31))
        [notice] = await home.telegram.wait_for_messages(OWNER, 1)
        assert notice.visible_text == f"🔒 Alarm armed (schedule 22:30 Mon{DASH}Fri)."


# -- restarts -------------------------------------------------------------------------


async def test_schedules_survive_a_restart(tmp_path: Path) -> None:
    clock = ManualClock()
    owners = frozenset({OWNER})

    async with box_and_telegram() as (box, url, telegram):
        settings = {"freebox_url": url, "bot_owner_ids": owners}
        async with running_bot(tmp_path, telegram, clock=clock, **settings) as running:
            assert running.bot.sessions is not None
            await pair(running)
            async with running.bot.sessions.begin() as session:
                session.add(User(id=MEMBER, role=Role.MEMBER, name="Marie"))
            await schedule(Household(telegram, box, running, url), "/alarm schedule 22:30 lun")

        async with running_bot(tmp_path, telegram, clock=clock, **settings) as running:
            home = Household(telegram, box, running, url)
            await at(home, clock, paris(23, 22, 29))
            assert box.home.alarm_state() == "idle"
            await at(home, clock, paris(23, 22, 31))
            assert box.home.alarm_state() == "alarm1_armed"
            [notice] = await telegram.wait_for_messages(MEMBER, 1)
            assert notice.visible_text == "🔒 Alarme armée (programmation 22:30 lun)."
