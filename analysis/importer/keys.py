"""The data tables by key: key columns, how a key is written, what refers to what (imports, edits, history)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from analysis.store.contract import CONTRACTS, TABLE_NAMES, TableContract

RECORD_TABLES = TABLE_NAMES  # members, events, roles, participation, targets (parents first)
KEY_SEPARATOR = " / "

# Deleting a row of the parent deletes the rows of the children that name it (child, column).
CASCADES: dict[str, tuple[tuple[str, str], ...]] = {
    "members": (("roles", "member_id"), ("participation", "member_id")),
    "events": (("participation", "event_id"),),
}


def contract(table: str) -> TableContract:
    if table not in CONTRACTS:
        raise KeyError(table)
    return CONTRACTS[table]


def plain(value: Any) -> Any:
    """A stored value as JSON and comparison want it: dates as YYYY-MM-DD, missing (None, NaN, NaT, NA) as None."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def key_text(table: str, row: dict[str, Any]) -> str:
    """How a row is named: its key values joined by " / " (member "031", role "031 / chair / 2020-01-01")."""
    return KEY_SEPARATOR.join(
        "" if plain(row.get(name)) is None else str(plain(row.get(name))) for name in contract(table).key
    )


def key_values(table: str, text: str) -> dict[str, Any]:
    """The key columns' values from a key text (the reverse of `key_text`), typed for a bound parameter."""
    names = contract(table).key
    parts = text.split(KEY_SEPARATOR) if len(names) > 1 else [text]
    if len(parts) != len(names):
        raise ValueError(f"{table} rows are named by {', '.join(names)}, separated by '{KEY_SEPARATOR}'")
    values: dict[str, Any] = {}
    for name, part in zip(names, parts, strict=True):
        kind = contract(table).column(name).kind
        if kind == "date":
            values[name] = dt.date.fromisoformat(part.strip())
        elif kind == "integer":
            values[name] = int(part.strip())
        else:
            values[name] = part
    return values


def key_condition(table: str, alias: str = "") -> str:
    """`member_id = $k0 and ...` with one bound parameter per key column."""
    prefix = f"{alias}." if alias else ""
    return " and ".join(f"{prefix}{name} = $k{index}" for index, name in enumerate(contract(table).key))


def key_parameters(table: str, values: dict[str, Any]) -> dict[str, Any]:
    return {f"k{index}": values[name] for index, name in enumerate(contract(table).key)}
