"""SQL lives in .sql files beside this module, named after what they return; this is the one loader.

Values are always bound parameters (`$as_of`, `$countries`), never formatted into the text. The store's
own SQL (its schema, rules, scope queries and the shared macros) is in `store/`.
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


def load_script(name: str) -> str:
    """The text of `analysis/queries/<name>.sql` when it is a script, run as it stands (a schema, macro
    definitions: several statements, no parameters)."""
    return load_query(name)


def macro_scripts() -> list[str]:
    """The shared macro definitions, in the order they must run: `store/macros.sql` (the shared filters)
    first, then every `store/macros_<area>.sql` (definitions built on them)."""
    areas = sorted(path.stem for path in (QUERY_DIR / "store").glob("macros_*.sql"))
    return [load_script(f"store/{name}") for name in ["macros", *areas]]


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


def quoted_identifier(name: str) -> str:
    """A table, column or database name as SQL text, in double quotes: where a name cannot be bound."""
    return '"' + str(name).replace('"', '""') + '"'


def quoted_literal(text: str) -> str:
    """A text as an SQL string literal, in single quotes: for statements that take no parameters
    (ATTACH, LOAD, a setting) and for SQL shown to people."""
    return "'" + str(text).replace("'", "''") + "'"
