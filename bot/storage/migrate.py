"""Run Alembic migrations to head inside the running event loop (cookbook's shared connection).

Most starts find the database already at head. That is checked first, without Alembic:
the revision stored in `alembic_version` against the head read from the revision files
(their `revision` and `down_revision` assignments). Only when they differ, or when either
cannot be read, is Alembic imported and run; it and its templating are about a hundred
modules and a tenth of the process's memory that a restart does not need.
"""

from __future__ import annotations

import ast
import contextlib
import logging
from collections.abc import Iterator
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    """Alembic configuration pointing at the `migrations` package, wherever it is installed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("migrations")))
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Apply every pending migration; safe to call at each start."""
    heads = head_revisions()
    if heads is not None and heads == await current_revisions(engine):
        return
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
    log.info("database schema upgraded to %s", ", ".join(sorted(heads or ())) or "head")


def _upgrade(connection: Connection) -> None:
    with _alembic_quiet():
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextlib.contextmanager
def _alembic_quiet() -> Iterator[None]:
    """Alembic narrates its plugins and dialect at INFO ("Context impl SQLiteImpl"): nothing
    an operator acts on. Its warnings and errors still reach the log."""
    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(max(logging.WARNING, level))
    try:
        yield
    finally:
        alembic_log.setLevel(level)


async def current_revisions(engine: AsyncEngine) -> frozenset[str] | None:
    """The revisions the database is at (empty before the first migration); None if unknown."""
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(str(version) for (version,) in rows)
    except SQLAlchemyError:
        return None  # no such table yet, or unreadable: Alembic decides


def head_revisions() -> frozenset[str] | None:
    """The head revisions of the shipped migrations, read from the revision files without
    importing them; None when a file does not declare its revisions plainly."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (files("migrations") / "versions").iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        declared = _module_constants(script.read_text(encoding="utf-8"))
        revision, down = declared.get("revision"), declared.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
            parents.update(down)
        elif down is not None:
            return None
    heads = revisions - parents
    return frozenset(heads) if heads else None


def _module_constants(source: str) -> dict[str, object]:
    """`name = literal` and `name: type = literal` at the top level of a module."""
    found: dict[str, object] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                found[target.id] = value  # not a literal: not a plain declaration
    return found
