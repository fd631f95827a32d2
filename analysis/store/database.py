"""The one owner of a DuckDB file: opens it, creates the schema, hands out a cursor per use, serialises writes."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.errors import AllianceError, DatabaseFatalError, DatabaseLockedError, DatabaseMissingError
from analysis.paths import REFERENCE_DIR, database_path
from analysis.store.connection_gate import ConnectionGate

COUNTRY_REFERENCE = REFERENCE_DIR / "countries.csv"

# Tables the secretariat keeps, in the order they can be loaded (parents before children).
DATA_TABLES = ("members", "roles", "events", "participation", "targets")
ALL_TABLES = ("countries", *DATA_TABLES, "imports")

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def fetch_scalar(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: object = None) -> Any:
    """The first column of the first row, reading the result to its end.

    DuckDB 2.0 leaves a result read with fetchone() "unfinished" and then refuses other work on that
    connection; fetchall() finishes it.
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


class AllianceDatabase:
    """A DuckDB file opened once per process.

    Every reader takes its own cursor (`reading()`), because one DuckDB connection must not be used
    from several threads at once; every writer goes through `writing()`, which holds one lock, runs
    one transaction (rolled back whole on any error) and bumps the data version that caches key on.
    A fatal DuckDB error invalidates the connection; the next use opens the file again (DuckDB replays
    its write-ahead log), so the app recovers without a restart.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> None:
        self._connection = connection
        self._write_lock = threading.RLock()
        self._gate = ConnectionGate()
        self._fatal_error: str | None = None
        self.path = path
        self.read_only = read_only
        self.reconnections = 0

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection: safe to use from the calling thread only.

        Prefer `reading()` / `writing()`: they also keep the connection from being replaced under you.
        """
        self._reconnect_if_invalidated()
        return self._connection.cursor()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reads, inside one transaction: every query sees the same snapshot of the data.

        So a reader running while an import lands sees the numbers from before it or after it, never a mix.
        """
        self._reconnect_if_invalidated()
        with self._gate.shared():
            cursor = self._connection.cursor()
            try:
                with self._fatal_errors_invalidate():
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
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the process-wide write lock: all of it lands, or none of it."""
        if self.read_only:
            raise AllianceError(f"The database {self.path} is open read-only; it cannot be changed here.")
        self._reconnect_if_invalidated()
        with self._write_lock, self._gate.shared():
            cursor = self._connection.cursor()
            try:
                with self._fatal_errors_invalidate():
                    cursor.execute("begin transaction")
                    try:
                        yield cursor
                        cursor.execute("update data_version set version = version + 1")
                        cursor.execute("commit")
                    except BaseException:
                        _quietly(cursor, "rollback")
                        raise
            finally:
                cursor.close()

    def data_version(self) -> int:
        """A number that changes whenever data is written: part of every cache key."""
        with self.reading() as cursor:
            version = fetch_scalar(cursor, "select version from data_version")
        return int(version or 0)

    def table_counts(self) -> dict[str, int]:
        """Rows per table, for `status` and the Data page."""
        with self.reading() as cursor:
            return {
                table: int(fetch_scalar(cursor, f"select count(*) from {table}"))  # noqa: S608 (names from ALL_TABLES)
                for table in ALL_TABLES
            }

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file, so that the file alone holds every committed write."""
        with self._write_lock, self._gate.shared():
            cursor = self._connection.cursor()
            try:
                with self._fatal_errors_invalidate():
                    cursor.execute("checkpoint")
            finally:
                cursor.close()

    def copy_file_to(self, target: Path) -> None:
        """Copy the database file to `target` as it stands after the last commit.

        Writers wait (the write lock) while the log is folded into the file and the file is copied;
        readers carry on, as they never change the file.
        """
        with self._write_lock:
            self.checkpoint()
            shutil.copyfile(self.path, target)

    def replace_file(self, source: Path) -> None:
        """Make the database a copy of the DuckDB file `source` (a restore), keeping this handle usable.

        Waits for current readers and writers, lets no new one in while the file is swapped, then opens
        the copy. The data version moves past both the old and the copied one, so no cached result of
        either survives. The swap is an atomic rename: a crash leaves the old file or the new one.
        """
        if self.read_only:
            raise AllianceError(f"The database {self.path} is open read-only; it cannot be restored here.")
        with self._write_lock, self._gate.exclusive():
            old_version = self._version_before_replacing()
            staging = self.path.with_name(f".{self.path.name}.restoring")
            shutil.copyfile(source, staging)
            _close_quietly(self._connection)
            try:
                wal = self.path.with_name(self.path.name + ".wal")
                if wal.exists():  # a clean close folds it into the file; one left belongs to the old file
                    wal.unlink()
                os.replace(staging, self.path)
                self._connection = _connect(self.path, read_only=False)
            except BaseException as error:
                self._fatal_error = f"the restore stopped half-way: {error}"  # the next use reopens the file
                raise
            self._fatal_error = None
            ensure_schema(self)  # a backup from an older release gains any table added since
            cursor = self._connection.cursor()
            try:
                cursor.execute("update data_version set version = greatest(version, ?) + 1", [old_version])
            finally:
                cursor.close()

    def close(self) -> None:
        self._connection.close()

    def _version_before_replacing(self) -> int:
        if self._fatal_error is not None:
            return 0
        cursor = self._connection.cursor()
        try:
            return int(fetch_scalar(cursor, "select version from data_version") or 0)
        except duckdb.Error:
            return 0
        finally:
            cursor.close()

    @contextmanager
    def _fatal_errors_invalidate(self) -> Iterator[None]:
        """A fatal DuckDB error marks the connection for reopening and reaches the user as a sentence."""
        try:
            yield
        except duckdb.FatalException as error:
            self._fatal_error = str(error)
            raise DatabaseFatalError(
                f"The database {self.path} stopped after a fatal error ({_first_line(error)}). "
                "It is being reopened from its file and log; reload the page or run the command again. "
                "If this repeats, check free disk space and the server log."
            ) from error

    def _reconnect_if_invalidated(self) -> None:
        if self._fatal_error is None or self._gate.held_by_this_thread():
            return  # inside a read or write: the outer use reopens it once it is done
        with self._gate.exclusive():
            if self._fatal_error is None:  # another thread reopened it while this one waited
                return
            _close_quietly(self._connection)
            try:
                self._connection = _connect(self.path, read_only=self.read_only)
            except duckdb.Error as error:
                raise DatabaseFatalError(
                    f"The database {self.path} could not be reopened after a fatal error: {_first_line(error)}. "
                    "Check free disk space and file permissions, then reload."
                ) from error
            self._fatal_error = None
            self.reconnections += 1


def _quietly(cursor: duckdb.DuckDBPyConnection, statement: str) -> None:
    """Commit or roll back where a statement inside may already have ended the transaction."""
    try:
        cursor.execute(statement)
    except duckdb.FatalException:
        raise
    except duckdb.Error:
        pass


def _close_quietly(connection: duckdb.DuckDBPyConnection) -> None:
    # An invalidated database may refuse even to close; the new connection replaces it.
    with suppress(duckdb.Error):
        connection.close()


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        raise _explain_open_failure(path, error) from error


def open_database(
    path: str | Path | None = None, *, create: bool = True, read_only: bool = False
) -> AllianceDatabase:
    """Open (and, when `create`, create and migrate) the alliance database.

    The path is chosen by `analysis.paths.database_path`: explicit, then $ALLIANCE_DB, then the default.
    """
    resolved = database_path(path)
    if str(resolved) != ":memory:" and not resolved.exists():
        if not create or read_only:
            raise DatabaseMissingError(
                f"No database at {resolved}. Create one with `python -m analysis init --demo "
                f"--db {resolved}` (demo data) or `python -m analysis init --db {resolved}` (empty)."
            )
        resolved.parent.mkdir(parents=True, exist_ok=True)
    if read_only and str(resolved) != ":memory:" and _out_of_date(resolved):
        # A file written by an older version lacks newer columns or metric macros, and a read-only
        # handle cannot add them: bring it up to date once, read-write, then open it as asked.
        open_database(resolved).close()
    connection = _connect(resolved, read_only=read_only)
    database = AllianceDatabase(connection, resolved, read_only=read_only)
    if not read_only:
        ensure_schema(database)
    return database


_MACRO_NAME = re.compile(r"create or replace macro (\w+)", re.IGNORECASE)
_ADDED_COLUMN = re.compile(r"alter table (\w+) add column if not exists (\w+)", re.IGNORECASE)


def expected_macros() -> set[str]:
    """The macro names the shipped macro files define."""
    return {name for file in _macro_files() for name in _MACRO_NAME.findall(_package_sql(file))}


def added_columns() -> set[tuple[str, str]]:
    """(table, column) of every column schema.sql adds to a file written before the column existed."""
    return {(table, column) for table, column in _ADDED_COLUMN.findall(_package_sql("schema.sql"))}


def _out_of_date(path: Path) -> bool:
    """Whether the file lacks a column or macro this version defines (checked on a short read-only look)."""
    connection = _connect(path, read_only=True)
    try:
        macros = {
            row[0]
            for row in connection.execute(
                "select function_name from duckdb_functions() where function_type in ('macro', 'table_macro')"
            ).fetchall()
        }
        columns = {
            (row[0], row[1])
            for row in connection.execute(
                "select table_name, column_name from duckdb_columns() where database_name = current_database()"
            ).fetchall()
        }
    finally:
        connection.close()
    return not (expected_macros() <= macros and added_columns() <= columns)


def _explain_open_failure(path: Path, error: duckdb.IOException) -> Exception:
    holder = _LOCK_HOLDER.search(str(error))
    if holder:
        command = _command_line(int(holder["pid"])) or holder["program"]
        return DatabaseLockedError(
            f"The database {path} is in use by another process: {command} (PID {holder['pid']}). "
            "Only one process may open it for writing. Stop that process (for example the running "
            "dashboard), or point this command at another file with --db."
        )
    return error


def _command_line(pid: int) -> str | None:
    """What the holding process was started as (e.g. `streamlit run dashboard.py`), where /proc says."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [word.decode(errors="replace") for word in raw.split(b"\0") if word]
    return " ".join(words)[:200] or None


def ensure_schema(database: AllianceDatabase) -> None:
    """Create missing tables, columns and macros, load the country reference when empty; idempotent."""
    with database._write_lock:
        cursor = database.cursor()
        try:
            cursor.execute(_package_sql("schema.sql"))
            for macro_file in _macro_files():
                cursor.execute(_package_sql(macro_file))
            cursor.execute("insert into data_version select true, 0 where not exists (from data_version)")
            if fetch_scalar(cursor, "select count(*) from countries") == 0:
                load_country_reference(cursor)
        finally:
            cursor.close()


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
