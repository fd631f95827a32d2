"""The locked-down DuckDB instance that untrusted SQL runs in.

DuckDB keeps one instance per file in a process and refuses a second one with other settings (and an
ATTACH of a file another instance holds), while settings such as `enable_external_access` belong to the
whole instance: the app's own connection cannot be locked down without breaking the app. So the console
reads its own instance, opened read-only on a separate file with the untrusted-SQL settings and then
`lock_configuration`:

- given a store's address (the command line), a snapshot of that store, used once;
- given the app's open `AllianceDatabase`, a snapshot of it (every table copied by DuckDB into a DuckDB
  file in a private temporary folder), remade when the data version changes and deleted when replaced.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analysis.errors import AllianceError
from analysis.store.database import AllianceDatabase, open_database

MEMORY_LIMIT = "1GB"
THREADS = 2

# Settings of the console's instance, fixed at open and then locked.
UNTRUSTED_SQL_SETTINGS: dict[str, str | bool | int] = {
    "enable_external_access": False,  # no files read or written, no ATTACH, no INSTALL/LOAD from disk
    "python_enable_replacements": False,  # a table name never resolves to a Python variable of the app
    "python_scan_all_frames": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "memory_limit": MEMORY_LIMIT,
    "threads": THREADS,
}


class Sandbox:
    """One read-only, locked-down DuckDB connection, plus the relation names a query may read."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, snapshot_dir: Path | None) -> None:
        self.connection = connection
        self.snapshot_dir = snapshot_dir
        self.relation_names = _relation_names(connection)
        self._users = 0
        self._retired = False
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self._users += 1

    def leave(self) -> None:
        with self._lock:
            self._users -= 1
            close_now = self._retired and self._users == 0
        if close_now:
            self._close()

    def retire(self) -> None:
        """Close once the last query using it has finished."""
        with self._lock:
            self._retired = True
            close_now = self._users == 0
        if close_now:
            self._close()

    def _close(self) -> None:
        self.connection.close()
        if self.snapshot_dir is not None:
            shutil.rmtree(self.snapshot_dir, ignore_errors=True)


def open_sandbox(path: Path, snapshot_dir: Path | None = None) -> Sandbox:
    """Open `path` read-only with the untrusted-SQL settings, then lock the configuration."""
    if not path.exists():
        raise AllianceError(
            f"No database at {path}. Create one with `python -m analysis init --demo --db {path}`, "
            "or give the path of an existing database file."
        )
    try:
        connection = duckdb.connect(str(path), read_only=True, config=dict(UNTRUSTED_SQL_SETTINGS))
    except duckdb.ConnectionException as error:
        raise AllianceError(
            f"The SQL console cannot open {path} separately: this program already has it open "
            f"({error}). Pass the open database instead of its path."
        ) from error
    except duckdb.IOException as error:
        raise AllianceError(
            f"The SQL console cannot open its snapshot {path} read-only: {error}. Run the query again; "
            "if this repeats, check free space in the temporary folder."
        ) from error
    connection.execute("set lock_configuration = true")
    return Sandbox(connection, snapshot_dir)


def snapshot_sandbox(database: AllianceDatabase) -> Sandbox:
    """A sandbox over a fresh snapshot of the store: every table, as of one snapshot, in a plain DuckDB file.

    The copy is written by DuckDB itself (`write_duckdb_copy`), never by copying a file that is open,
    so nothing here can touch the store's own files or locks.
    """
    snapshot_dir = Path(tempfile.mkdtemp(prefix="alliance-sql-console-"))
    _snapshot_dirs.add(snapshot_dir)
    snapshot_path = snapshot_dir / "snapshot.duckdb"
    try:
        database.write_duckdb_copy(snapshot_path)
        return open_sandbox(snapshot_path, snapshot_dir)
    except BaseException:
        shutil.rmtree(snapshot_dir, ignore_errors=True)
        raise


_registry_lock = threading.Lock()
_snapshots: dict[str, tuple[int, Sandbox]] = {}
_snapshot_dirs: set[Path] = set()


@contextmanager
def sandbox_for(database_path_or_db: AllianceDatabase | str | Path) -> Iterator[Sandbox]:
    """The sandbox for a store: a cached snapshot for an open store; for an address, a snapshot of it."""
    if isinstance(database_path_or_db, AllianceDatabase):
        sandbox = _current_snapshot(database_path_or_db)
    else:
        store = open_database(database_path_or_db, create=False, read_only=True)
        try:
            sandbox = snapshot_sandbox(store)
        finally:
            store.close()
        sandbox.enter()
        sandbox.retire()  # closes when this use ends
    try:
        yield sandbox
    finally:
        sandbox.leave()


def _current_snapshot(database: AllianceDatabase) -> Sandbox:
    """The cached snapshot for the database's data version (made afresh when stale), entered once."""
    key = f"{id(database)}:{database.path}"
    version = database.data_version()
    with _registry_lock:
        cached = _snapshots.get(key)
        if cached is not None and cached[0] == version:
            sandbox = cached[1]
        else:
            sandbox = snapshot_sandbox(database)
            _snapshots[key] = (version, sandbox)
            if cached is not None:
                cached[1].retire()
        sandbox.enter()
    return sandbox


def forget_snapshots() -> None:
    """Close every cached snapshot (tests; a restore that replaces the file)."""
    with _registry_lock:
        for _, sandbox in _snapshots.values():
            sandbox.retire()
        _snapshots.clear()


@atexit.register
def _remove_snapshot_files() -> None:
    for directory in list(_snapshot_dirs):
        shutil.rmtree(directory, ignore_errors=True)


def _relation_names(connection: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Tables and views a query may name (the alliance tables, plus DuckDB's own catalogue views)."""
    cursor = connection.cursor()
    try:
        rows = cursor.execute(
            "select table_name from duckdb_tables() union select view_name from duckdb_views()"
        ).fetchall()
    finally:
        cursor.close()
    return frozenset(str(name).lower() for (name,) in rows)
