"""Shared fixtures for the FreeboxOS client tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from freeboxos import AppCredentials, AppInfo

# A copy of the steering repository's shared/data/real-box, kept with the tests.
REAL_BOX_DIR = Path(__file__).parents[1] / "data/real-box"


class MemoryTokenStore:
    """A TokenStore kept in memory, counting saves."""

    def __init__(self, credentials: AppCredentials | None = None) -> None:
        self.credentials = credentials
        self.saves = 0

    async def load(self) -> AppCredentials | None:
        return self.credentials

    async def save(self, credentials: AppCredentials) -> None:
        self.credentials = credentials
        self.saves += 1

    async def clear(self) -> None:
        self.credentials = None


@pytest.fixture
def app_info() -> AppInfo:
    return AppInfo(
        app_id="fr.example.freeboxbot",
        app_name="Freebox Bot",
        app_version="0.1.0",
        device_name="test host",
    )


@pytest.fixture
def token_store() -> MemoryTokenStore:
    """An empty store: the app is not paired yet."""
    return MemoryTokenStore()


@pytest.fixture
async def http_session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def real_box_dir() -> Path:
    assert REAL_BOX_DIR.is_dir(), f"captured real-box responses missing at {REAL_BOX_DIR}"
    return REAL_BOX_DIR


@pytest.fixture
def load_real(real_box_dir: Path) -> Callable[[str], Any]:
    """Load one captured response by file name."""

    def load(name: str) -> Any:
        return json.loads((real_box_dir / name).read_text(encoding="utf-8"))

    return load
