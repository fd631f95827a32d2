"""What the Data page and `status` show about the data: rows per table and the imports that landed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.queries import load_query
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import TABLE_NAMES

HISTORY_COLUMNS = ("import_id", "imported_at", "imported_by", "files", "rows_added", "rows_updated")


def data_table_counts(database: AllianceDatabase) -> dict[str, int]:
    """Rows in each table the secretariat keeps, in import order (members, events, roles, participation, targets)."""
    counts = database.table_counts()
    return {table: counts[table] for table in TABLE_NAMES}


def recent_imports(database: AllianceDatabase, limit: int = 20) -> list[tuple[Any, ...]]:
    """The last `limit` imports, newest first: one row (of HISTORY_COLUMNS) per import that landed."""
    with database.reading() as cursor:
        return cursor.execute(load_query("importer/import_history"), {"limit": limit}).fetchall()


def import_history(database: AllianceDatabase, limit: int = 20) -> pd.DataFrame:
    """The last `limit` imports, newest first, as a table of HISTORY_COLUMNS."""
    return pd.DataFrame(recent_imports(database, limit), columns=list(HISTORY_COLUMNS))
