"""Core statements compiled once per dialect and handed to the driver as they are.

Why: writing a `/send` batch is the notification server's hottest path, and for a batch
of a few dozen rows SQLAlchemy's per-execution work (cache-key lookup, execution context,
per-row parameter processing, `Row` objects) costs more than SQLite itself (see
BENCHMARKS.md). Here SQLAlchemy still writes the SQL for the dialect and still supplies
each column type's conversion (JSON, enums, SQLite datetimes), but both are worked out
once per dialect instead of at every execution; the converted rows go straight to the
driver's `executemany`. The statement runs on the caller's connection, inside its
transaction, so the transaction and durability rules do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # bind names, in the order a positional driver wants them
    positional: bool
    processors: tuple[tuple[str, _Processor], ...]  # only the binds that need one


class DriverStatement:
    """A statement with named binds, run with `fetch` (one parameter set) or `execute_many`."""

    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._by_dialect: dict[tuple[str, str, str], _Compiled] = {}

    def fetch(self, connection: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of a SELECT, as plain tuples (no result types are converted)."""
        compiled = self._compiled(connection.dialect)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, _for_driver(compiled, _converted(params, compiled)))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def execute_many(
        self,
        connection: Connection,
        rows: Sequence[Mapping[str, Any]],
        shared: Mapping[str, Any] | None = None,
    ) -> None:
        """Run the statement once per parameter set, in one driver `executemany`.

        `shared` values are the same in every row (a batch's timestamp, say): they are
        converted once for all rows.
        """
        if not rows:
            return
        compiled = self._compiled(connection.dialect)
        common = _converted(shared or {}, compiled)
        params = [_for_driver(compiled, {**common, **_converted(row, compiled)}) for row in rows]
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(compiled.sql, params)
        finally:
            cursor.close()

    def _compiled(self, dialect: Dialect) -> _Compiled:
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        if (known := self._by_dialect.get(key)) is None:
            # Compiled as for executemany: an INSERT gets no implicit RETURNING.
            compiled = self._statement.compile(dialect=dialect, for_executemany=True)
            if not isinstance(compiled, SQLCompiler):
                raise TypeError(f"not a SQL statement: {self._statement!r}")
            binds = compiled.binds
            names = tuple(compiled.positiontup or binds)
            processors = tuple(
                (name, processor)
                for name in names
                if (processor := binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            )
            known = _Compiled(compiled.string, names, compiled.positional, processors)
            self._by_dialect[key] = known
        return known


def _converted(values: Mapping[str, Any], compiled: _Compiled) -> dict[str, Any]:
    """The values, each converted by its column type's processor (where it has one)."""
    converted = dict(values)
    for name, process in compiled.processors:
        if name in converted:
            converted[name] = process(converted[name])
    return converted


def _for_driver(compiled: _Compiled, values: Mapping[str, Any]) -> Any:
    """Positional or named parameters, as the driver's paramstyle wants them."""
    if compiled.positional:
        return tuple(values[name] for name in compiled.names)
    return {name: values[name] for name in compiled.names}
