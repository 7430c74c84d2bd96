"""/play, /tv and /remote: what the Player is asked to do and what the household sees."""

from __future__ import annotations

from pathlib import Path

from freeboxos.simulator.recording import RecordedRequest
from tests.features.household import (
    FAMILY_GROUP,
    GUEST,
    MEMBER,
    OWNER,
    STRANGER,
    Household,
    household,
)

EXPIRED = "⌛ Ce bouton a expiré. Relancez la commande."
LIVING_ROOM, BEDROOM = 11, 12
REMOTE_KEYS = [
    "⏮ Précédent",
    "⏯ Lecture/Pause",
    "⏭ Suivant",
    "🔉 Moins fort",
    "🔇 Muet",
    "🔊 Plus fort",
]


def player_requests(home: Household) -> list[RecordedRequest]:
    """Every request the box received for its Players."""
    return [r for r in home.box.requests if "/player" in r.path]


def opened(home: Household, player_id: int) -> list[RecordedRequest]:
    return home.box.requests_to(f"player/{player_id}/api/v6/control/open", "POST")


def only_player(home: Household, player_id: int) -> None:
    """Keep one Player on the LAN."""
    for other in [p for p in home.box.players if p != player_id]:
        del home.box.players[other]


async def test_play_opens_the_link_on_the_only_player_with_its_type(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [reply] = await home.say(MEMBER, "/play https://example.org/films/vacances.mkv")
        [request] = opened(home, LIVING_ROOM)
        assert request.path.endswith("/player/11/api/v6/control/open")
        assert request.parsed_body == {
            "url": "https://example.org/films/vacances.mkv",
            "type": "video/x-matroska",
        }
        assert reply.visible_text == (
            "▶️ J'ouvre https://example.org/films/vacances.mkv sur Freebox Player."
        )
        assert home.box.players[LIVING_ROOM].current_url.endswith("vacances.mkv")

        await home.say(MEMBER, "/play https://example.org/live/stream.m3u8?token=abc")
        assert opened(home, LIVING_ROOM)[-1].parsed_body == {
            "url": "https://example.org/live/stream.m3u8?token=abc",
            "type": "application/vnd.apple.mpegurl",
        }
        await home.say(MEMBER, "/play https://example.org/clip.mp4")
        assert opened(home, LIVING_ROOM)[-1].parsed_body["type"] == "video/mp4"
        # No file name: the Player decides (YouTube opens its app, as the document shows).
        [english] = await home.say(
            MEMBER, "/play https://www.youtube.com/watch?v=plty5v5-a0Y", language="en"
        )
        assert opened(home, LIVING_ROOM)[-1].parsed_body == {
            "url": "https://www.youtube.com/watch?v=plty5v5-a0Y"
        }
        assert english.visible_text == (
            "▶️ Opening https://www.youtube.com/watch?v=plty5v5-a0Y on Freebox Player."
        )


async def test_tv_puts_a_channel_on_in_the_family_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [reply] = await home.say(MEMBER, "/tv 2", chat=FAMILY_GROUP)
        [request] = opened(home, LIVING_ROOM)
        assert request.parsed_body == {"url": "tv:?channel=2"}
        assert reply.visible_text == "📺 Chaîne 2 (France 2) sur Freebox Player."
        [owner] = await home.say(OWNER, "/tv 1234", chat=FAMILY_GROUP)
        assert owner.visible_text.startswith("📺 La Freebox n'a pas de chaîne 1234.")
        assert len(opened(home, LIVING_ROOM)) == 1, "a channel the box lacks is not opened"


async def test_choosing_between_two_players_acts_once(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.players[BEDROOM].power_state = "running"
        [question] = await home.say(MEMBER, "/play https://example.org/a.mp4", chat=FAMILY_GROUP)
        assert question.visible_text == "📺 Sur quel Player ?"
        assert question.button_labels == ["📺 Freebox Player", "📺 Freebox Player Chambre"]
        assert [r.path for r in player_requests(home)] == ["/api/v15/player"]
        sibling = question.callback_data("📺 Freebox Player")

        _, second = await home.press_twice(MEMBER, question, "📺 Freebox Player Chambre")
        assert second["text"] == EXPIRED
        [request] = opened(home, BEDROOM)
        assert request.parsed_body == {"url": "https://example.org/a.mp4", "type": "video/mp4"}
        assert question.visible_text == (
            "▶️ J'ouvre https://example.org/a.mp4 sur Freebox Player Chambre."
        )
        assert question.buttons == [], "the question became the answer"
        assert (await home.press_data(MEMBER, question, sibling))["text"] == EXPIRED
        assert opened(home, LIVING_ROOM) == []
        assert home.telegram.unseen_messages(FAMILY_GROUP) == []


async def test_a_player_in_standby_or_unreachable_is_sent_nothing(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        # The simulator's bedroom Player is in standby.
        [question] = await home.say(MEMBER, "/tv 5")
        await home.press(MEMBER, question, "📺 Freebox Player Chambre")
        assert question.visible_text == (
            "💤 Freebox Player Chambre est en veille : allumez-le avec sa télécommande, "
            "puis réessayez. Je ne lui ai rien envoyé."
        )
        assert opened(home, BEDROOM) == [] and home.box.players[BEDROOM].opened == []
        assert home.box.players[BEDROOM].power_state == "standby"

        only_player(home, BEDROOM)
        [reply] = await home.say(MEMBER, "/play https://example.org/a.mp4", language="en")
        assert reply.visible_text.startswith("💤 Freebox Player Chambre is in standby")
        assert opened(home, BEDROOM) == []

        home.box.players[BEDROOM].reachable = False
        before = len(player_requests(home))
        [reply] = await home.say(MEMBER, "/tv 2")
        assert reply.visible_text.startswith("📡 Freebox Player Chambre ne répond pas")
        assert [r.path for r in player_requests(home)[before:]] == ["/api/v15/player"]


async def test_unreachable_players_are_marked_in_the_choice(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.players[BEDROOM].reachable = False
        [question] = await home.say(MEMBER, "/remote")
        assert question.button_labels == [
            "📺 Freebox Player",
            "📺 Freebox Player Chambre (injoignable)",
        ]


async def test_the_remote_sends_media_commands_and_volume(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        player = home.box.players[LIVING_ROOM]
        [remote] = await home.say(MEMBER, "/remote")
        assert remote.visible_text == "🎮 Télécommande de Freebox Player"
        assert remote.button_labels == REMOTE_KEYS
        assert [len(row) for row in remote.buttons] == [3, 3]

        answers = [(await home.press(MEMBER, remote, "Lecture/Pause"))["text"] for _ in range(2)]
        assert answers == ["⏯ Lecture/pause"] * 2, "remote keys work again and again"
        assert (await home.press(MEMBER, remote, "Suivant"))["text"] == "⏭ Suivant"
        assert (await home.press(MEMBER, remote, "Précédent"))["text"] == "⏮ Précédent"
        media = home.box.requests_to("player/11/api/v6/control/mediactrl", "POST")
        assert [r.parsed_body for r in media] == [
            {"cmd": "play_pause"},
            {"cmd": "play_pause"},
            {"cmd": "next"},
            {"cmd": "prev"},
        ]
        assert player.commands == ["play_pause", "play_pause", "next", "prev"]

        volume_path = "player/11/api/v6/control/volume"
        assert (await home.press(MEMBER, remote, "Plus fort"))["text"] == "🔊 Volume : 30"
        assert (await home.press(MEMBER, remote, "Moins fort"))["text"] == "🔊 Volume : 25"
        assert (await home.press(MEMBER, remote, "Muet"))["text"] == "🔇 Son coupé"
        assert (await home.press(MEMBER, remote, "Muet"))["text"] == "🔈 Son rétabli"
        puts = home.box.requests_to(volume_path, "PUT")
        assert [r.parsed_body for r in puts] == [
            {"volume": 30},
            {"volume": 25},
            {"mute": True},
            {"mute": False},
        ]
        assert (player.volume, player.mute) == (25, False)
        assert remote.visible_text == "🎮 Télécommande de Freebox Player", "no edit"


async def test_remote_for_the_player_chosen_in_the_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.players[BEDROOM].power_state = "running"
        [question] = await home.say(MEMBER, "/remote", chat=FAMILY_GROUP, language="en")
        assert question.visible_text == "📺 On which Player?"
        await home.press(MEMBER, question, "Chambre", language="en")
        assert question.visible_text == "🎮 Remote control of Freebox Player Chambre"
        assert question.button_labels == [
            "⏮ Previous",
            "⏯ Play/Pause",
            "⏭ Next",
            "🔉 Quieter",
            "🔇 Mute",
            "🔊 Louder",
        ]
        answer = await home.press(OWNER, question, "Next", language="en")
        assert answer["text"] == "⏭ Next"
        [request] = home.box.requests_to("player/12/api/v6/control/mediactrl", "POST")
        assert request.parsed_body == {"cmd": "next"}
        assert home.box.players[LIVING_ROOM].commands == []


async def test_bad_input_gets_the_usage(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for text in (
            "/play",
            "/play bonjour",
            "/play ftp://example.org/a.mkv",
            "/play https://",
            "/play http://[oops/a.mkv",
            "/play https://example.org/a.mkv https://example.org/b.mkv",
            "/tv",
            "/tv 0",
            "/tv 0000",
        ):
            [usage] = await home.say(MEMBER, text)
            assert usage.visible_text.startswith("📺 Freebox Player\n/play lien"), text
            assert "/tv numéro" in usage.visible_text
        [english] = await home.say(MEMBER, "/play news", language="en", chat=FAMILY_GROUP)
        assert "/play link: opens a video" in english.visible_text
        assert player_requests(home) == []


async def test_guests_and_strangers_are_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        for command in ("/play https://example.org/a.mp4", "/tv 2", "/remote"):
            [guest] = await home.say(GUEST, command)
            assert "votre rôle ne permet pas" in guest.visible_text
            [stranger] = await home.say(STRANGER, command)
            assert "ce bot est privé" in stranger.visible_text
        assert player_requests(home) == []

        [remote] = await home.say(MEMBER, "/remote", chat=FAMILY_GROUP)
        refused = await home.press(GUEST, remote, "Lecture/Pause")
        assert "votre rôle ne permet pas" in refused["text"]
        assert home.box.requests_to("control/mediactrl") == []


async def test_box_errors_are_explained(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        only_player(home, LIVING_ROOM)
        [remote] = await home.say(MEMBER, "/remote")
        home.box.withdraw("player")
        home.box.expire_sessions()
        missing = "il manque le droit « Contrôle du Freebox Player »"
        [reply] = await home.say(MEMBER, "/play https://example.org/a.mp4")
        assert missing in reply.visible_text
        [reply] = await home.say(MEMBER, "/tv 2", chat=FAMILY_GROUP)
        assert missing in reply.visible_text
        answer = await home.press(MEMBER, remote, "Plus fort")
        assert missing in answer["text"]
        assert opened(home, LIVING_ROOM) == []
        assert home.box.requests_to("control/volume", "PUT") == []

        home.box.grant("player")
        home.box.players[LIVING_ROOM].power_state = "standby"
        answer = await home.press(MEMBER, remote, "Lecture/Pause")
        assert answer["text"] == "⚠️ La Freebox a refusé : Le player est en veille"
