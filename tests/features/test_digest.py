"""/digest: one message a day with the box's news, at the chosen time of a moved clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.features.household import GUEST, MEMBER, Household, household
from tests.harness import ManualClock

PARIS = ZoneInfo("Europe/Paris")
LONG_AGO = int(datetime(2020, 1, 1, tzinfo=UTC).timestamp())
# ManualClock starts on Monday 23 November 2026 at 12:00 UTC, 13:00 in Paris.


def paris(day: int, hour: int, minute: int) -> datetime:
    """A moment of November 2026 on Paris clocks, in UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS).astimezone(UTC)


def stamp(moment: datetime) -> int:
    return int(moment.timestamp())


async def at(home: Household, clock: ManualClock, moment: datetime) -> None:
    """Move the clock to `moment`, then let the bot do its periodic work."""
    clock.set(moment)
    await home.running.bot.tick()


def only_new_devices_are_mine(home: Household) -> None:
    """The simulator's own hosts joined long ago (one is made at start with the wall clock)."""
    for hosts in home.box.lan.hosts.values():
        for host in hosts:
            host["first_activity"] = LONG_AGO


async def finished_download(home: Household, url: str, added: datetime) -> None:
    [task] = home.box.downloads.add_urls([url])
    task.created_ts = stamp(added)
    await home.box.complete_task(task.id)


async def test_the_digest_reports_the_day_at_the_chosen_time(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [reply] = await home.say(MEMBER, "/digest 08:00")
        assert reply.visible_text == (
            "✅ Résumé quotidien dans cette discussion à 08:00 (prochain le 24 nov. 2026, 08:00)."
        )
        only_new_devices_are_mine(home)
        # In the window (Monday 08:00 to Tuesday 08:00, Paris time):
        await finished_download(home, "https://example.com/ubuntu.iso", paris(23, 14, 0))
        call = await home.box.missed_call("0612345678", "Jean Dupont")
        call["datetime"] = stamp(paris(23, 20, 15))
        host = await home.box.new_lan_host("aa:bb:cc:dd:ee:01", "Pixel-de-Marie", "192.168.1.77")
        host["first_activity"] = stamp(paris(23, 21, 0))
        # Outside it, or not finished:
        await finished_download(home, "https://example.com/old.iso", paris(22, 7, 0))
        [running] = home.box.downloads.add_urls(["https://example.com/big.iso"])
        running.created_ts = stamp(paris(23, 15, 0))
        home.box.calls.add_missed("0600000000")["datetime"] = stamp(paris(23, 7, 59))

        await at(home, clock, paris(24, 7, 59))
        await at(home, clock, paris(24, 8, 0))
        [digest] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert digest.visible_text == (
            "📰 Résumé quotidien depuis le 23 nov. 2026, 08:00\n"
            "📥 Téléchargements ajoutés et terminés : 1\n"
            "• ubuntu.iso\n"
            "📞 Appels manqués : 1\n"
            "• 23 nov. 2026, 20:15 Jean Dupont (0612345678)\n"
            "🆕 Nouveaux appareils : 1\n"
            "• Pixel-de-Marie (192.168.1.77)"
        )

        # The next one covers the time since this one.
        home.box.calls.add_missed("0611111111", "Paul")["datetime"] = stamp(paris(24, 9, 30))
        await at(home, clock, paris(25, 8, 0))
        [next_day] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert next_day.visible_text == (
            "📰 Résumé quotidien depuis le 24 nov. 2026, 08:00\n"
            "📥 Téléchargements ajoutés et terminés : aucun\n"
            "📞 Appels manqués : 1\n"
            "• 24 nov. 2026, 09:30 Paul (0611111111)\n"
            "🆕 Nouveaux appareils : aucun"
        )


async def test_a_box_down_at_digest_time_makes_one_message_saying_so(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await home.say(MEMBER, "/digest 08:00")
        await home.box.unplug()
        await at(home, clock, paris(24, 8, 1))
        [digest] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert digest.visible_text == (
            "📰 Résumé quotidien depuis le 23 nov. 2026, 08:01\n"
            "📡 La Freebox n'a pas pu être jointe : rien à signaler."
        )
        await at(home, clock, paris(24, 8, 2))
        [shown] = await home.say(MEMBER, "/digest")  # the next message: no second digest
        assert shown.visible_text.startswith(
            "📰 Résumé quotidien dans cette discussion à 08:00 (prochain le 25 nov. 2026, 08:00)."
        )


async def test_setting_replacing_showing_and_stopping_the_digest(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [none] = await home.say(MEMBER, "/digest")
        assert none.visible_text.startswith("📰 Pas de résumé quotidien dans cette discussion.\n")
        assert "/digest 08:00 : chaque jour à 08:00" in none.visible_text

        await home.say(MEMBER, "/digest 08:00")
        [replaced] = await home.say(MEMBER, "/digest 19h30")
        assert replaced.visible_text == (
            "✅ Résumé quotidien dans cette discussion à 19:30 (prochain le 23 nov. 2026, 19:30)."
        )
        [shown] = await home.say(MEMBER, "/digest")
        assert shown.visible_text.startswith(
            "📰 Résumé quotidien dans cette discussion à 19:30 (prochain le 23 nov. 2026, 19:30).\n"
        )
        await at(home, clock, paris(23, 19, 30))
        [digest] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert digest.visible_text.startswith("📰 Résumé quotidien depuis le 22 nov. 2026, 19:30\n")

        [off] = await home.say(MEMBER, "/digest off")
        assert off.visible_text == "✅ Plus de résumé quotidien dans cette discussion."
        await at(home, clock, paris(24, 19, 31))
        [again] = await home.say(MEMBER, "/digest off")  # the next message: no digest
        assert again.visible_text == "Il n'y avait pas de résumé quotidien dans cette discussion."


async def test_garbage_gets_the_usage(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for garbage in ("/digest 8", "/digest demain", "/digest 08:00 09:00", "/digest 24:00"):
            [usage] = await home.say(MEMBER, garbage)
            assert usage.visible_text.startswith("📰 Résumé quotidien\n/digest 08:00"), garbage
        [shown] = await home.say(MEMBER, "/digest")
        assert shown.visible_text.startswith("📰 Pas de résumé quotidien"), "nothing was set"
        [guest] = await home.say(GUEST, "/digest 08:00")
        assert "votre rôle ne permet pas" in guest.visible_text


async def test_in_english(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        [usage] = await home.say(MEMBER, "/digest tomorrow", language="en")
        assert usage.visible_text.startswith("📰 Daily digest\n/digest 08:00: every day at 08:00")
        [reply] = await home.say(MEMBER, "/digest 07:30", language="en")
        assert reply.visible_text == (
            "✅ Daily digest in this chat at 07:30 (next: 24 Nov 2026, 07:30)."
        )
        only_new_devices_are_mine(home)
        call = await home.box.missed_call("0612345678")
        call["datetime"] = stamp(clock.now + timedelta(hours=1))
        await at(home, clock, paris(24, 7, 30))
        [digest] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert digest.visible_text == (
            "📰 Daily digest since 23 Nov 2026, 07:30\n"
            "📥 Downloads added and finished: none\n"
            "📞 Missed calls: 1\n"
            "• 23 Nov 2026, 14:00 0612345678\n"
            "🆕 New devices: none"
        )
