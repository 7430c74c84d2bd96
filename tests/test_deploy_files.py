"""Static checks of the Dockerfile, .dockerignore and docker-compose.yml.

No Docker engine runs the tests, so parsing is the check: the deployment files must
agree with each other and with `bot.config.Settings`, whose field names (upper-cased)
are the environment variables. Renaming a variable on either side fails here.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from bot.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PYPROJECT = ROOT / "pyproject.toml"

DATA_DIR = "/data"
# What a user sets to run the product; each must be reachable through compose.
USER_SET_VARIABLES = {
    "TELEGRAM_BOT_TOKEN",
    "BOT_OWNER_IDS",
    "NOTIF_PUBLIC_URL",
    "FREEBOX_URL",
    "DATABASE_URL",
}
SETTINGS_VARIABLES = {name.upper() for name in Settings.model_fields}

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}; `$$` escapes.
_INTERPOLATION = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str, environ: dict[str, str]) -> str:
    """Expand a compose value the way Compose does, against `environ` only."""

    def expand(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        current = environ.get(name)
        if op in (":-", ":?") and not current:
            current = None
        if current is not None:
            return current
        if op in (":?", "?"):
            raise LookupError(f"{name}: {arg}")
        return arg if op in (":-", "-") else ""

    return _INTERPOLATION.sub(expand, value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def bot_service(compose: dict[str, Any]) -> dict[str, Any]:
    service = compose["services"]["bot"]
    assert isinstance(service, dict)
    return service


@pytest.fixture(scope="module")
def bot_environment(bot_service: dict[str, Any]) -> dict[str, str | None]:
    environment = bot_service["environment"]
    assert isinstance(environment, dict), "use the mapping syntax for environment"
    return {str(k): (None if v is None else str(v)) for k, v in environment.items()}


def dockerfile_instructions(*, all_stages: bool = False) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuations joined; the final stage by default."""
    logical: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "Dockerfile ends inside a line continuation"
    instructions: list[tuple[str, str]] = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    if all_stages:
        return instructions
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def instruction_args(keyword: str) -> list[str]:
    return [args for kw, args in dockerfile_instructions() if kw == keyword]


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for args in instruction_args("ENV"):
        for token in shlex.split(args):
            name, sep, value = token.partition("=")
            assert sep, f"use ENV NAME=value, not {args!r}"
            env[name] = value
    return env


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list)
    return [str(v) for v in value]


# --- compose ------------------------------------------------------------------


def test_compose_has_no_obsolete_version_key(compose: dict[str, Any]) -> None:
    assert "version" not in compose


def test_bot_is_built_from_this_directory(bot_service: dict[str, Any]) -> None:
    build = bot_service["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    assert PurePosixPath(context) == PurePosixPath(".")
    assert (ROOT / context / "Dockerfile").is_file()
    assert bot_service["restart"] == "unless-stopped"


def test_bot_env_file_is_optional(bot_service: dict[str, Any]) -> None:
    assert {"path": ".env", "required": False} in bot_service["env_file"]


def test_every_compose_variable_is_a_settings_field(
    bot_environment: dict[str, str | None],
) -> None:
    unknown = set(bot_environment) - SETTINGS_VARIABLES
    assert not unknown, f"compose sets variables Settings does not read: {sorted(unknown)}"


def test_every_user_set_variable_is_in_compose(
    bot_environment: dict[str, str | None],
) -> None:
    assert SETTINGS_VARIABLES >= USER_SET_VARIABLES, "Settings renamed a public variable"
    missing = USER_SET_VARIABLES - set(bot_environment)
    assert not missing, f"compose does not pass {sorted(missing)}"


def test_telegram_token_is_required_by_compose(
    bot_environment: dict[str, str | None],
) -> None:
    token = bot_environment["TELEGRAM_BOT_TOKEN"]
    assert token is not None
    with pytest.raises(LookupError, match="TELEGRAM_BOT_TOKEN"):
        interpolate(token, {})
    assert interpolate(token, {"TELEGRAM_BOT_TOKEN": "1:x"}) == "1:x"


def resolved_environment(
    bot_environment: dict[str, str | None], environ: dict[str, str]
) -> dict[str, str]:
    """The container's environment: keys without a value pass through only if set."""
    resolved: dict[str, str] = {}
    for name, value in bot_environment.items():
        if value is None:
            if name in environ:
                resolved[name] = environ[name]
        else:
            resolved[name] = interpolate(value, environ)
    return resolved


@pytest.mark.parametrize(
    "environ",
    [
        pytest.param({"TELEGRAM_BOT_TOKEN": "123:abc"}, id="only-token"),
        pytest.param(
            {
                "TELEGRAM_BOT_TOKEN": "123:abc",
                "BOT_OWNER_IDS": "12345,67890",
                "FREEBOX_URL": "https://mafreebox.freebox.fr",
                "NOTIF_PUBLIC_URL": "http://192.168.1.10:8080",
                "DATABASE_URL": "postgresql+asyncpg://freebox:freebox@postgres:5432/freebox",
            },
            id="typical-env-file",
        ),
    ],
)
def test_compose_environment_is_valid_settings(
    bot_environment: dict[str, str | None],
    environ: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unset optional variable must not reach the bot as an invalid empty string."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in resolved_environment(bot_environment, environ).items():
        monkeypatch.setenv(name, value)

    settings = load_settings(env_file=None)

    assert settings.data_dir == Path(DATA_DIR)
    assert settings.notif_host == "0.0.0.0"
    assert settings.telegram_bot_token == "123:abc"
    assert settings.freebox_url == environ.get("FREEBOX_URL")
    assert settings.notif_public_url == environ.get("NOTIF_PUBLIC_URL")
    assert settings.database_url == environ.get("DATABASE_URL")


def test_data_volume_is_declared_and_mounted_at_data_dir(
    compose: dict[str, Any],
    bot_service: dict[str, Any],
    bot_environment: dict[str, str | None],
) -> None:
    assert bot_environment["DATA_DIR"] == DATA_DIR
    assert "bot-data" in compose["volumes"]
    assert f"bot-data:{DATA_DIR}" in bot_service["volumes"]


def test_port_mapping_matches_notif_port(
    bot_service: dict[str, Any], bot_environment: dict[str, str | None]
) -> None:
    default_port = Settings.model_fields["notif_port"].default
    assert default_port == 8080
    notif_port = bot_environment["NOTIF_PORT"]
    assert notif_port is not None
    assert interpolate(notif_port, {}) == str(default_port)

    (mapping,) = bot_service["ports"]
    assert interpolate(mapping, {}) == f"{default_port}:{default_port}"
    # Changing NOTIF_PORT moves both sides of the mapping with the listener.
    assert interpolate(mapping, {"NOTIF_PORT": "9000"}) == "9000:9000"
    assert interpolate(notif_port, {"NOTIF_PORT": "9000"}) == "9000"


def test_bot_healthcheck_probes_healthz(bot_service: dict[str, Any]) -> None:
    test = bot_service["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    command = interpolate(" ".join(test[1:]), {"NOTIF_PORT": "compose-must-not-expand-this"})
    assert "compose-must-not-expand-this" not in command, "escape as $${NOTIF_PORT:-8080}"
    assert "http://127.0.0.1:${NOTIF_PORT:-8080}/healthz" in command
    assert "urllib.request" in command


def test_bot_waits_for_postgres_only_when_enabled(bot_service: dict[str, Any]) -> None:
    dependency = bot_service["depends_on"]["postgres"]
    assert dependency["condition"] == "service_healthy"
    assert dependency["required"] is False


def test_postgres_is_opt_in(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["profiles"] == ["postgres"]
    assert postgres["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    (volume,) = postgres["volumes"]
    name, _, target = volume.partition(":")
    assert name in compose["volumes"]
    assert target == "/var/lib/postgresql/data"


def test_documented_database_url_matches_postgres_service(compose: dict[str, Any]) -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert "docker compose --profile postgres up -d" in text
    match = re.search(r"DATABASE_URL=(postgresql\+asyncpg://\S+)", text)
    assert match, "document the DATABASE_URL for the postgres profile"
    url = match.group(1)

    env = {k: interpolate(v, {}) for k, v in compose["services"]["postgres"]["environment"].items()}
    expected = (
        f"postgresql+asyncpg://{env['POSTGRES_USER']}:{env['POSTGRES_PASSWORD']}"
        f"@postgres:5432/{env['POSTGRES_DB']}"
    )
    assert url == expected
    assert Settings(database_url=url, _env_file=None).database_url == url  # type: ignore[call-arg]


# --- Dockerfile ---------------------------------------------------------------


def test_dockerfile_is_python_311_slim() -> None:
    instructions = dockerfile_instructions(all_stages=True)
    assert ("ARG", "PYTHON_IMAGE=python:3.11-slim") in instructions
    images = [args.split()[0] for keyword, args in instructions if keyword == "FROM"]
    assert images and set(images) == {"${PYTHON_IMAGE}"}


def test_dockerfile_installs_with_postgres_extra() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "pip install --no-cache-dir '.[postgres]'" in text
    assert (
        "postgres"
        in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    )


def test_dockerfile_copies_every_package_and_the_readme() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    copied: set[str] = set()
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and parts[0] == "COPY" and not parts[1].startswith("--from"):
            copied.update(p.rstrip("/") for p in parts[1:-1])
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert copied >= packages | {"pyproject.toml", project["project"]["readme"]}

    ignored = {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert not copied & ignored, ".dockerignore hides a file the Dockerfile copies"
    assert {".git", ".env", "data", "tests", ".venv", "**/__pycache__"} <= ignored


def test_dockerfile_runtime_environment() -> None:
    env = dockerfile_env()
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["DATA_DIR"] == DATA_DIR
    not_settings = set(env) - {"PATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}
    assert not_settings <= SETTINGS_VARIABLES, "the image sets a variable Settings ignores"


def test_dockerfile_declares_data_volume() -> None:
    volumes = [v for args in instruction_args("VOLUME") for v in exec_form(args)]
    assert volumes == [DATA_DIR]


def test_dockerfile_runs_as_non_root() -> None:
    (user,) = instruction_args("USER")
    name = user.split(":")[0]
    assert name not in ("", "root", "0")


def test_dockerfile_exposes_the_compose_port(bot_service: dict[str, Any]) -> None:
    (mapping,) = bot_service["ports"]
    container_port = interpolate(mapping, {}).rsplit(":", 1)[1]
    assert instruction_args("EXPOSE") == [container_port]
    assert dockerfile_env().get("NOTIF_PORT", "8080") == container_port


def test_dockerfile_healthcheck_probes_healthz() -> None:
    (healthcheck,) = instruction_args("HEALTHCHECK")
    assert " CMD " in f" {healthcheck} "
    assert "http://127.0.0.1:${NOTIF_PORT:-8080}/healthz" in healthcheck
    assert "urllib.request" in healthcheck
    assert "curl" not in healthcheck and "wget" not in healthcheck


def test_dockerfile_command_runs_the_product() -> None:
    (command,) = instruction_args("CMD")
    assert exec_form(command) == ["freebox-bot", "run"]
    scripts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["scripts"]
    assert "freebox-bot" in scripts
