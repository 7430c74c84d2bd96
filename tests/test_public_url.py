"""Which NOTIF_PUBLIC_URL values the box cannot call, judged from the URLs alone."""

from __future__ import annotations

import pytest

from bot.box.public_url import unreachable_reason

HOME_BOX = "https://mafreebox.freebox.fr"


@pytest.mark.parametrize(
    ("public_url", "freebox_url", "why"),
    [
        ("http://127.0.0.1:8080", HOME_BOX, "loopback"),
        ("http://localhost:8080", None, "loopback"),
        ("http://[::1]:8080", "http://192.168.1.254", "loopback"),
        ("http://freebox-bot:8080", HOME_BOX, "single-label"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:9000", None),  # the simulator, beside us
        ("http://192.168.1.10:8080", HOME_BOX, None),
        ("https://bot.example.org/freebox", HOME_BOX, None),
    ],
)
def test_unreachable_public_urls_are_named(
    public_url: str, freebox_url: str | None, why: str | None
) -> None:
    reason = unreachable_reason(public_url, freebox_url)
    assert (reason is None) == (why is None), reason
    assert why is None or why in (reason or "")
