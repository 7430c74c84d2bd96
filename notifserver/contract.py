"""The bodies of the box's requests, as the API document's notification server spec gives them.

Unknown fields are tolerated (the box may add some); wrong types are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _BoxBody(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class Registration(_BoxBody):
    """`POST /register`: the box created a target and gives us its id and our token back."""

    box_id: str = Field(min_length=1, max_length=64)
    device_type: str = Field(default="", max_length=32)
    token: str = Field(min_length=1, max_length=256)
    device_name: str | None = Field(default="", max_length=255)  # not promised to be a string
    device_id: str = Field(min_length=1, max_length=128)


class SendRequest(_BoxBody):
    """`POST /send`: one notification for several targets of the box."""

    devices: list[str]
    box_id: str = Field(min_length=1, max_length=64)
    title: str | None = None
    body: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


@dataclass
class SendResult:
    """What `/send` answers: each device id lands in exactly one list."""

    success_ids: list[str] = field(default_factory=list)
    failure_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[str]]:
        return {"failureIds": self.failure_ids, "successIds": self.success_ids}
