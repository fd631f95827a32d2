"""The guarded read-only SQL console: one function (`run_readonly_sql`) behind the Explore page and `python -m analysis sql`.

The names below load on first use, so the console's worker process (`analysis.sql_console.worker`)
imports only what it needs (DuckDB, pyarrow, the policy and the statement check): it starts fast and small.
What the console allows and every limit: `analysis.sql_console.policy`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.sql_console.policy import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_SECONDS, MAX_SQL_CHARACTERS
    from analysis.sql_console.runner import SqlResult, run_readonly_sql
    from analysis.sql_console.schema_browser import macro_overview, schema_overview, table_overview

_WHERE = {
    "DEFAULT_ROW_LIMIT": "policy",
    "DEFAULT_TIMEOUT_SECONDS": "policy",
    "MAX_SQL_CHARACTERS": "policy",
    "SqlResult": "runner",
    "run_readonly_sql": "runner",
    "macro_overview": "schema_browser",
    "schema_overview": "schema_browser",
    "table_overview": "schema_browser",
}

__all__ = [
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_TIMEOUT_SECONDS",
    "MAX_SQL_CHARACTERS",
    "SqlResult",
    "macro_overview",
    "run_readonly_sql",
    "schema_overview",
    "table_overview",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
