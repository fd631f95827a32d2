"""The schema browser: every table and column the console can read, with what it means.

The columns come from the database itself; their meanings from the i18n catalogue, keyed
`explore.schema.<table>` (the table) and `explore.schema.<table>.<column>` (each column).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.i18n import Language, catalog, translate
from analysis.sql_console.sandbox import snapshot_for
from analysis.store.connection import AllianceDatabase

SCHEMA_COLUMNS = ["table", "column", "type", "meaning"]


def table_meaning(table: str, language: Language) -> str:
    """What one row of the table is, or "" when the catalogue does not say."""
    key = f"explore.schema.{table}"
    return translate(key, language) if key in catalog(language) else ""


def column_meaning(table: str, column: str, language: Language) -> str:
    """What the column holds, or "" when the catalogue does not say."""
    key = f"explore.schema.{table}.{column}"
    return translate(key, language) if key in catalog(language) else ""


def schema_overview(database_path_or_db: AllianceDatabase | str | Path, language: Language) -> pd.DataFrame:
    """DataFrame[table, column, type, meaning]: one row per column of every table the console reads, in
    table order (the columns hidden from the console are not there)."""
    with snapshot_for(database_path_or_db) as snapshot:
        columns = snapshot.columns
    return pd.DataFrame(
        [
            (
                column.table,
                column.column,
                column.data_type,
                column_meaning(column.table, column.column, language),
            )
            for column in columns
        ],
        columns=SCHEMA_COLUMNS,
    )


def table_overview(schema: pd.DataFrame, language: Language) -> pd.DataFrame:
    """DataFrame[table, meaning]: one row per table of a `schema_overview`, saying what one row of it is."""
    tables = list(dict.fromkeys(schema["table"]))
    return pd.DataFrame({"table": tables, "meaning": [table_meaning(table, language) for table in tables]})


def macro_overview(language: Language) -> pd.DataFrame:
    """DataFrame[macro, meaning]: the shared metric definitions a query can call, e.g. active_members(...)."""
    prefix = "explore.schema.macro."
    entries = sorted(
        (key.removeprefix(prefix), text) for key, text in catalog(language).items() if key.startswith(prefix)
    )
    return pd.DataFrame(entries, columns=["macro", "meaning"])
