"""/add, .torrent files, /downloads: what the box receives and what the household sees."""

from __future__ import annotations

import base64
from pathlib import Path

from sqlalchemy import func, select

from bot.storage.models import DownloadFollow
from bot.telegram.downloads_follow import FollowedDownloads
from bot.telegram.downloads_text import human_duration
from freeboxos.simulator.recording import FORM, MULTIPART
from tests.fakes import SentMessage
from tests.features.household import (
    FAMILY_GROUP,
    GUEST,
    MEMBER,
    OWNER,
    STRANGER,
    Household,
    household,
    without_a_box,
)
from tests.harness import ManualClock, eventually

TORRENT = b"d8:announce35:udp://tracker.example.org:1337/announce4:infod4:name10:ubuntu.isoee"
EXPIRED = "⌛ Ce bouton a expiré. Relancez la commande."

FOR_MARIE = "🚫 Ce bouton est pour Marie."  # the name the owners know


def b64(path: str) -> str:
    return base64.b64encode(path.encode()).decode()


async def send_file(
    home: Household,
    user: int,
    name: str,
    content: bytes,
    mime: str,
    *,
    chat: int | None = None,
    caption: str | None = None,
) -> list[SentMessage]:
    """`user` sends a file to the bot; returns the bot's reply."""
    chat_id = chat if chat is not None else user
    home.telegram.mark_seen(chat_id)
    home.telegram.push_document(
        chat_id,
        user,
        name,
        content,
        mime,
        caption=caption,
        chat_type="group" if chat_id < 0 else "private",
    )
    return await home.telegram.wait_for_messages(chat_id, 1, timeout=10)


async def follow_rows(home: Household) -> int:
    async with home.running.bot.running.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(DownloadFollow)) or 0)


def edits(home: Household) -> int:
    return len([c for c in home.telegram.calls_to("editMessageText") if c.ok])


async def test_add_one_link_sends_a_form_and_names_the_task(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, "/add https://example.org/debian-12.iso")
        [request] = home.box.requests_to("downloads/add", "POST")
        assert request.content_type == FORM
        assert request.parsed_body == {"download_url": "https://example.org/debian-12.iso"}
        assert reply.visible_text == (
            "📥 Téléchargement ajouté :\n• debian-12.iso\n📁 Dossier : /Disque dur/Téléchargements/"
        )
        assert reply.button_labels == ["👀 Suivre"]

        [reply] = await home.say(MEMBER, "/add ftp://example.org/film.mkv\ndir: /Disque dur/Films")
        request = home.box.requests_to("downloads/add", "POST")[-1]
        assert request.parsed_body == {
            "download_url": "ftp://example.org/film.mkv",
            "download_dir": b64("/Disque dur/Films"),
        }
        assert "film.mkv" in reply.visible_text
        assert "📁 Dossier : /Disque dur/Films" in reply.visible_text


async def test_add_several_links_with_a_folder_in_the_family_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        text = (
            "/add https://example.org/a.iso\n"
            "magnet:?xt=urn:btih:0123456789abcdef&dn=Vacances\n"
            "dir: /Disque dur/Films"
        )
        [reply] = await home.say(MEMBER, text, chat=FAMILY_GROUP)
        [request] = home.box.requests_to("downloads/add", "POST")
        assert request.content_type == FORM
        assert request.parsed_body == {
            "download_url_list": (
                "https://example.org/a.iso\nmagnet:?xt=urn:btih:0123456789abcdef&dn=Vacances"
            ),
            "download_dir": b64("/Disque dur/Films"),
        }
        assert reply.visible_text == (
            "📥 2 téléchargements ajoutés :\n• a.iso\n• Vacances\n📁 Dossier : /Disque dur/Films"
        )
        assert reply.button_labels == ["👀 Suivre : a.iso", "👀 Suivre : Vacances"]
        assert [t.download_dir for t in home.box.downloads.tasks.values()] == [
            b64("/Disque dur/Films")
        ] * 2


async def test_add_without_links_explains_how(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [usage] = await home.say(MEMBER, "/add")
        assert "/add lien" in usage.visible_text
        assert "dir: /Disque dur/Films" in usage.visible_text
        [bad] = await home.say(MEMBER, "/add https://example.org/a.iso\nbonjour")
        assert bad.visible_text.startswith("⚠️ Je ne sais pas quoi faire de « bonjour »")
        [bad_folder] = await home.say(MEMBER, "/add https://example.org/a.iso\ndir: Films")
        assert "« dir: Films »" in bad_folder.visible_text
        [english] = await home.say(MEMBER, "/add", language="en")
        assert "Several links: one per line" in english.visible_text
        assert home.box.requests_to("downloads/add") == []


async def test_a_torrent_file_is_uploaded_as_multipart(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await send_file(
            home,
            MEMBER,
            "ubuntu.torrent",
            TORRENT,
            "application/x-bittorrent",
            caption="dir: /Disque dur/Linux",
        )
        [request] = home.box.requests_to("downloads/add", "POST")
        assert request.content_type == MULTIPART
        upload = request.parsed_body["download_file"]
        assert (upload.filename, upload.data) == ("ubuntu.torrent", TORRENT)
        assert upload.content_type == "application/x-bittorrent"
        assert request.parsed_body["download_dir"] == b64("/Disque dur/Linux")
        assert reply.visible_text.startswith("📥 Téléchargement ajouté :\n• ubuntu\n")
        assert reply.button_labels == ["👀 Suivre"]


async def test_other_files_are_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await send_file(home, MEMBER, "notes.txt", b"hello", "text/plain")
        assert "que des fichiers .torrent ou .nzb" in reply.visible_text
        assert home.box.requests_to("downloads/add") == []
        assert home.telegram.calls_to("getFile") == [], "the file is not even fetched"


async def test_downloads_lists_progress_speed_and_time_left(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [empty] = await home.say(MEMBER, "/downloads")
        assert empty.visible_text.startswith("😌 Aucun téléchargement en cours")

        first, second = home.box.downloads.add_urls(
            ["https://example.org/debian.iso", "https://example.org/done.iso"]
        )
        home.box.progress_task(first.id, 42)
        home.box.downloads.complete(second.id)
        [listing] = await home.say(MEMBER, "/downloads")
        assert listing.visible_text == (
            "📥 Téléchargements en cours (1)\n\n"
            f"⬇️ debian.iso\n▓▓▓▓░░░░░░ 42 % · 1,2 Mo/s · reste {human_duration('fr', first.eta)}"
        )
        assert listing.button_labels == ["👀 Suivre", "⏸ Pause", "🗑 Supprimer"]

        [english] = await home.say(MEMBER, "/downloads", language="en")
        left = human_duration("en", first.eta)
        assert f"▓▓▓▓░░░░░░ 42% · 1.2 MB/s · {left} left" in english.visible_text
        assert english.button_labels == ["👀 Follow", "⏸ Pause", "🗑 Delete"]


async def test_a_followed_download_edits_one_message_until_done(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        refresh = home.running.bot.tick  # the periodic work: followed downloads refresh
        [added] = await home.say(MEMBER, "/add https://example.org/debian.iso")
        [task] = home.box.downloads.tasks.values()
        answer = await home.press(MEMBER, added, "Suivre")
        assert answer["text"] == "👀 Je mets ce message à jour jusqu'à la fin."
        assert added.visible_text.startswith("⬇️ debian.iso\n░░░░░░░░░░ 0 %")
        assert added.buttons == [], "the message became the progress message"
        assert await follow_rows(home) == 1

        home.box.progress_task(task.id, 42)
        await refresh()
        assert "▓▓▓▓░░░░░░ 42 %" in added.visible_text
        before = edits(home)
        await refresh()
        assert edits(home) == before, "no edit when nothing changed"

        home.box.progress_task(task.id, 73)
        # A new instance reads the same rows: following survives a restart.
        restarted = FollowedDownloads(
            home.running.bot.running.sessions,
            home.running.bot.running.link,
            home.running.bot.running.application.bot,
        )
        await restarted.refresh()
        assert "▓▓▓▓▓▓▓░░░ 73 %" in added.visible_text

        await home.box.complete_task(task.id)
        await refresh()
        assert added.visible_text == "✅ Téléchargement terminé : debian.iso"
        assert await follow_rows(home) == 1, "kept one more refresh, for the box's push"
        await refresh()
        assert await follow_rows(home) == 0
        assert home.telegram.unseen_messages(MEMBER) == [], "one message, edited"
        assert [(h or "").split("\n")[0] for h in added.history[1:]] == [
            "⬇️ <b>debian.iso</b>",
            "⬇️ <b>debian.iso</b>",
            "⬇️ <b>debian.iso</b>",
            "✅ Téléchargement terminé : <b>debian.iso</b>",
        ]


async def test_the_running_bot_refreshes_a_followed_download_every_three_seconds(
    tmp_path: Path,
) -> None:
    """No tick from the test: the bot's own loop refreshes followed messages on its clock."""
    clock = ManualClock()
    async with household(tmp_path, clock=clock, timer=clock, periodic_loop=True) as home:
        [added] = await home.say(MEMBER, "/add https://example.org/debian.iso")
        [task] = home.box.downloads.tasks.values()
        await home.press(MEMBER, added, "Suivre")
        home.box.progress_task(task.id, 42)
        clock.advance(seconds=3)

        async def refreshed() -> bool | None:
            return True if "▓▓▓▓░░░░░░ 42 %" in added.visible_text else None

        await eventually(refreshed)


def box_listings(home: Household) -> int:
    """How many times the bot asked the box for its downloads (`GET downloads/`)."""
    return len(home.box.requests_to("downloads/", "GET"))


async def test_the_box_is_asked_for_downloads_only_while_a_message_follows_one(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        refresh = home.running.bot.tick  # the periodic work: followed downloads refresh
        [added] = await home.say(MEMBER, "/add https://example.org/debian.iso")
        [task] = home.box.downloads.tasks.values()
        for _ in range(5):
            await refresh()
        assert box_listings(home) == 0, "nothing followed: the box is left alone"

        await home.press(MEMBER, added, "Suivre")
        home.box.progress_task(task.id, 42)
        await refresh()
        assert "▓▓▓▓░░░░░░ 42 %" in added.visible_text
        await refresh()
        assert box_listings(home) == 2

        await home.box.complete_task(task.id)
        await refresh()
        assert added.visible_text == "✅ Téléchargement terminé : debian.iso"
        await refresh()  # the finished row waited one refresh for the box's push
        asked, history = box_listings(home), list(added.history)
        for _ in range(5):
            await refresh()
        assert box_listings(home) == asked, "the task ended: the box is left alone again"
        assert added.history == history, "no edit after the final state"


async def test_following_from_the_list_and_a_failure(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        refresh = home.running.bot.tick  # the periodic work: followed downloads refresh
        [task] = home.box.downloads.add_urls(["https://example.org/broken.iso"])
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        await home.press(MEMBER, listing, "Suivre")
        [progress] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert progress.visible_text.startswith("⬇️ broken.iso")
        assert listing.button_labels == ["👀 Suivre", "⏸ Pause", "🗑 Supprimer"]
        second = await home.press(MEMBER, listing, "Suivre")
        assert second["text"] == EXPIRED

        await home.box.fail_task(task.id, "http_404")
        await refresh()
        assert progress.visible_text == (
            "❌ Échec du téléchargement : broken.iso, le serveur a répondu par l'erreur HTTP 404."
        )
        await refresh()  # the finished row waited one refresh for the box's push
        assert await follow_rows(home) == 0


async def test_pause_and_resume_from_the_list(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [task] = home.box.downloads.add_urls(["https://example.org/debian.iso"])
        [listing] = await home.say(MEMBER, "/downloads")
        old_pause = listing.callback_data("Pause")
        answer = await home.press(MEMBER, listing, "Pause")
        assert answer["text"] == "⏸ En pause"
        [put] = home.box.requests_to(f"downloads/{task.id}", "PUT")
        assert put.parsed_body == {"status": "stopped"}
        assert home.box.downloads.tasks[task.id].status == "stopped"
        assert "· en pause" in listing.visible_text
        assert "▶️ Reprendre" in listing.button_labels

        answer = await home.press(MEMBER, listing, "Reprendre")
        assert answer["text"] == "▶️ Reprise"
        assert home.box.requests_to(f"downloads/{task.id}", "PUT")[-1].parsed_body == {
            "status": "downloading"
        }
        assert home.box.downloads.tasks[task.id].status == "downloading"

        again = await home.press_data(MEMBER, listing, old_pause)
        assert again["text"] == EXPIRED
        assert len(home.box.requests_to(f"downloads/{task.id}", "PUT")) == 2


async def test_deleting_with_files_asks_first_and_acts_once(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        first, second, third = home.box.downloads.add_urls(
            [
                "https://example.org/one.iso",
                "https://example.org/two.iso",
                "https://example.org/three.iso",
            ]
        )
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        assert "1. ⬇️ one.iso" in listing.visible_text
        assert "🗑 Supprimer 2" in listing.button_labels

        await home.press(MEMBER, listing, "🗑 Supprimer 1")
        [dialog] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert dialog.visible_text == "🗑 Supprimer one.iso ?"
        assert dialog.button_labels == [
            "🗑 Retirer de la liste, garder les fichiers",
            "🔥 Effacer aussi les fichiers",
            "Annuler",
        ]
        await home.press(MEMBER, dialog, "Effacer aussi")
        assert dialog.visible_text.startswith("⚠️ Effacer one.iso et tous ses fichiers ?")
        assert dialog.button_labels == ["🔥 Oui, tout effacer", "Annuler"]
        assert home.box.requests_to(f"downloads/{first.id}", "DELETE") == []
        assert home.box.requests_to(f"downloads/{first.id}/erase") == []

        _, twice = await home.press_twice(MEMBER, dialog, "Oui, tout effacer")
        assert twice["text"] == EXPIRED
        assert len(home.box.requests_to(f"downloads/{first.id}/erase", "DELETE")) == 1
        assert dialog.visible_text == "🔥 one.iso et ses fichiers sont effacés."
        assert first.id not in home.box.downloads.tasks and first.erased
        assert "one.iso" not in listing.visible_text, "the list no longer shows it"

        await home.press(MEMBER, listing, "🗑 Supprimer 1")
        [dialog] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        await home.press(MEMBER, dialog, "Effacer aussi")
        confirm = dialog.callback_data("Oui, tout effacer")
        await home.press(MEMBER, dialog, "Annuler")
        assert dialog.visible_text == "Annulé : rien n'a été supprimé."
        assert (await home.press_data(MEMBER, dialog, confirm))["text"] == EXPIRED
        assert second.id in home.box.downloads.tasks
        assert home.box.requests_to(f"downloads/{second.id}/erase") == []

        await home.press(MEMBER, listing, "🗑 Supprimer 2")
        [dialog] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        await home.press(MEMBER, dialog, "garder les fichiers")
        [removal] = home.box.requests_to(f"downloads/{third.id}", "DELETE")
        assert removal.path.endswith(f"/downloads/{third.id}")
        assert not third.erased and third.id not in home.box.downloads.tasks
        assert (
            dialog.visible_text == "🗑 three.iso est retiré de la liste ; ses fichiers sont gardés."
        )


async def test_only_the_person_who_asked_confirms_an_erase(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [task] = home.box.downloads.add_urls(["https://example.org/one.iso"])
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        await home.press(MEMBER, listing, "Supprimer")
        [dialog] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        await home.press(MEMBER, dialog, "Effacer aussi")
        refused = await home.press(OWNER, dialog, "Oui, tout effacer")
        assert refused["text"] == FOR_MARIE
        assert task.id in home.box.downloads.tasks
        guest = await home.press(GUEST, listing, "Pause")
        assert "votre rôle ne permet pas" in guest["text"]
        assert home.box.requests_to(f"downloads/{task.id}", "PUT") == []


async def test_guests_and_strangers_are_refused(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [guest] = await home.say(GUEST, "/add https://example.org/a.iso")
        assert "votre rôle ne permet pas" in guest.visible_text
        [guest_list] = await home.say(GUEST, "/downloads")
        assert "votre rôle ne permet pas" in guest_list.visible_text
        [guest_file] = await send_file(
            home, GUEST, "a.torrent", TORRENT, "application/x-bittorrent"
        )
        assert "votre rôle ne permet pas" in guest_file.visible_text
        [stranger] = await home.say(STRANGER, "/add https://example.org/a.iso")
        assert "ce bot est privé" in stranger.visible_text
        [stranger_file] = await send_file(
            home, STRANGER, "a.torrent", TORRENT, "application/x-bittorrent"
        )
        assert "ce bot est privé" in stranger_file.visible_text
        assert home.box.requests_to("downloads/add") == []
        assert home.box.requests_to("downloads/", "GET") == []
        assert home.telegram.calls_to("getFile") == []


async def test_files_in_the_family_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await send_file(
            home, MEMBER, "série.nzb", b"<nzb/>", "application/x-nzb", chat=FAMILY_GROUP
        )
        assert question.visible_text == "📥 Ajouter ce téléchargement ?\n• série.nzb"
        assert home.box.requests_to("downloads/add") == [], "a shared file is asked about"
        home.telegram.mark_seen(FAMILY_GROUP)
        await home.press(MEMBER, question, "📥 Ajouter")
        [reply] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert reply.visible_text.startswith("📥 Téléchargement ajouté :\n• série\n")
        [request] = home.box.requests_to("downloads/add", "POST")
        assert request.parsed_body["download_file"].filename == "série.nzb"

        home.telegram.push_document(
            FAMILY_GROUP, MEMBER, "photo.pdf", b"%PDF", "application/pdf", chat_type="group"
        )
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        assert listing.visible_text.startswith("📥 Téléchargements en cours (1)"), (
            "a shared PDF gets no answer in the group"
        )


async def test_box_errors_are_explained(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [task] = home.box.downloads.add_urls(["https://example.org/one.iso"])
        [listing] = await home.say(MEMBER, "/downloads")
        home.box.withdraw("downloader")
        home.box.expire_sessions()
        [reply] = await home.say(MEMBER, "/add https://example.org/a.iso")
        assert "il manque le droit « Accès au gestionnaire de téléchargements »" in (
            reply.visible_text
        )
        [reply] = await home.say(MEMBER, "/downloads")
        assert "Accès au gestionnaire de téléchargements" in reply.visible_text
        await home.press(MEMBER, listing, "Pause")
        [reply] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert "Accès au gestionnaire de téléchargements" in reply.visible_text
        assert home.box.downloads.tasks[task.id].status == "downloading"

        home.box.grant("downloader")
        home.box.expire_sessions()
        [refused] = await home.say(MEMBER, "/add https://example.org/one.iso")
        assert refused.visible_text.startswith("⚠️ La Freebox a refusé")


async def test_an_unreachable_box_is_explained(tmp_path: Path) -> None:
    async with without_a_box(tmp_path) as telegram:
        telegram.push_message(OWNER, OWNER, "/add https://example.org/a.iso")
        [reply] = await telegram.wait_for_messages(OWNER, 1, timeout=15)
        assert (
            reply.visible_text
            == "📡 La Freebox ne répond pas pour le moment. Réessayez dans un instant."
        )
