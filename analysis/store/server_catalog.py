"""Server mode: questions put to the PostgreSQL database that holds a store's DuckLake catalog.

The catalog's own tables (`ducklake_*`) are DuckLake's; this module only asks whether they are there
(`init` sets up an existing, empty database made with `createdb`), and drops them for `init --force`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.errors import AllianceError, DatabaseUnavailableError
from analysis.queries import quoted_identifier
from analysis.store.location import StoreLocation


def _connect(location: StoreLocation) -> Any:
    import psycopg

    try:
        return psycopg.connect(location.address, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if "does not exist" in first and "database" in first:
            raise AllianceError(
                f"The PostgreSQL database of {location.label} does not exist ({first}). Create it with "
                f"`createdb {location.database_name}` (as a user who may), then run "
                f"`python -m analysis init --db {location.label}`."
            ) from error
        raise DatabaseUnavailableError(
            f"The shared database {location.label} is not answering ({first}). Check that PostgreSQL is "
            "running and the address is right, then try again."
        ) from error


def catalog_exists(location: StoreLocation) -> bool:
    """Whether the database holds a DuckLake catalog (refuses a database that holds other tables)."""
    with _connect(location) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'public' and table_type = 'BASE TABLE'"
            ).fetchall()
        ]
    if "ducklake_metadata" in tables:
        return True
    if tables:
        shown = ", ".join(sorted(tables)[:5])
        raise AllianceError(
            f"The PostgreSQL database of {location.label} is not empty (it holds {shown}) and is not an "
            "alliance store. Give the store a database of its own: `createdb alliance`, then "
            "`python -m analysis init --db postgresql://…/alliance`."
        )
    return False


def drop_catalog(location: StoreLocation) -> Path | None:
    """Drop the DuckLake catalog's tables; returns the data folder it named (None when there was none)."""
    with _connect(location) as connection:
        exists = connection.execute(
            "select 1 from information_schema.tables where table_schema = 'public' and table_name = 'ducklake_metadata'"
        ).fetchall()
        if not exists:
            return None
        row = connection.execute("select value from ducklake_metadata where key = 'data_path'").fetchone()
        tables = [
            row_[0]
            for row_ in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'public' and table_name like 'ducklake%'"
            ).fetchall()
        ]
        with connection.transaction():
            for table in tables:
                connection.execute(f"drop table if exists {quoted_identifier(table)} cascade")
    return Path(row[0]) if row and row[0] and "://" not in row[0] else None
