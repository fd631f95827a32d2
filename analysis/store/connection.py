"""A process's handle on the alliance's store: a DuckLake that many processes read and write at once.

DuckDB computes every figure; the data lives in a DuckLake: a catalog (a SQLite file for the embedded
default, a PostgreSQL database in server mode) and Parquet files in a folder. Each process keeps one
in-memory DuckDB with the lake attached as `lake`, hands out a cursor per use, and takes the store's
cross-process write lock (`write_lock.exclusive_writer`) around every write. A commit by any process is
a new DuckLake snapshot; readers see it at their next transaction, and the snapshot id is the data
version every cache keys on, so a command-line import shows on a running dashboard at the next click.

Attaching the lake is in `lake.py`, creating a store and its rules in `schema.py`, its files as a whole
in `files.py`, the table names in `contract.py`.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from analysis.errors import (
    AllianceError,
    DatabaseFatalError,
    DatabaseMissingError,
    DatabaseUnavailableError,
)
from analysis.queries import macro_scripts, quoted_literal
from analysis.store.connection_gate import ConnectionGate
from analysis.store.contract import ALL_TABLES
from analysis.store.lake import (
    LAKE,
    attach_lake,
    close_quietly,
    fetch_scalar,
    first_line,
    lake_cursor,
    snapshot_id,
)
from analysis.store.location import StoreLocation, store_location
from analysis.store.schema import (
    check_store_rules,
    complete_schema,
    create_store,
    is_initialised,
    schema_is_complete,
)
from analysis.store.write_lock import exclusive_writer

SCRATCH_STORE = ":memory:"

# Messages of a catalog connection that went away (PostgreSQL stopped, restarted or unreachable).
_CONNECTION_LOST = re.compile(
    r"server closed the connection|connection (refused|reset|to server)|could not connect|terminating connection"
    r"|no connection to the server|SSL SYSCALL|the database system is (shutting down|starting up)|"
    r"Connection timed out|unable to open database file",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CommitNote:
    """Who made a write and what kind of change it is, kept with the commit's DuckLake snapshot.

    DuckLake stores `author`, `commit_message` and `commit_extra_info` per snapshot
    (`CALL lake.set_commit_message`); `extra` is JSON: {"kind": ..., plus what the kind needs}.
    """

    kind: str  # import, edit, add, delete, undo, restore
    author: str | None
    message: str
    extra: dict[str, Any] = field(default_factory=dict)

    def attach(self, cursor: duckdb.DuckDBPyConnection) -> None:
        info = json.dumps({"kind": self.kind, **self.extra}, ensure_ascii=False, default=str)
        cursor.execute(
            f"call {LAKE}.set_commit_message($author, $message, extra_info => $info)",
            {"author": self.author or "", "message": self.message, "info": info},
        )


class AllianceDatabase:
    """One process's handle on the store.

    Every reader takes its own cursor (`reading()`), because one DuckDB connection must not be used
    from several threads at once; every writer goes through `writing()`, which holds the process's
    write lock and the store's cross-process one, runs one transaction, checks the store's rules and
    commits (rolled back whole on any error). A fatal DuckDB error or a lost catalog connection
    invalidates the handle; the next use attaches the store again, so the app recovers without a restart.
    """

    def __init__(self, location: StoreLocation, *, read_only: bool) -> None:
        self.location = location
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._gate = ConnectionGate()
        self._fatal_error: str | None = None
        self.reconnections = 0
        self._mirror_lock = threading.Lock()
        self._mirror_version: int | None = None
        self.scratch_folder: Path | None = None  # set for a scratch store, removed at close
        self._connection = attach_lake(location, read_only=read_only)

    @property
    def path(self) -> str:
        """What the store is called in messages (the catalog file, or the PostgreSQL address without password)."""
        return self.location.label

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection, inside the lake: safe to use from the calling thread only.

        Prefer `reading()` / `writing()`: they also keep the connection from being replaced under you.
        """
        self._reconnect_if_invalidated()
        return lake_cursor(self._connection)

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reads, inside one transaction: every query sees the same snapshot of the data.

        So a reader running while an import lands sees the numbers from before it or after it, never a mix.
        Reads run on this process's in-memory mirror of the store's latest snapshot (see `_refresh_mirror`).
        """
        self._reconnect_if_invalidated()
        with self._gate.shared(), self._lost_connections_invalidate():
            self._refresh_mirror()
            cursor = self._connection.cursor()  # the process's memory: the mirror and the macros
            try:
                cursor.execute("begin transaction")
                try:
                    yield cursor
                except BaseException:
                    _quietly(cursor, "rollback")
                    raise
                _quietly(cursor, "commit")  # nothing to keep for a reader; ends the snapshot
            finally:
                cursor.close()

    @contextmanager
    def writing(
        self, tables: Iterable[str] | None = None, note: CommitNote | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the store's write lock: all of it lands, or none of it.

        Before the commit the store's rules are checked: those on `tables` (the tables the write
        changes), or all of them when the writer does not say. `note` (who, what kind of change, a
        sentence) is stored with the commit's DuckLake snapshot: the History view reads it back.
        """
        if self.read_only:
            raise AllianceError(f"The store {self.path} is open read-only; it cannot be changed here.")
        self._reconnect_if_invalidated()
        with (
            self._write_lock,
            exclusive_writer(self.location),
            self._gate.shared(),
            self._lost_connections_invalidate(),
            _transaction(lake_cursor(self._connection)) as cursor,
        ):
            if note is not None:
                note.attach(cursor)
            yield cursor
            check_store_rules(cursor, tables)

    def data_version(self) -> int:
        """The store's current snapshot id: it changes with every commit, by any process."""
        self._reconnect_if_invalidated()
        with self._gate.shared(), self._lost_connections_invalidate():
            cursor = lake_cursor(self._connection)
            try:
                return snapshot_id(cursor)
            finally:
                cursor.close()

    def _refresh_mirror(self) -> None:
        """Bring the in-memory mirror up to the store's latest snapshot, when a commit (by any process) moved it.

        The mirror holds every table as of one snapshot, in this process's own DuckDB memory, so the
        metric queries run at in-memory speed: a query on a DuckLake table pays a few milliseconds of
        catalog lookups per table it reads, which added up to more than the query itself (the headline
        set at 10k members took 160 ms on the lake, measured). The copy is replaced in one transaction,
        so a reader sees the old mirror or the new one, never a mix. It costs memory of the order of
        the data (1M participation rows: tens of MB) and one copy per commit per process.
        """
        cursor = lake_cursor(self._connection)
        try:
            latest = snapshot_id(cursor)
            if latest == self._mirror_version:
                return
            with self._mirror_lock:
                if latest == self._mirror_version:
                    return
                cursor.execute("begin transaction")
                try:
                    version = snapshot_id(cursor)
                    for table in ALL_TABLES:
                        cursor.execute(
                            f"create or replace table memory.main.{table} as from {LAKE}.main.{table}"
                        )
                    cursor.execute("commit")
                except BaseException:
                    _quietly(cursor, "rollback")
                    raise
                self._mirror_version = version
        finally:
            cursor.close()

    def table_counts(self) -> dict[str, int]:
        """Rows per table, for `status` and the Data page."""
        with self.reading() as cursor:
            return {
                table: int(fetch_scalar(cursor, f"select count(*) from {table}"))  # noqa: S608 (names from ALL_TABLES)
                for table in ALL_TABLES
            }

    def write_duckdb_copy(self, target: Path) -> None:
        """Write every table, as of one snapshot, into a new plain DuckDB file `target`.

        Backups and the SQL console's snapshot are such copies: a file any DuckDB of this version opens
        alone, read-only, with no catalog. Readers and writers carry on meanwhile.
        """
        target = Path(target)
        if target.exists():
            raise AllianceError(f"Cannot write a copy of the store to {target}: the file exists already.")
        alias = f"copy_{uuid.uuid4().hex}"
        with self.attached(target, alias, read_only=False):
            with self.reading() as cursor:
                for table in ALL_TABLES:
                    cursor.execute(f"create table {alias}.main.{table} as from {LAKE}.main.{table}")
            checkpoint = self._connection.cursor()
            try:
                checkpoint.execute(f"checkpoint {alias}")
            finally:
                checkpoint.close()

    @contextmanager
    def attached(self, file: Path, alias: str, *, read_only: bool) -> Iterator[str]:
        """A plain DuckDB file attached beside the lake for the length of the block (copies, restores)."""
        cursor = self._connection.cursor()
        try:
            cursor.execute(
                f"attach {quoted_literal(str(file))} as {alias} ({'read_only' if read_only else 'read_write'})"
            )
        finally:
            cursor.close()
        try:
            yield alias
        finally:
            cursor = self._connection.cursor()
            try:
                cursor.execute(f"detach database if exists {alias}")
            finally:
                cursor.close()

    def _define_macros(self) -> None:
        """The metric macros, defined in this process's own memory beside the mirror they read (code, not
        data: never written to the lake)."""
        self._refresh_mirror()
        cursor = self._connection.cursor()
        try:
            for script in macro_scripts():
                cursor.execute(script)
        finally:
            cursor.close()

    def close(self) -> None:
        close_quietly(self._connection)
        if self.scratch_folder is not None:  # a scratch store (`:memory:`) goes with its handle
            shutil.rmtree(self.scratch_folder, ignore_errors=True)

    @contextmanager
    def _lost_connections_invalidate(self) -> Iterator[None]:
        """A fatal error or a lost catalog connection: reattach at the next use, and say so in a sentence."""
        try:
            yield
        except duckdb.FatalException as error:
            self._fatal_error = str(error)
            raise DatabaseFatalError(
                f"The store {self.path} stopped after a fatal error ({first_line(error)}). "
                "It is being opened again; reload the page or run the command again. "
                "If this repeats, check free disk space and the server log."
            ) from error
        except duckdb.Error as error:
            if not _CONNECTION_LOST.search(str(error)):
                raise
            self._fatal_error = str(error)
            raise DatabaseUnavailableError(
                f"The store {self.path} is not answering ({first_line(error)}). Nothing was changed. "
                "Reload the page or run the command again in a moment; if this repeats, check that "
                "its database server is running."
            ) from error

    def _reconnect_if_invalidated(self) -> None:
        if self._fatal_error is None or self._gate.held_by_this_thread():
            return  # inside a read or write: the outer use reopens it once it is done
        with self._gate.exclusive():
            if self._fatal_error is None:  # another thread reopened it while this one waited
                return
            close_quietly(self._connection)
            self._connection = attach_lake(self.location, read_only=self.read_only)
            self._mirror_version = None
            self._define_macros()
            self._fatal_error = None
            self.reconnections += 1


class PastDatabase(AllianceDatabase):
    """The store as it stood at one snapshot (`version`): every read sees that snapshot, nothing writes.

    Its mirror is filled once from `AT (VERSION => version)`, so every metric function works on it
    unchanged and a figure printed on a past day can be computed again exactly.
    """

    def __init__(self, location: StoreLocation, version: int) -> None:
        self.version = version
        super().__init__(location, read_only=True)
        self._define_macros()

    def data_version(self) -> int:
        return self.version

    def _refresh_mirror(self) -> None:
        if self._mirror_version == self.version:
            return
        with self._mirror_lock:
            if self._mirror_version == self.version:
                return
            with _transaction(lake_cursor(self._connection)) as cursor:
                for table in ALL_TABLES:
                    cursor.execute(
                        f"create or replace table memory.main.{table} as "
                        f"from {LAKE}.main.{table} at (version => {int(self.version)})"
                    )
            self._mirror_version = self.version


def open_past(database: AllianceDatabase, version: int) -> PastDatabase:
    """A read-only handle on `database`'s store as it stood at snapshot `version` (close it after use)."""
    try:
        return PastDatabase(database.location, version)
    except duckdb.Error as error:
        raise AllianceError(
            f"The store {database.path} cannot be read as it stood at change {version}: {first_line(error)}."
        ) from error


@contextmanager
def _transaction(cursor: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The block as one transaction on `cursor`: committed when it ends, rolled back when it raises
    (or when the commit fails); the cursor is closed either way."""
    try:
        cursor.execute("begin transaction")
        try:
            yield cursor
            cursor.execute("commit")
        except BaseException:
            _quietly(cursor, "rollback")
            raise
    finally:
        cursor.close()


def _quietly(cursor: duckdb.DuckDBPyConnection, statement: str) -> None:
    """Commit or roll back where a statement inside may already have ended the transaction."""
    try:
        cursor.execute(statement)
    except duckdb.FatalException:
        raise
    except duckdb.Error as error:
        if statement == "commit" and "no transaction is active" not in str(error).lower():
            raise


def _ensure_schema(database: AllianceDatabase) -> None:
    """Add what the store lacks (tables, the country reference); writes only when something is missing."""
    cursor = database.cursor()
    try:
        complete = schema_is_complete(cursor)
    finally:
        cursor.close()
    if not complete:
        with database.writing() as cursor:
            complete_schema(cursor)


def open_database(
    path: str | Path | None = None, *, create: bool = True, read_only: bool = False
) -> AllianceDatabase:
    """Open (and, when `create`, create) the alliance store named by --db, $ALLIANCE_DB or the default.

    A path is the embedded store's catalog file; a postgresql:// address is a server store (whose
    PostgreSQL database must exist: `createdb`, then `init`). `:memory:` is a scratch store, for
    notebooks and tests: a new, empty store in a temporary folder, deleted when the handle closes.
    """
    scratch_folder = None
    if str(path) == SCRATCH_STORE:
        scratch_folder = Path(tempfile.mkdtemp(prefix="alliance-scratch-"))
        path, create, read_only = scratch_folder / "scratch.ducklake", True, False
    location = store_location(path)
    location.check_embedded_file()
    initialised = is_initialised(location)
    if not initialised and (not create or read_only):
        raise DatabaseMissingError(
            f"No alliance store at {location.label}. Create one with `python -m analysis init --demo "
            f"--db {location.label}` (demo data) or `python -m analysis init --db {location.label}` (empty)."
        )
    if not initialised:
        create_store(location)
    database = AllianceDatabase(location, read_only=read_only)
    database.scratch_folder = scratch_folder
    try:
        if not read_only:
            _ensure_schema(database)
        database._define_macros()
    except BaseException:
        database.close()
        raise
    return database
