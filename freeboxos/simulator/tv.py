"""The box's TV bouquet, as the simulator plays it: numbers, names, uuids."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Channel:
    number: int
    name: str
    uuid: str
    available: bool = True
    sub_number: int = 0


def default_channels() -> list[Channel]:
    """A few channels of the Freebox TV bouquet, a sub-channel and one not subscribed."""
    return [
        Channel(1, "TF1", "uuid-webtv-612"),
        Channel(2, "France 2", "uuid-webtv-201"),
        Channel(2, "France 2 UHD", "uuid-webtv-1201", sub_number=1),
        Channel(3, "France 3", "uuid-webtv-202"),
        Channel(5, "France 5", "uuid-webtv-203"),
        Channel(6, "M6", "uuid-webtv-613"),
        Channel(7, "Arte", "uuid-webtv-204"),
        Channel(14, "France 4", "uuid-webtv-374"),
        Channel(90, "Canal+ Sport", "uuid-webtv-400", available=False),
    ]
