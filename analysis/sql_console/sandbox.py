"""The snapshot untrusted SQL reads: a plain DuckDB file holding the alliance tables, made for the console.

The console never reads the store itself. Its workers (`analysis.sql_console.worker`) open a snapshot,
read-only and locked down:

- given a store's address (the command line), a snapshot of that store, used once;
- given the app's open `AllianceDatabase`, a snapshot of it, remade when the data version changes and
  deleted when replaced.

A snapshot is written by DuckDB itself (`AllianceDatabase.write_duckdb_copy`, never a file copy), then
prepared in this process before any worker sees it: the columns that name people (`HIDDEN_COLUMNS`) are
dropped, and the shared definitions (`analysis/queries/store/macros*.sql`) are defined in it, so a query can call
`active_members(...)` or `is_active_on(...)` as the metrics do. The schema browser reads the columns
recorded then.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis.errors import AllianceError
from analysis.queries import macro_scripts, quoted_identifier
from analysis.sql_console.policy import HIDDEN_COLUMNS
from analysis.store.connection import AllianceDatabase, open_database


@dataclass(frozen=True)
class SnapshotColumn:
    table: str
    column: str
    data_type: str


class Snapshot:
    """One prepared snapshot file, its private folder, and the columns it holds (closed when retired and unused)."""

    def __init__(self, path: Path, folder: Path | None, columns: tuple[SnapshotColumn, ...]) -> None:
        self.path = path
        self.folder = folder
        self.columns = columns
        self._users = 0
        self._retired = False
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self._users += 1

    def leave(self) -> None:
        with self._lock:
            self._users -= 1
            remove_now = self._retired and self._users == 0
        if remove_now:
            self._remove()

    def retire(self) -> None:
        """Remove once the last query using it has finished."""
        with self._lock:
            self._retired = True
            remove_now = self._users == 0
        if remove_now:
            self._remove()

    def _remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            _snapshot_dirs.discard(self.folder)


def prepare_snapshot(path: Path) -> tuple[SnapshotColumn, ...]:
    """Drop the hidden columns, define the shared macros, and list the columns (a file no one else has open)."""
    connection = duckdb.connect(str(path))
    try:
        present = {
            (str(table).lower(), str(column).lower())
            for table, column in connection.execute(
                "select table_name, column_name from duckdb_columns() where database_name = current_database()"
            ).fetchall()
        }
        for table, columns in HIDDEN_COLUMNS.items():
            for column in columns:
                if (table, column) in present:
                    connection.execute(
                        f"alter table {quoted_identifier(table)} drop column {quoted_identifier(column)}"
                    )
        for statements in macro_scripts():
            connection.execute(statements)
        rows = connection.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where not internal and database_name = current_database() order by table_name, column_index"
        ).fetchall()
        connection.execute("checkpoint")
    finally:
        connection.close()
    return tuple(SnapshotColumn(str(table), str(column), str(kind)) for table, column, kind in rows)


def make_snapshot(database: AllianceDatabase) -> Snapshot:
    """A fresh, prepared snapshot of the store: every table as of one snapshot, in a private folder."""
    folder = Path(tempfile.mkdtemp(prefix="alliance-sql-console-"))
    _snapshot_dirs.add(folder)
    path = folder / "snapshot.duckdb"
    try:
        database.write_duckdb_copy(path)
        columns = prepare_snapshot(path)
    except duckdb.Error as error:
        shutil.rmtree(folder, ignore_errors=True)
        _snapshot_dirs.discard(folder)
        raise AllianceError(
            f"The SQL console could not make its copy of the data ({error}). Run the query again; "
            "if this repeats, check free space in the temporary folder."
        ) from error
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        _snapshot_dirs.discard(folder)
        raise
    return Snapshot(path, folder, columns)


_registry_lock = threading.Lock()
_snapshots: dict[str, tuple[int, Snapshot]] = {}
_snapshot_dirs: set[Path] = set()


@contextmanager
def snapshot_for(database_path_or_db: AllianceDatabase | str | Path) -> Iterator[Snapshot]:
    """The snapshot for a store: a cached one for an open store; for an address, a snapshot of it."""
    if isinstance(database_path_or_db, AllianceDatabase):
        snapshot = _current_snapshot(database_path_or_db)
    else:
        store = open_database(database_path_or_db, create=False, read_only=True)
        try:
            snapshot = make_snapshot(store)
        finally:
            store.close()
        snapshot.enter()
        snapshot.retire()  # removed when this use ends
    try:
        yield snapshot
    finally:
        snapshot.leave()


def _current_snapshot(database: AllianceDatabase) -> Snapshot:
    """The cached snapshot for the database's data version (made afresh when stale), entered once."""
    key = f"{id(database)}:{database.path}"
    version = database.data_version()
    with _registry_lock:
        cached = _snapshots.get(key)
        if cached is not None and cached[0] == version:
            snapshot = cached[1]
        else:
            snapshot = make_snapshot(database)
            _snapshots[key] = (version, snapshot)
            if cached is not None:
                cached[1].retire()
        snapshot.enter()
    return snapshot


def forget_snapshots() -> None:
    """Retire every cached snapshot (tests; a restore that replaces the store)."""
    with _registry_lock:
        for _, snapshot in _snapshots.values():
            snapshot.retire()
        _snapshots.clear()


@atexit.register
def _remove_snapshot_files() -> None:
    for directory in list(_snapshot_dirs):
        shutil.rmtree(directory, ignore_errors=True)
