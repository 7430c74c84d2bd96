"""Settings from the environment (and an optional `.env`), validated once at start.

The variable names are public interface (DESIGN.md): rename none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

#: What @BotFather hands out: the bot's numeric id, a colon, then 35 URL-safe characters.
#: Checked at start so that a placeholder such as ``123456:ABC…`` stops the bot at once
#: instead of being refused by Telegram forever.
BOT_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    """Everything `freebox-bot` reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        case_sensitive=False,
    )

    telegram_bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    bot_owner_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    freebox_url: str | None = None
    freebox_token_key: str | None = None
    database_url: str | None = None
    data_dir: Path = Path("./data")
    notif_host: str = "0.0.0.0"
    notif_port: int = Field(default=8080, ge=0, le=65535)
    notif_public_url: str | None = None
    notif_max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    log_level: LogLevel = "INFO"
    timezone: str = "Europe/Paris"

    @field_validator("bot_owner_ids", mode="before")
    @classmethod
    def _parse_owner_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError(
                    "expected comma-separated numeric Telegram user ids, e.g. 12345,67890"
                ) from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("telegram_api_url", "notif_public_url", "freebox_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "expected an SQLAlchemy async URL such as "
                "postgresql+asyncpg://user:pass@host/db or sqlite+aiosqlite:///path.db"
            ) from None
        if url.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError(
                f"driver {url.drivername!r} is not supported; "
                "use postgresql+asyncpg:// or sqlite+aiosqlite://"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone such as Europe/Paris") from None
        return value

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to an SQLite file inside DATA_DIR."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'freebox-bot.db').resolve()}"

    @property
    def zone(self) -> ZoneInfo:
        """The household's time zone, for times shown in chats."""
        return ZoneInfo(self.timezone)

    def require_telegram_token(self) -> str:
        """Return the bot token, or fail with the variable's name when it is missing or
        cannot be a bot token."""
        token = self.telegram_bot_token
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN: required (the token @BotFather gave you)")
        if not BOT_TOKEN_SHAPE.fullmatch(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN: this is not a bot token; @BotFather's look like "
                "123456789:AAH... (digits, a colon, then 35 letters, digits, - or _)"
            )
        return token


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Read and validate the settings; raise ConfigError with one line per bad variable."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "configuration"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise ConfigError("; ".join(lines)) from None
