"""What the Data page and `status` show about the data: rows per table and the imports that landed."""

from __future__ import annotations

import pandas as pd

from analysis.importer.contract import TABLE_NAMES
from analysis.store.database import AllianceDatabase

HISTORY_COLUMNS = ("import_id", "imported_at", "imported_by", "files", "rows_added", "rows_updated")


def data_table_counts(database: AllianceDatabase) -> dict[str, int]:
    """Rows in each table the secretariat keeps, in import order (members, events, roles, participation, targets)."""
    counts = database.table_counts()
    return {table: counts[table] for table in TABLE_NAMES}


def import_history(database: AllianceDatabase, limit: int = 20) -> pd.DataFrame:
    """The last `limit` imports, newest first: one row per import that landed."""
    with database.reading() as cursor:
        rows = cursor.execute(
            "select import_id, imported_at, imported_by, files, rows_added, rows_updated "
            "from imports order by import_id desc limit $limit",
            {"limit": limit},
        ).fetchall()
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
