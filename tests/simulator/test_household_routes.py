"""The simulator's household routes as the document shows them on the wire, and the
console levers that drive them in a demo."""

from __future__ import annotations

import io
import wave
from typing import Any

import aiohttp
import pytest

from freeboxos import FreeboxClient
from freeboxos.simulator import SimulatorState
from freeboxos.simulator.console import execute
from freeboxos.simulator.console_text import Language
from tests.freeboxos.simulated_box import simulated_box


async def raw(
    client: FreeboxClient, method: str, path: str, **kwargs: Any
) -> aiohttp.ClientResponse:
    """One request as any HTTP client sends it, with the client's session token."""
    headers = {"X-Fbx-App-Auth": await client.session_token()}
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, client.base_url + path, headers=headers, **kwargs) as response,
    ):
        await response.read()
        return response


async def test_voicemail_audio_is_served_as_the_document_shows_it() -> None:
    async with simulated_box() as box:
        response = await raw(
            box.client, "GET", "call/voicemail/20221215_154135_r0334371508.au/audio_file"
        )
        audio = await box.client.voicemail.audio("20221215_154135_r0334371508.au")

    assert response.status == 200 and response.content_type == "audio/wav"
    assert (
        response.headers["Content-Disposition"]
        == 'inline; filename="20221215_154135_r0334371508.wav"'
    )
    with wave.open(io.BytesIO(audio)) as wav:
        assert wav.getnchannels() == 1


async def test_download_files_carry_the_documented_fields() -> None:
    async with simulated_box() as box:
        [task] = box.state.downloads.add_urls(["magnet:?xt=urn:btih:00ff&dn=clip.mp4"])
        headers = {"X-Fbx-App-Auth": await box.client.session_token()}
        async with (
            aiohttp.ClientSession() as http,
            http.get(
                f"{box.client.base_url}downloads/{task.id}/files", headers=headers
            ) as response,
        ):
            [file] = (await response.json())["result"]

    documented = {"id", "task_id", "path", "filepath", "mimetype", "name", "rx", "status"}
    assert documented | {"priority", "error", "size", "preview_url"} == set(file)


@pytest.mark.parametrize(("language", "said"), [("en", "voicemail"), ("fr", "message vocal")])
async def test_the_console_leaves_a_voicemail(language: Language, said: str) -> None:
    state = SimulatorState()
    reply = await execute(state, "voicemail 0612345678 20", language)

    assert reply.startswith(said) and reply.endswith("0612345678")
    [left] = [m for m in state.voicemail.messages.values() if m["phone_number"] == "612345678"]
    assert left["duration"] == 20 and not left["read"]


async def test_the_console_switches_remote_access_and_share_links_follow() -> None:
    async with simulated_box() as box:
        await execute(box.state, "remote off")
        off = await box.client.share_links.create("/Disque dur/a.mkv")
        await execute(box.state, "remote on")
        on = await box.client.share_links.create("/Disque dur/b.mkv")
        refused = await execute(box.state, "remote maybe")

    assert off.url == "" and on.url.startswith("http://")
    assert refused.startswith("error")


async def test_the_console_lets_a_device_join_a_guest_key() -> None:
    async with simulated_box("settings") as box:
        key = await box.client.create_wifi_custom_key(key="soiree-jeux", duration=600)
        reply = await execute(
            box.state, f"guest {key.id} aa:bb:cc:00:00:07 Tel-de-Sam 192.168.27.70"
        )
        [listed] = [k for k in await box.client.list_wifi_custom_keys() if k.id == key.id]

    assert "Tel-de-Sam" in reply
    assert [u.hostname for u in listed.users] == ["Tel-de-Sam"]
