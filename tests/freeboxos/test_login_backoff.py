"""Logins the box refused are spaced out: doubling from a minute, capped at an hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from freeboxos.auth import LoginBackoff
from freeboxos.errors import AccessRevokedError, RateLimitedError


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_each_refusal_doubles_the_wait_up_to_an_hour() -> None:
    clock = Clock()
    backoff = LoginBackoff(clock)
    waits = []
    for _ in range(9):
        backoff.refused(AccessRevokedError("révoquée", error_code="invalid_token"))
        assert backoff.retry_at is not None
        waits.append(backoff.retry_at - clock.now)
        clock.now = backoff.retry_at
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)]


def test_the_last_refusal_is_raised_again_until_the_wait_is_over() -> None:
    clock = Clock()
    backoff = LoginBackoff(clock)
    backoff.refused(RateLimitedError("trop d'erreurs", error_code="ratelimited", http_status=403))

    with pytest.raises(RateLimitedError) as caught:
        backoff.check()
    assert caught.value.error_code == "ratelimited" and caught.value.http_status == 403

    clock.now += timedelta(minutes=1)
    backoff.check()  # the wait is over: the next login may reach the box


def test_a_success_or_a_new_token_starts_over() -> None:
    clock = Clock()
    backoff = LoginBackoff(clock)
    for _ in range(3):
        backoff.refused(AccessRevokedError("révoquée", error_code="invalid_token"))
    backoff.reset()
    backoff.check()
    backoff.refused(AccessRevokedError("révoquée", error_code="invalid_token"))
    assert backoff.retry_at == clock.now + timedelta(minutes=1)
