"""SQL lives in .sql files beside this module, named after what they return; this is the one loader.

Values are always bound parameters (`$as_of`, `$countries`), never formatted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def load_query(name: str) -> str:
    """The text of `analysis/queries/<name>.sql`; `name` may hold a sub-folder, e.g. "metrics/headline"."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no query file analysis/queries/{name}.sql")
    return path.read_text(encoding="utf-8")


@cache
def parameters_named_in(name: str) -> frozenset[str]:
    """The `$name` parameters a query file uses."""
    return frozenset(_PARAMETER.findall(load_query(name)))


def bind(name: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of `parameters` that query `name` uses (DuckDB refuses unused named parameters)."""
    wanted = parameters_named_in(name)
    missing = wanted - parameters.keys()
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
    return {key: parameters[key] for key in wanted}


def run_query(cursor: duckdb.DuckDBPyConnection, name: str, parameters: Mapping[str, Any]) -> pd.DataFrame:
    """Run query file `name` with its parameters bound and return the (small) result as a DataFrame."""
    return cursor.execute(load_query(name), bind(name, parameters)).df()
