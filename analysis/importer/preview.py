"""What an import (or an edit) will do, before it lands: rows added, changed (old and new values), deleted.

Computed against the store's current data with the same key matching as the writer (`upsert_rows`):
a row whose key is held and whose given columns differ is "changed", with each differing column's
old and new value; a key not held is "added"; a row marked for deletion is "deleted", and the rows
that go with it (a member's roles and participation, an event's participation) are counted too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from analysis.importer.keys import CASCADES, key_text, plain
from analysis.store.contract import CONTRACTS


@dataclass(frozen=True)
class ValueChange:
    key: str
    column: str
    old: Any
    new: Any


@dataclass
class TablePreview:
    """One table's part of an import: the keys added, the values changed, the keys deleted."""

    added: list[str] = field(default_factory=list)
    changed: list[ValueChange] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    going_with: dict[str, int] = field(default_factory=dict)  # child table -> rows deleted with them

    @property
    def changed_rows(self) -> int:
        return len({change.key for change in self.changed})

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "changed": self.changed_rows,
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
            "added_keys": self.added,
            "changes": [
                {"key": change.key, "column": change.column, "old": change.old, "new": change.new}
                for change in self.changed
            ],
            "deleted_keys": self.deleted,
            "deleted_with_them": self.going_with,
        }


def stored_rows(
    cursor: duckdb.DuckDBPyConnection, table: str, keys: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """The stored rows whose keys are in `keys` (a frame of the key columns), by key text."""
    contract = CONTRACTS[table]
    if keys.empty:
        return {}
    key_columns = list(contract.key)
    typed = ", ".join(f"cast({name} as {contract.column(name).sql_type}) as {name}" for name in key_columns)
    cursor.register("preview_keys", keys[key_columns].drop_duplicates())
    try:
        match = " and ".join(f"stored.{name} = given.{name}" for name in key_columns)
        names = ", ".join(f"stored.{name}" for name in contract.column_names)
        rows = cursor.execute(
            f"select {names} from (select {typed} from preview_keys) given "  # noqa: S608 (contract names)
            f"join {table} stored on {match}"
        ).fetchall()
    finally:
        cursor.unregister("preview_keys")
    found = {}
    for values in rows:
        record = {name: plain(value) for name, value in zip(contract.column_names, values, strict=True)}
        found[key_text(table, record)] = record
    return found


def preview_table(
    cursor: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame | None, deleted: pd.DataFrame | None
) -> TablePreview:
    """The preview of one table: `rows` to add or update (checked, typed), `deleted` keys to delete."""
    contract = CONTRACTS[table]
    preview = TablePreview()
    if rows is not None and len(rows):
        stored = stored_rows(cursor, table, rows)
        columns = [
            name for name in contract.column_names if name in rows.columns and name not in contract.key
        ]
        for record in rows.to_dict("records"):
            given = {name: plain(record.get(name)) for name in contract.column_names if name in rows.columns}
            key = key_text(table, given)
            old = stored.get(key)
            if old is None:
                preview.added.append(key)
                continue
            differing = [name for name in columns if not _same(old.get(name), given.get(name))]
            if not differing:
                preview.unchanged += 1
            preview.changed.extend(
                ValueChange(key, name, old.get(name), given.get(name)) for name in differing
            )
    if deleted is not None and len(deleted):
        for record in deleted.to_dict("records"):
            preview.deleted.append(key_text(table, {name: plain(record.get(name)) for name in contract.key}))
        for child, column in CASCADES.get(table, ()):
            preview.going_with[child] = count_children(cursor, child, column, deleted[column].tolist())
    return preview


def count_children(cursor: duckdb.DuckDBPyConnection, child: str, column: str, ids: list[Any]) -> int:
    if not ids:
        return 0
    return int(
        cursor.execute(
            f"select count(*) from {child} where {column} in (select unnest($ids))",  # noqa: S608 (contract names)
            {"ids": [str(value) for value in ids]},
        ).fetchall()[0][0]
    )


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return str(old) == str(new)
