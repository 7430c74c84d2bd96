"""Fakes of the external services the product talks to, served over loopback for the tests."""

from tests.fakes.telegram_api import (
    DEFAULT_TOKEN,
    SENDING_METHODS,
    Call,
    FakeTelegram,
    MessageEdit,
    SentMessage,
    UploadedFile,
)

__all__ = [
    "DEFAULT_TOKEN",
    "SENDING_METHODS",
    "Call",
    "FakeTelegram",
    "MessageEdit",
    "SentMessage",
    "UploadedFile",
]
