"""A process's DuckDB with the store's DuckLake attached as `lake`: attaching it, and the small helpers every
cursor on it uses."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import duckdb

from analysis.errors import DatabaseUnavailableError
from analysis.queries import quoted_literal
from analysis.store.extensions import CONNECTION_CONFIG, load_extensions
from analysis.store.location import StoreLocation

LAKE = "lake"  # the name the store is attached under in every process's DuckDB


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


def attach_lake(
    location: StoreLocation, *, read_only: bool, data_files: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A process's in-memory DuckDB with the store attached as `lake` and set as the default."""
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
            options.append("data_path " + quoted_literal(str(data_files.resolve()) + "/"))
        suffix = f" ({', '.join(options)})" if options else ""
        connection.execute(
            f"attach {quoted_literal('ducklake:' + location.ducklake_catalog())} as {LAKE}{suffix}"
        )
        use_lake(connection)
    except duckdb.Error as error:
        close_quietly(connection)
        raise DatabaseUnavailableError(
            f"The store {location.label} cannot be opened: {first_line(error)}. "
            + (
                "Check that PostgreSQL is running and the address is right, then try again."
                if location.server
                else "Check the path and its permissions (and free disk space), then try again."
            )
        ) from error
    return connection


def use_lake(cursor: duckdb.DuckDBPyConnection) -> None:
    """Names without a database mean the lake's tables, then this process's memory (the mirror, the macros)."""
    cursor.execute(f"use {LAKE}")
    cursor.execute(f"set search_path = '{LAKE}.main,memory.main'")


def lake_cursor(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cursor = connection.cursor()
    use_lake(cursor)
    return cursor


def snapshot_id(cursor: duckdb.DuckDBPyConnection) -> int:
    """The lake's current DuckLake snapshot: the data version."""
    return int(fetch_scalar(cursor, "select id from ducklake_current_snapshot(?)", [LAKE]) or 0)


def close_quietly(connection: duckdb.DuckDBPyConnection) -> None:
    # An invalidated database may refuse even to close; the new connection replaces it.
    with suppress(duckdb.Error):
        connection.close()


def first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
