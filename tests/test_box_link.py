"""The bot finds its box: FREEBOX_URL, and the remote port read again from DNS when it moved."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.box.link import BoxLink
from bot.config import Settings
from freeboxos import FreeboxConnectionError
from freeboxos.discovery import SrvRecord
from freeboxos.simulator import SimulatorState, create_simulator_app
from tests.process import free_port


class StubResolver:
    def __init__(self, port: int) -> None:
        self.port = port
        self.asked: list[str] = []

    async def resolve_srv(self, name: str) -> Sequence[SrvRecord]:
        self.asked.append(name)
        return [SrvRecord(priority=10, weight=0, port=self.port, target="box.")]


def _settings(tmp_path: Path, freebox_url: str) -> Settings:
    return Settings(_env_file=None, freebox_url=freebox_url, data_dir=tmp_path)  # type: ignore[call-arg]


async def test_a_moved_remote_port_is_read_from_the_srv_record(tmp_path: Path) -> None:
    box = SimulatorState()
    async with TestServer(create_simulator_app(box), host="127.0.0.1") as server:
        resolver = StubResolver(server.port or 0)
        stale = f"http://localhost:{free_port()}"
        link = BoxLink(_settings(tmp_path, stale), srv_resolver=resolver, timeout=2)
        try:
            found = await link.box()
        finally:
            await link.close()
        assert resolver.asked == ["_https._tcp.localhost"]
        assert found.base_url == f"http://localhost:{server.port}"
        assert found.api.major == 15
        await box.aclose()


async def test_an_ip_address_is_not_looked_up(tmp_path: Path) -> None:
    resolver = StubResolver(1)
    link = BoxLink(
        _settings(tmp_path, f"http://127.0.0.1:{free_port()}"), srv_resolver=resolver, timeout=2
    )
    try:
        with pytest.raises(FreeboxConnectionError):
            await link.client()
    finally:
        await link.close()
    assert resolver.asked == []
