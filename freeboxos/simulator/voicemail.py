"""Voicemail left on the line (doc lines 1801-1980, v10.1+), each with a small WAV file.

Starts with the document's example message (line 1857).
"""

from __future__ import annotations

import io
import math
import time
import wave
from typing import Final

from .envelope import ApiError, JsonObject

EXAMPLE_VOICEMAIL: Final[JsonObject] = {
    "phone_number": "699999999",
    "read": False,
    "id": "20221215_154135_r0334371508.au",
    "duration": 8,
    "country_code": 33,
    "date": 1671115295,
}

_RATE: Final = 8000


def tone_wav(seconds: float = 0.25, frequency: float = 440.0) -> bytes:
    """A short, valid WAV file (8 kHz mono 16-bit tone): what a message sounds like here."""
    frames = bytearray()
    for i in range(int(_RATE * seconds)):
        sample = int(8000 * math.sin(2 * math.pi * frequency * i / _RATE))
        frames += sample.to_bytes(2, "little", signed=True)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(_RATE)
        wav.writeframes(bytes(frames))
    return buffer.getvalue()


class VoicemailBox:
    """Messages by id, newest last, and their audio."""

    def __init__(self) -> None:
        self.messages: dict[str, JsonObject] = {EXAMPLE_VOICEMAIL["id"]: dict(EXAMPLE_VOICEMAIL)}
        self.audio: dict[str, bytes] = {EXAMPLE_VOICEMAIL["id"]: tone_wav()}
        self._left = 0

    def get(self, voicemail_id: str) -> JsonObject:
        """One VoicemailEntry.

        Raises:
            ApiError: ``invalid_id``.
        """
        message = self.messages.get(voicemail_id)
        if message is None:
            raise ApiError("invalid_id", "Aucun message avec cet identifiant", status=404)
        return dict(message)

    def leave(self, number: str, duration: int = 8) -> JsonObject:
        """A caller leaves a message: national numbers lose their 0, as in the example."""
        now = time.time()
        stamp = time.strftime("%Y%m%d_%H%M%S", time.localtime(now))
        self._left += 1
        message_id = f"{stamp}_r{self._left:010d}.au"
        digits = number[1:] if number.startswith("0") else number
        message: JsonObject = {
            "phone_number": digits,
            "read": False,
            "id": message_id,
            "duration": duration,
            "country_code": 33,
            "date": int(now),
        }
        self.messages[message_id] = message
        self.audio[message_id] = tone_wav()
        return dict(message)

    def update(self, voicemail_id: str, body: JsonObject) -> JsonObject:
        """``PUT call/voicemail/{id}``: only ``read`` can change.

        Raises:
            ApiError: ``invalid_id`` or ``inval``.
        """
        self.get(voicemail_id)
        read = body.get("read")
        if read is not None:
            if not isinstance(read, bool):
                raise ApiError("inval")
            self.messages[voicemail_id]["read"] = read
        return self.get(voicemail_id)

    def delete(self, voicemail_id: str) -> None:
        """``DELETE call/voicemail/{id}``.

        Raises:
            ApiError: ``invalid_id``.
        """
        self.get(voicemail_id)
        del self.messages[voicemail_id]
        self.audio.pop(voicemail_id, None)
