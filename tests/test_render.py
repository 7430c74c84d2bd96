"""Rendering asks the box for names, and degrades to ids when the box cannot answer."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from bot.delivery.enrich import DownloadFacts, HostFacts
from bot.delivery.render import Notification, Renderer
from freeboxos import FreeboxConnectionError

DOWNLOAD = Notification(None, None, {"type": "downloader", "data": 5, "event": "task_done"})
NEW_HOST = Notification(
    None,
    None,
    {"type": "lan", "event": "first_connection", "host_id": "ether-1", "interface": "pub"},
)
CALL = Notification(
    None, None, {"type": "phone", "event": "missed_call", "data": {"number": "0102030405"}}
)


class KnowingBox:
    async def download(self, task_id: int) -> DownloadFacts | None:
        return DownloadFacts(name=f"ubuntu-{task_id}.iso")

    async def host(self, host_id: str, interface: str | None) -> HostFacts | None:
        return HostFacts(name="iPhone de Léa <3")

    async def remembered_host_name(self, host_id: str) -> str | None:
        return None

    async def contact_name(self, number: str) -> str | None:
        return "Plombier"


class UnreachableBox:
    async def download(self, task_id: int) -> DownloadFacts | None:
        raise FreeboxConnectionError("connection refused")

    async def host(self, host_id: str, interface: str | None) -> HostFacts | None:
        raise FreeboxConnectionError("connection refused")

    async def remembered_host_name(self, host_id: str) -> str | None:
        return None

    async def contact_name(self, number: str) -> str | None:
        raise RuntimeError("unexpected")


class HangingBox:
    async def download(self, task_id: int) -> DownloadFacts | None:
        await asyncio.Event().wait()
        return None

    host = UnreachableBox.host
    remembered_host_name = UnreachableBox.remembered_host_name
    contact_name = UnreachableBox.contact_name


PARIS = ZoneInfo("Europe/Paris")


async def test_names_from_the_box_are_used_and_escaped() -> None:
    renderer = Renderer(KnowingBox(), PARIS)
    assert (await renderer.render(DOWNLOAD, "en")).plain == "✅ Download complete: ubuntu-5.iso"
    host = await renderer.render(NEW_HOST, "fr")
    assert "iPhone de Léa &lt;3" in host.html, "names from the box are HTML-escaped"
    assert "Plombier (0102030405)" in (await renderer.render(CALL, "fr")).plain


async def test_an_unreachable_box_falls_back_to_human_labels() -> None:
    renderer = Renderer(UnreachableBox(), PARIS)
    done = "✅ Téléchargement terminé : un téléchargement"
    assert (await renderer.render(DOWNLOAD, "fr")).plain == done
    assert "un appareil (ether-1)" in (await renderer.render(NEW_HOST, "fr")).plain
    assert "0102030405" in (await renderer.render(CALL, "fr")).plain


async def test_a_slow_box_does_not_hold_the_message() -> None:
    renderer = Renderer(HangingBox(), PARIS, enrich_timeout=0.05)
    assert (await renderer.render(DOWNLOAD, "en")).plain == "✅ Download complete: a download"


async def test_the_bots_own_notices_render_in_the_chats_language_with_text_escaped() -> None:
    renderer = Renderer(KnowingBox(), ZoneInfo("Europe/Paris"))
    notice = Notification(
        None,
        None,
        {"type": "freebox_bot.notice", "message": "health-box-down", "args": {"since": "<b>"}},
    )
    french = await renderer.render(notice, "fr")
    english = await renderer.render(notice, "en")
    assert french.html.startswith("⚠️ La Freebox ne répond plus depuis &lt;b&gt;")
    assert english.html.startswith("⚠️ The Freebox has not answered since &lt;b&gt;")


async def test_a_very_long_body_from_the_box_is_shown_cut_not_lost() -> None:
    renderer = Renderer(KnowingBox(), ZoneInfo("Europe/Paris"))
    body = "Alerte " + "x" * 5000 + " fin"
    rendered = await renderer.render(Notification("Titre", body, {"type": "vm"}), "fr")
    assert "Titre" in rendered.plain and "Alerte xxx" in rendered.plain
    assert rendered.plain.rstrip().endswith("…")
    assert len(rendered.plain) < 4096
