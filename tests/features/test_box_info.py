"""/calls and /status: what the box is asked and what the household reads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import format_moment
from tests.features.household import (
    FAMILY_GROUP,
    GUEST,
    MEMBER,
    OWNER,
    STRANGER,
    household,
    without_a_box,
)

# The simulator's call log holds four missed calls captured from a real box.
FIXTURE_CALLS = [
    "• <b>Boulangerie Martin</b> (0988290475) · 19 févr. 2021, 17:38",
    "• 🆕 <b>0988290475</b> · 19 févr. 2021, 17:38",
    "• 🆕 <b>0367250217</b> · 18 févr. 2021, 16:32",
    "• 🆕 <b>0184726018</b> · 13 févr. 2021, 15:04",
]
UNREACHABLE = "📡 La Freebox ne répond pas pour le moment. Réessayez dans un instant."


def visible(lines: list[str]) -> str:
    return "\n".join(lines).replace("<b>", "").replace("</b>", "")


async def test_calls_lists_missed_calls_newest_first_in_local_time(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, "/calls")
        [request] = home.box.requests_to("call/log", "GET")
        assert request.path == "/api/v15/call/log/" and request.parsed_body is None
        assert reply.visible_text == visible(["📞 4 derniers appels manqués", *FIXTURE_CALLS])
        assert reply.body is not None and "<b>0367250217</b>" in reply.body

        home.box.calls.entries.insert(
            0, {**home.box.calls.entries[1], "id": 96, "type": "accepted"}
        )
        entry = home.box.calls.add_missed("0611223344", "Maman")
        entry["new"] = False
        when = datetime.fromtimestamp(entry["datetime"], ZoneInfo("Europe/Paris"))
        [reply] = await home.say(MEMBER, "/calls")
        assert reply.visible_text == visible(
            [
                "📞 5 derniers appels manqués",
                f"• Maman (0611223344) · {format_moment(when, 'fr', ZoneInfo('Europe/Paris'))}",
                *FIXTURE_CALLS,
            ]
        ), "the accepted call is left out"


async def test_calls_shows_ten_at_most_in_the_family_group(tmp_path: Path) -> None:
    async with household(tmp_path, timezone="America/Montreal") as home:
        home.box.calls.delete_all()
        for n in range(12):
            home.box.calls.entries.insert(
                0,
                {
                    "id": 200 + n,
                    "type": "missed",
                    "number": f"06000000{n:02d}",
                    "name": f"06000000{n:02d}",
                    "datetime": 1613752718 + 60 * n,
                    "new": False,
                    "contact_id": 0,
                    "line_id": 0,
                    "duration": 0,
                },
            )
        hidden = {**home.box.calls.entries[0], "id": 300, "number": "", "datetime": 1613000000}
        home.box.calls.entries.append(hidden)
        [reply] = await home.say(MEMBER, "/calls", chat=FAMILY_GROUP, language="en")
        lines = reply.visible_text.split("\n")
        assert lines[0] == "📞 Latest 10 missed calls"
        assert lines[1:] == [
            f"• 06000000{n:02d} · 19 Feb 2021, 11:{38 + n}" for n in range(11, 1, -1)
        ], "newest first, in the household's time zone, hidden number too old to show"


async def test_a_hidden_number_and_no_calls(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.calls.delete_all()
        [reply] = await home.say(MEMBER, "/calls")
        assert reply.visible_text == "😌 Aucun appel manqué."
        [english] = await home.say(OWNER, "/calls", language="en")
        assert english.visible_text == "😌 No missed calls."

        entry = home.box.calls.add_missed("")
        entry["name"] = ""
        [reply] = await home.say(MEMBER, "/calls")
        assert reply.visible_text.startswith("📞 Dernier appel manqué\n• 🆕 numéro masqué · ")


async def test_status_shows_model_connection_and_uptime(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, "/status")
        assert [(r.method, r.path) for r in home.box.requests[-2:]] == [
            ("GET", "/api/v15/system/"),
            ("GET", "/api/v15/connection/"),
        ]
        assert reply.visible_text == (
            "📦 Freebox v7 (r1) · version 4.2.5\n"
            "🌐 Connexion fibre : ✅ active\n"
            "📍 IPv4 : 82.67.00.00\n"
            "⬇️ Réception : 1,6 Mbit/s (ligne 1 Gbit/s)\n"
            "⬆️ Envoi : 11,5 Mbit/s (ligne 700 Mbit/s)\n"
            "⏱ Allumée depuis 156 j 19 h"
        )

        home.box.connection.update(
            state="down", media="xdsl", ipv4="", rate_down=0, bandwidth_down=0
        )
        home.box.system["uptime_val"] = 3900
        [english] = await home.say(MEMBER, "/status", chat=FAMILY_GROUP, language="en")
        assert english.visible_text == (
            "📦 Freebox v7 (r1) · version 4.2.5\n🌐 ADSL/VDSL connection: ❌ down\n⏱ Up for 1 h 05"
        )

        home.box.connection.update(
            state="up", media="backup_4g", ipv4="10.0.0.1", rate_down=2_500_000
        )
        [reply] = await home.say(MEMBER, "/status")
        assert "🌐 Connexion 4G de secours : ✅ active" in reply.visible_text
        assert "⬇️ Réception : 20 Mbit/s\n" in reply.visible_text, "no bandwidth known"


async def test_guests_and_strangers_are_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        before = len(home.box.requests)
        for command in ("/calls", "/status"):
            [guest] = await home.say(GUEST, command, chat=FAMILY_GROUP)
            assert "votre rôle ne permet pas" in guest.visible_text
            [stranger] = await home.say(STRANGER, command)
            assert "ce bot est privé" in stranger.visible_text
        assert home.box.requests[before:] == []


async def test_a_missing_permission_is_explained(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.withdraw("calls")
        home.box.expire_sessions()
        [reply] = await home.say(MEMBER, "/calls")
        assert "il manque le droit « Accès aux appels Freebox »" in reply.visible_text
        [english] = await home.say(MEMBER, "/calls", language="en", chat=FAMILY_GROUP)
        assert english.visible_text.startswith("🔐")


async def test_an_unreachable_box_is_explained(tmp_path: Path) -> None:
    async with without_a_box(tmp_path) as telegram:
        for command in ("/status", "/calls"):
            telegram.mark_seen(OWNER)
            telegram.push_message(OWNER, OWNER, command)
            [reply] = await telegram.wait_for_messages(OWNER, 1, timeout=15)
            assert reply.visible_text == UNREACHABLE
