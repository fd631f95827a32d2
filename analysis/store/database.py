"""The alliance's store: a DuckLake that many processes read and write at once.

DuckDB computes every figure; the data lives in a DuckLake: a catalog (a SQLite file for the embedded
default, a PostgreSQL database in server mode) and Parquet files in a folder. Each process keeps one
in-memory DuckDB with the lake attached as `lake`, hands out a cursor per use, and takes the store's
cross-process write lock (`write_lock.exclusive_writer`) around every write. A commit by any process is
a new DuckLake snapshot; readers see it at their next transaction, and the snapshot id is the data
version every cache keys on, so a command-line import shows on a running dashboard at the next click.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.errors import (
    AllianceError,
    DatabaseFatalError,
    DatabaseMissingError,
    DatabaseUnavailableError,
    DataRuleError,
)
from analysis.paths import REFERENCE_DIR
from analysis.store.connection_gate import ConnectionGate
from analysis.store.extensions import CONNECTION_CONFIG, load_extensions
from analysis.store.location import StoreLocation, store_location
from analysis.store.write_lock import exclusive_writer

SCRATCH_STORE = ":memory:"

COUNTRY_REFERENCE = REFERENCE_DIR / "countries.csv"
LAKE = "lake"  # the name the store is attached under in every process's DuckDB

# Tables the secretariat keeps, in the order they can be loaded (parents before children).
DATA_TABLES = ("members", "roles", "events", "participation", "targets")
ALL_TABLES = ("countries", *DATA_TABLES, "imports")

# Messages of a catalog connection that went away (PostgreSQL stopped, restarted or unreachable).
_CONNECTION_LOST = re.compile(
    r"server closed the connection|connection (refused|reset|to server)|could not connect|terminating connection"
    r"|no connection to the server|SSL SYSCALL|the database system is (shutting down|starting up)|"
    r"Connection timed out|unable to open database file",
    re.IGNORECASE,
)


def fetch_scalar(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: object = None) -> Any:
    """The first column of the first row, reading the result to its end.

    A result read with fetchone() stays "unfinished" and blocks other work on that connection;
    fetchall() finishes it.
    """
    rows = (
        cursor.execute(sql, parameters).fetchall()
        if parameters is not None
        else cursor.execute(sql).fetchall()
    )
    return rows[0][0] if rows else None


def _macro_files() -> list[str]:
    """`macros.sql` (the shared filters) first, then every `macros_<area>.sql` (definitions built on them)."""
    names = sorted(
        entry.name
        for entry in resources.files("analysis.store").iterdir()
        if entry.name.startswith("macros_") and entry.name.endswith(".sql")
    )
    return ["macros.sql", *names]


def _package_sql(name: str) -> str:
    return resources.files("analysis.store").joinpath(name).read_text(encoding="utf-8")


_RULE_HEADER = re.compile(r"^-- rule: (?P<table>\w+): (?P<text>.+)$", re.MULTILINE)


_TABLE_NAMED = re.compile(r"\b(?:from|join)\s+(\w+)", re.IGNORECASE)


def rule_tables(query: str) -> frozenset[str]:
    """The tables a rule's query reads: a write to any of them must check it."""
    return frozenset(name.lower() for name in _TABLE_NAMED.findall(query))


@functools.cache
def store_rules() -> list[tuple[str, str, str]]:
    """(table, what must hold, query returning the rows that break it), from rules.sql."""
    text = _package_sql("rules.sql")
    headers = list(_RULE_HEADER.finditer(text))
    rules = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        query = text[header.end() : end].strip()
        query = (
            "\n".join(line for line in query.splitlines() if not line.startswith("--")).strip().rstrip(";")
        )
        rules.append((header["table"], header["text"], query))
    return rules


def check_store_rules(cursor: duckdb.DuckDBPyConnection, tables: Iterable[str] | None = None) -> None:
    """Raise DataRuleError naming every broken rule (and up to five rows of each).

    `tables`: the tables the write changed (None: all); only the rules reading one of them run. All of
    them run as one query, which DuckDB runs in parallel.
    """
    rules = store_rules()
    changed = None if tables is None else frozenset(tables)
    chosen = [
        index for index, (_, _, sql) in enumerate(rules) if changed is None or rule_tables(sql) & changed
    ]
    if not chosen:
        return
    query = " union all ".join(
        f"(select {index} as rule, cast(shown as varchar) as shown from ({rules[index][2]}) as broken(shown) limit 6)"  # noqa: S608 (shipped SQL)
        for index in chosen
    )
    found: dict[int, list[str]] = {}
    for index, shown in cursor.execute(query).fetchall():
        found.setdefault(int(index), []).append(str(shown))
    if found:
        broken = []
        for index in sorted(found):
            table, text, _ = rules[index]
            rows = found[index]
            listed = ", ".join(rows[:5]) + (", …" if len(rows) > 5 else "")
            broken.append(f"{table}: {text} (broken by {listed})")
        raise DataRuleError(
            "Nothing was changed: the write would break the store's rules. " + "; ".join(broken) + "."
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
        self._connection = _attach(location, read_only=read_only)

    @property
    def path(self) -> str:
        """What the store is called in messages (the catalog file, or the PostgreSQL address without password)."""
        return self.location.label

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection, inside the lake: safe to use from the calling thread only.

        Prefer `reading()` / `writing()`: they also keep the connection from being replaced under you.
        """
        self._reconnect_if_invalidated()
        return _lake_cursor(self._connection)

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
        ):
            cursor = _lake_cursor(self._connection)
            try:
                cursor.execute("begin transaction")
                try:
                    if note is not None:
                        note.attach(cursor)
                    yield cursor
                    check_store_rules(cursor, tables)
                    cursor.execute("commit")
                except BaseException:
                    _quietly(cursor, "rollback")
                    raise
            finally:
                cursor.close()

    def data_version(self) -> int:
        """The store's current snapshot id: it changes with every commit, by any process."""
        self._reconnect_if_invalidated()
        with self._gate.shared(), self._lost_connections_invalidate():
            cursor = _lake_cursor(self._connection)
            try:
                return _snapshot_id(cursor)
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
        cursor = _lake_cursor(self._connection)
        try:
            latest = _snapshot_id(cursor)
            if latest == self._mirror_version:
                return
            with self._mirror_lock:
                if latest == self._mirror_version:
                    return
                cursor.execute("begin transaction")
                try:
                    version = _snapshot_id(cursor)
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
        quoted = str(file).replace("'", "''")
        cursor = self._connection.cursor()
        try:
            cursor.execute(f"attach '{quoted}' as {alias} ({'read_only' if read_only else 'read_write'})")
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

    def close(self) -> None:
        _close_quietly(self._connection)
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
                f"The store {self.path} stopped after a fatal error ({_first_line(error)}). "
                "It is being opened again; reload the page or run the command again. "
                "If this repeats, check free disk space and the server log."
            ) from error
        except duckdb.Error as error:
            if not _CONNECTION_LOST.search(str(error)):
                raise
            self._fatal_error = str(error)
            raise DatabaseUnavailableError(
                f"The store {self.path} is not answering ({_first_line(error)}). Nothing was changed. "
                "Reload the page or run the command again in a moment; if this repeats, check that "
                "its database server is running."
            ) from error

    def _reconnect_if_invalidated(self) -> None:
        if self._fatal_error is None or self._gate.held_by_this_thread():
            return  # inside a read or write: the outer use reopens it once it is done
        with self._gate.exclusive():
            if self._fatal_error is None:  # another thread reopened it while this one waited
                return
            _close_quietly(self._connection)
            self._connection = _attach(self.location, read_only=self.read_only)
            self._mirror_version = None
            _define_macros(self)
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
        _define_macros(self)

    def data_version(self) -> int:
        return self.version

    def _refresh_mirror(self) -> None:
        if self._mirror_version == self.version:
            return
        with self._mirror_lock:
            if self._mirror_version == self.version:
                return
            cursor = _lake_cursor(self._connection)
            try:
                cursor.execute("begin transaction")
                try:
                    for table in ALL_TABLES:
                        cursor.execute(
                            f"create or replace table memory.main.{table} as "
                            f"from {LAKE}.main.{table} at (version => {int(self.version)})"
                        )
                    cursor.execute("commit")
                except BaseException:
                    _quietly(cursor, "rollback")
                    raise
            finally:
                cursor.close()
            self._mirror_version = self.version


def open_past(database: AllianceDatabase, version: int) -> PastDatabase:
    """A read-only handle on `database`'s store as it stood at snapshot `version` (close it after use)."""
    try:
        return PastDatabase(database.location, version)
    except duckdb.Error as error:
        raise AllianceError(
            f"The store {database.path} cannot be read as it stood at change {version}: {_first_line(error)}."
        ) from error


def _snapshot_id(cursor: duckdb.DuckDBPyConnection) -> int:
    return int(fetch_scalar(cursor, "select id from ducklake_current_snapshot(?)", [LAKE]) or 0)


def _lake_cursor(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cursor = connection.cursor()
    cursor.execute(f"use {LAKE}")
    cursor.execute(f"set search_path = '{LAKE}.main,memory.main'")
    return cursor


def _quietly(cursor: duckdb.DuckDBPyConnection, statement: str) -> None:
    """Commit or roll back where a statement inside may already have ended the transaction."""
    try:
        cursor.execute(statement)
    except duckdb.FatalException:
        raise
    except duckdb.Error as error:
        if statement == "commit" and "no transaction is active" not in str(error).lower():
            raise


def _close_quietly(connection: duckdb.DuckDBPyConnection) -> None:
    # An invalidated database may refuse even to close; the new connection replaces it.
    with suppress(duckdb.Error):
        connection.close()


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _attach(
    location: StoreLocation, *, read_only: bool, data_files: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A process's DuckDB with the store attached as `lake` and the metric macros defined beside it."""
    connection = duckdb.connect(":memory:", config=dict(CONNECTION_CONFIG))
    try:
        load_extensions(connection, "ducklake", "postgres_scanner" if location.server else "sqlite_scanner")
        options = ["read_only"] if read_only else []
        if data_files is None and not location.server:
            # The embedded store's files are always the folder beside its catalog, wherever the pair
            # was moved or copied to (a copied store keeps working).
            data_files = location.default_data_files()
            options.append("override_data_path true")
        if data_files is not None:
            options.append("data_path '" + str(data_files.resolve()).replace("'", "''") + "/'")
        catalog = location.ducklake_catalog().replace("'", "''")
        suffix = f" ({', '.join(options)})" if options else ""
        connection.execute(f"attach 'ducklake:{catalog}' as {LAKE}{suffix}")
        connection.execute(f"use {LAKE}")
        connection.execute(f"set search_path = '{LAKE}.main,memory.main'")
    except duckdb.Error as error:
        _close_quietly(connection)
        raise DatabaseUnavailableError(
            f"The store {location.label} cannot be opened: {_first_line(error)}. "
            + (
                "Check that PostgreSQL is running and the address is right, then try again."
                if location.server
                else "Check the path and its permissions (and free disk space), then try again."
            )
        ) from error
    return connection


def _define_macros(database: AllianceDatabase) -> None:
    """The metric macros, defined in this process's own memory beside the mirror they read (code, not data:
    never written to the lake)."""
    database._refresh_mirror()
    cursor = database._connection.cursor()
    try:
        for macro_file in _macro_files():
            cursor.execute(_package_sql(macro_file))
    finally:
        cursor.close()


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
    initialised = _is_initialised(location)
    if not initialised and (not create or read_only):
        raise DatabaseMissingError(
            f"No alliance store at {location.label}. Create one with `python -m analysis init --demo "
            f"--db {location.label}` (demo data) or `python -m analysis init --db {location.label}` (empty)."
        )
    if not initialised:
        _create_store(location)
    database = AllianceDatabase(location, read_only=read_only)
    database.scratch_folder = scratch_folder
    try:
        if not read_only:
            ensure_schema(database)
        _define_macros(database)
    except BaseException:
        database.close()
        raise
    return database


def _is_initialised(location: StoreLocation) -> bool:
    if not location.server:
        return location.catalog_file.is_file() and location.catalog_file.stat().st_size > 0
    from analysis.store.server_catalog import catalog_exists

    return catalog_exists(location)


def _create_store(location: StoreLocation) -> None:
    """Create the catalog, its data folder and the schema, under the write lock (two first opens at once)."""
    data_files = location.default_data_files()
    if not location.server:
        location.catalog_file.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_writer(location):
        if _is_initialised(location):
            return
        data_files.mkdir(parents=True, exist_ok=True)
        connection = _attach(location, read_only=False, data_files=data_files)
        try:
            connection.execute(_package_sql("schema.sql"))
        finally:
            _close_quietly(connection)
        if not location.server:
            _use_write_ahead_log(location.catalog_file)


def _use_write_ahead_log(catalog: Path) -> None:
    """SQLite's WAL journal: readers of the catalog never wait for a writer (5x the read rate measured)."""
    import sqlite3

    connection = sqlite3.connect(catalog)
    try:
        connection.execute("pragma journal_mode = wal")
    finally:
        connection.close()


def ensure_schema(database: AllianceDatabase) -> None:
    """Create missing tables and load the country reference when empty; writes only when something is missing."""
    cursor = database.cursor()
    try:
        tables = {
            row[0]
            for row in cursor.execute(
                "select table_name from duckdb_tables() where database_name = ?", [LAKE]
            ).fetchall()
        }
        countries = fetch_scalar(cursor, "select count(*) from countries") if "countries" in tables else 0
    finally:
        cursor.close()
    if set(ALL_TABLES) <= tables and countries:
        return
    with database.writing() as cursor:
        cursor.execute(_package_sql("schema.sql"))
        if fetch_scalar(cursor, "select count(*) from countries") == 0:
            load_country_reference(cursor)


def read_country_reference() -> pd.DataFrame:
    """The shipped ISO 3166-1 / UN M49 table; every column text ("NA" is Namibia, not missing)."""
    return pd.read_csv(COUNTRY_REFERENCE, dtype=str, keep_default_na=False)


def load_country_reference(cursor: duckdb.DuckDBPyConnection) -> None:
    """Fill the countries table from data/reference/countries.csv."""
    reference = read_country_reference()
    cursor.register("country_reference", reference)
    try:
        cursor.execute(
            "insert into countries (iso3, iso2, numeric_code, name_en, name_zh, region, sub_region, continent) "
            "select iso3, iso2, numeric_code, name_en, name_zh, region, sub_region, continent "
            "from country_reference"
        )
    finally:
        cursor.unregister("country_reference")


def remove_store(location: StoreLocation) -> None:
    """Delete a store entirely (`init --force`): its catalog and its data files."""
    import shutil

    if location.server:
        from analysis.store.server_catalog import drop_catalog

        data_path = drop_catalog(location)
        if data_path is not None and data_path.is_dir():
            shutil.rmtree(data_path)
        return
    catalog = location.catalog_file
    with exclusive_writer(location):
        for suffix in ("", "-wal", "-shm"):
            candidate = catalog.with_name(catalog.name + suffix)
            if candidate.exists():
                candidate.unlink()
        shutil.rmtree(location.default_data_files(), ignore_errors=True)


def move_embedded_store(source: Path, target: Path) -> None:
    """Rename a closed embedded store (catalog, its journal files and its data folder) to `target`.

    A store built under a side name and moved into place only when complete (the benchmark's
    databases) leaves nothing half-made behind when it is cut off.
    """
    source, target = Path(source), Path(target)
    for suffix in ("-wal", "-shm", ".write-lock"):
        source.with_name(source.name + suffix).unlink(missing_ok=True)
    remove_store(store_location(target))
    os.replace(source.with_name(source.name + ".files"), target.with_name(target.name + ".files"))
    os.replace(source, target)


def remove_embedded_store_files(catalog: Path) -> None:
    """Delete a (closed) embedded store's catalog and data folder, if any."""
    remove_store(store_location(catalog))


def copy_embedded_store(source: Path, target: Path) -> Path:
    """Copy a closed (or quiet) embedded store, catalog and data folder, to `target`: a working, independent store."""
    import shutil

    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    files = source.with_name(source.name + ".files")
    if files.is_dir():
        shutil.copytree(files, target.with_name(target.name + ".files"))
    return target
