"""The guarded read-only SQL console: one function (`run_readonly_sql`) behind the Explore page and `python -m analysis sql`."""

from analysis.sql_console.runner import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_SECONDS,
    SqlResult,
    run_readonly_sql,
)
from analysis.sql_console.schema_browser import macro_overview, schema_overview, table_overview

__all__ = [
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_TIMEOUT_SECONDS",
    "SqlResult",
    "macro_overview",
    "run_readonly_sql",
    "schema_overview",
    "table_overview",
]
