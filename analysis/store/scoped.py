"""A handle on the store limited to one scope: the one place row-level access is enforced.

`ScopedDatabase(base, scope)` behaves like the `AllianceDatabase` it wraps, but its reads run on a
DuckDB of its own that holds only the scope's rows (`analysis/queries/store/scope.sql` says which; `analysis/auth/scope.py`
why) and has no store attached at all, no file access and a locked configuration. So every page,
export, report pack, explorer answer and SQL console snapshot made from it holds the scope's rows
only, and no query, however written, can reach another row: there is none in that database.

Writes go to the store through the wrapped handle, inside its one transaction, and are checked before
the commit: every row outside the scope (members of other countries, their roles and participations,
events hosted elsewhere, targets, the country reference) must be exactly as it was, or the whole
write is refused with the rows named.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from analysis.auth.scope import Scope
from analysis.errors import AllianceError, DataRuleError
from analysis.queries import load_script, macro_scripts
from analysis.store.connection import AllianceDatabase, CommitNote
from analysis.store.contract import ALL_TABLES
from analysis.store.extensions import CONNECTION_CONFIG
from analysis.store.lake import fetch_scalar

_BLOCK = re.compile(r"^-- (?P<kind>table|outside): (?P<table>\w+)$", re.MULTILINE)
CHECKED_TABLES = ("members", "roles", "events", "participation", "targets", "countries")


class ScopeError(DataRuleError):
    """A scoped editor's write touched rows outside their scope; nothing was changed."""


@functools.cache
def scope_queries() -> dict[tuple[str, str], str]:
    """("table" | "outside", table) -> its query, from scope.sql."""
    text = load_script("store/scope")
    headers = list(_BLOCK.finditer(text))
    queries = {}
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        body = "\n".join(line for line in text[header.end() : end].splitlines() if not line.startswith("--"))
        queries[(header["kind"], header["table"])] = body.strip().rstrip(";")
    return queries


class ScopedDatabase(AllianceDatabase):
    """The store as a user limited to `scope` sees it (reads) and may change it (writes)."""

    def __init__(self, base: AllianceDatabase, scope: Scope) -> None:
        self.base = base  # for writes and backups; never hand it to code that runs a user's SQL
        self.scope = scope
        self.location = base.location
        self.read_only = base.read_only
        self.reconnections = 0
        self._countries = sorted(scope.countries)
        self._mirror_lock = threading.Lock()
        self._mirror_version: int | None = None
        self._connection = duckdb.connect(":memory:", config=dict(CONNECTION_CONFIG))
        self._connection.execute("set enable_external_access = false")
        self._connection.execute("set lock_configuration = true")
        self._refresh_mirror()
        cursor = self._connection.cursor()
        try:
            for script in macro_scripts():
                cursor.execute(script)
        finally:
            cursor.close()

    @property
    def path(self) -> str:
        """The store's name and the scope: part of every cache key, so scopes never share a result."""
        return f"{self.base.path} [scope {self.scope.text}]"

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the scope's own database (the scope's rows only)."""
        self._refresh_mirror()
        return self._connection.cursor()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self._refresh_mirror()
        cursor = self._connection.cursor()
        try:
            cursor.execute("begin transaction")
            try:
                yield cursor
            except BaseException:
                cursor.execute("rollback")
                raise
            cursor.execute("commit")
        finally:
            cursor.close()

    @contextmanager
    def writing(
        self, tables: Iterable[str] | None = None, note: CommitNote | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The store's write transaction, refused whole when any row outside the scope changed."""
        with self.base.writing(tables, note) as cursor:
            before = self._outside_fingerprints(cursor)
            yield cursor
            after = self._outside_fingerprints(cursor)
            changed = [table for table in CHECKED_TABLES if before[table] != after[table]]
            if changed:
                raise ScopeError(self._refusal(cursor, changed))

    def data_version(self) -> int:
        return self.base.data_version()

    def write_duckdb_copy(self, target: Path) -> None:
        """A plain DuckDB file holding the scope's rows only (the SQL console's snapshot)."""
        target = Path(target)
        if target.exists():
            raise AllianceError(f"Cannot write a copy of the store to {target}: the file exists already.")
        copy = duckdb.connect(str(target), config=dict(CONNECTION_CONFIG))
        try:
            with self.reading() as cursor:
                for table in ALL_TABLES:
                    rows = cursor.execute(f"from {table}").to_arrow_table()
                    copy.register("scoped_rows", rows)
                    copy.execute(f"create table {table} as from scoped_rows")
                    copy.unregister("scoped_rows")
            copy.execute("checkpoint")
        finally:
            copy.close()

    @contextmanager
    def attached(self, file: Path, alias: str, *, read_only: bool) -> Iterator[str]:
        raise AllianceError(
            "A user limited to a scope cannot restore or attach a whole-store file; ask an administrator "
            "without a scope."
        )
        yield alias  # pragma: no cover (a generator, for the context manager)

    def close(self) -> None:
        self._connection.close()

    def _refresh_mirror(self) -> None:
        """Copy the scope's rows of the store's latest snapshot in, when a commit moved it (one transaction)."""
        latest = self.base.data_version()
        if latest == self._mirror_version:
            return
        with self._mirror_lock:
            if latest == self._mirror_version:
                return
            queries = scope_queries()
            with self.base.reading() as source:
                version = self.base.data_version()
                parameters = {"countries": self._countries}
                copied = {
                    table: source.execute(
                        queries[("table", table)],
                        parameters if "$countries" in queries[("table", table)] else None,
                    ).to_arrow_table()
                    for table in ALL_TABLES
                }
            cursor = self._connection.cursor()
            try:
                cursor.execute("begin transaction")
                for table, rows in copied.items():
                    cursor.register("scoped_rows", rows)
                    cursor.execute(f"create or replace table {table} as from scoped_rows")
                    cursor.unregister("scoped_rows")
                cursor.execute("commit")
            finally:
                cursor.close()
            self._mirror_version = version

    def _outside_fingerprints(self, cursor: duckdb.DuckDBPyConnection) -> dict[str, tuple[Any, Any]]:
        """(rows, sum of row hashes) of every table's rows outside the scope, in the write's transaction."""
        queries = scope_queries()
        fingerprints = {}
        for table in CHECKED_TABLES:
            query = queries[("outside", table)]
            row = cursor.execute(
                f"select count(*), coalesce(sum(hash(q))::hugeint, 0) from ({query}) as q",  # noqa: S608 (shipped SQL)
                {"countries": self._countries} if "$countries" in query else None,
            ).fetchall()[0]
            fingerprints[table] = (row[0], row[1])
        return fingerprints

    def _refusal(self, cursor: duckdb.DuckDBPyConnection, tables: list[str]) -> str:
        """Which rows outside the scope the write would change: the new state against the committed one."""
        queries = scope_queries()
        with self.base.reading() as committed:
            described = []
            for table in tables:
                query = queries[("outside", table)]
                parameters = {"countries": self._countries} if "$countries" in query else None
                before = set(committed.execute(query, parameters).fetchall())
                after = set(cursor.execute(query, parameters).fetchall())
                keys = sorted({str(row[0]) for row in before ^ after})
                listed = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
                described.append(f"{table} {listed}")
        return (
            f"Nothing was changed: you may change rows inside your scope ({self.scope.text}) only, and this "
            f"write would add, change or move rows outside it: {'; '.join(described)}. Members must be in "
            "a country of your scope, events hosted in one, roles and participations those of your "
            "members; targets and the country list are the whole alliance's. Remove those rows from the "
            "file (or ask someone without a scope) and import again."
        )


def whole_store(database: AllianceDatabase) -> AllianceDatabase:
    """The unscoped handle under `database`: only for backups of the whole store, never for a user's reads."""
    return database.base if isinstance(database, ScopedDatabase) else database


def scoped(database: AllianceDatabase, scope: Scope | None) -> AllianceDatabase:
    """`database` limited to `scope` (unchanged when there is none)."""
    return database if scope is None else ScopedDatabase(database, scope)


def count_rows(database: AllianceDatabase, table: str) -> int:
    with database.reading() as cursor:
        return int(fetch_scalar(cursor, f"select count(*) from {table}"))  # noqa: S608 (callers pass table names)
