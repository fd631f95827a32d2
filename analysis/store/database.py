"""The one owner of a DuckDB file: opens it, creates the schema, hands out a cursor per use, serialises writes."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.errors import DatabaseLockedError, DatabaseMissingError
from analysis.paths import REFERENCE_DIR, database_path

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
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> None:
        self._connection = connection
        self._write_lock = threading.RLock()
        self.path = path
        self.read_only = read_only

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection: safe to use from the calling thread only."""
        return self._connection.cursor()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reads, closed afterwards."""
        cursor = self.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the process-wide write lock: all of it lands, or none of it."""
        with self._write_lock:
            cursor = self.cursor()
            try:
                cursor.execute("begin transaction")
                try:
                    yield cursor
                    cursor.execute("update data_version set version = version + 1")
                    cursor.execute("commit")
                except BaseException:
                    cursor.execute("rollback")
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

    def close(self) -> None:
        self._connection.close()


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
    try:
        connection = duckdb.connect(str(resolved), read_only=read_only)
    except duckdb.IOException as error:
        raise _explain_open_failure(resolved, error) from error
    database = AllianceDatabase(connection, resolved, read_only=read_only)
    if not read_only:
        ensure_schema(database)
    return database


def _explain_open_failure(path: Path, error: duckdb.IOException) -> Exception:
    holder = _LOCK_HOLDER.search(str(error))
    if holder:
        return DatabaseLockedError(
            f"The database {path} is in use by another process: {holder['program']} (PID {holder['pid']}). "
            "Only one process may open it for writing. Stop that process (for example the running "
            "dashboard), or point this command at another file with --db."
        )
    return error


def ensure_schema(database: AllianceDatabase) -> None:
    """Create missing tables and macros, load the country reference when empty; idempotent."""
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
