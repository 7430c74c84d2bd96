"""Freebox Players on the LAN, as the box's player API sees them."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Final

from .envelope import ApiError, JsonObject

MEDIA_COMMANDS: Final = frozenset(
    {
        "play_pause",
        "stop",
        "prev",
        "next",
        "select_stream",
        "select_audio_track",
        "select_srt_track",
    }
)
_CAPABILITIES: Final[JsonObject] = {
    "play": True,
    "pause": True,
    "stop": True,
    "next": True,
    "prev": True,
    "record": False,
    "record_stop": False,
    "seek_forward": True,
    "seek_backward": True,
    "seek_to": True,
    "shuffle": False,
    "repeat_all": False,
    "repeat_one": False,
    "select_stream": True,
    "select_audio_track": True,
    "select_srt_track": True,
}


def _package_for(url: str) -> tuple[int, str]:
    if url.startswith("tv:"):
        return 24, "fr.freebox.tv"
    if "youtube.com" in url or "youtu.be" in url:
        return 51, "com.google.youtube"
    return 37, "fr.freebox.mediaplayer"


@dataclass
class Player:
    """One Freebox Player: identity, power, volume, and what it was asked to do."""

    id: int
    device_name: str
    uid: str
    stb_type: str = "stb_v7"
    api_version: str = "6.0"
    reachable: bool = True
    api_available: bool = True
    power_state: str = "running"
    volume: int = 25
    mute: bool = False
    current_url: str = "tv:?channel=2"
    opened: list[JsonObject] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    last_activity: int = field(default_factory=lambda: int(time.time()))

    def to_api(self) -> JsonObject:
        """The player as ``GET player`` lists it."""
        return {
            "device_name": self.device_name,
            "stb_type": self.stb_type,
            "uid": self.uid,
            "reachable": self.reachable,
            "api_version": self.api_version,
            "id": self.id,
            "api_available": self.api_available,
        }

    def status(self) -> JsonObject:
        """``GET player/{id}/api/v6/status/``."""
        self._check_reachable()
        if self.power_state != "running":
            return {"power_state": self.power_state}
        package_id, package = _package_for(self.current_url)
        return {
            "power_state": "running",
            "player": {
                "name": "Lecteur multimédia",
                "last_activity": self.last_activity,
                "capabilities": dict(_CAPABILITIES),
            },
            "foreground_app": {
                "package_id": package_id,
                "cur_url": self.current_url,
                "context": {},
                "package": package,
            },
        }

    def open(self, url: str, mime_type: str = "") -> None:
        """Open ``url`` (waking the player from standby, as a remote would)."""
        self._check_reachable()
        self.opened.append({"url": url, "type": mime_type})
        self.current_url = url
        self.power_state = "running"
        self.last_activity = int(time.time())

    def media_control(self, cmd: str) -> None:
        """Send a command to the active media player.

        Raises:
            ApiError: ``inval`` for an unknown command or a player in standby.
        """
        self._check_reachable()
        if cmd not in MEDIA_COMMANDS:
            raise ApiError("inval", "Commande inconnue")
        if self.power_state != "running":
            raise ApiError("inval", "Le player est en veille")
        self.commands.append(cmd)

    def set_volume(self, volume: object, mute: object) -> JsonObject:
        """Change volume (0-100) and/or mute.

        Raises:
            ApiError: ``inval``.
        """
        self._check_reachable()
        if volume is not None:
            if isinstance(volume, bool) or not isinstance(volume, int) or not 0 <= volume <= 100:
                raise ApiError("inval", "Volume invalide")
            self.volume = volume
        if mute is not None:
            if not isinstance(mute, bool):
                raise ApiError("inval", "mute invalide")
            self.mute = mute
        return self.volume_view()

    def volume_view(self) -> JsonObject:
        """``GET player/{id}/api/v6/control/volume/``."""
        self._check_reachable()
        return {"mute": self.mute, "volume": self.volume}

    def _check_reachable(self) -> None:
        if not self.reachable or not self.api_available:
            raise ApiError("internal_error", "Impossible de contacter le player")


def default_players() -> dict[int, Player]:
    """A running player in the living room and one in standby upstairs."""
    players = [
        Player(id=11, device_name="Freebox Player", uid="5d3fdb5b6ff3b1b2c5bb0e6d8a1e2f04"),
        Player(
            id=12,
            device_name="Freebox Player Chambre",
            uid="8c1a9e5d4c2b7a6f0e3d2c1b0a9f8e7d",
            stb_type="stb_v8",
            power_state="standby",
        ),
    ]
    return {p.id: p for p in players}
