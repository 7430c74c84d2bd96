"""Engine and session factory, built by the composition root (never at import time).

An SQLite file holds the endpoint secret, registration tokens and unused invitations: it,
its `-wal` and `-shm` are 0600 and DATA_DIR 0700, whatever the process's umask. SQLite
gives the `-wal` and `-shm` it creates the mode of the database file, so a private
database file is enough for them.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, a busy timeout and full fsync.

    The box is told "success" only after our commit, so the commit must survive a crash.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_sqlite_file(Path(parsed.database))
        connect_args = {"timeout": 30, **kwargs.pop("connect_args", {})}
        # Values stay out of SQLAlchemy's log and error messages: they hold the secrets.
        engine = create_async_engine(url, connect_args=connect_args, hide_parameters=True, **kwargs)
        event.listen(engine.sync_engine, "connect", sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def private_directory(directory: Path) -> None:
    """Create `directory` 0700, or make it and the files directly in it private again."""
    directory.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    _tighten(directory, PRIVATE_DIRECTORY)
    for entry in directory.iterdir():
        if entry.is_file() and not entry.is_symlink():
            _tighten(entry, PRIVATE_FILE)


def private_sqlite_file(database: Path) -> None:
    """Create the database file 0600 before SQLite does, and tighten an existing one's files."""
    if not database.parent.exists():
        database.parent.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    # O_CREAT with 0600 (an empty file is an empty SQLite database); the umask only narrows it.
    os.close(os.open(database, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for path in (database, *(Path(f"{database}{suffix}") for suffix in SQLITE_COMPANIONS)):
        if path.exists():
            _tighten(path, PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        log.warning("%s was open to others (mode %o); setting it to %o", path, current, mode)
        path.chmod(mode)


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (we hand them to other tasks)."""
    return async_sessionmaker(engine, expire_on_commit=False)
