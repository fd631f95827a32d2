"""Undo one change: every row it touched is put back as it was, in one new change ("undo").

A change can be undone while later changes exist, as long as none of them touched the same rows (same
table, same key). Where some did, nothing is changed and the message names them, so they can be
undone first (newest first) or the row corrected by hand. The store's rules are checked as for any
write: undoing the addition of a member that a later change gave a participation is refused by the
rule "participation: member_id names a member", naming the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.errors import AllianceError
from analysis.records.history import RowChange, get_change, keys_touched_after, rows_between, snapshot_range
from analysis.records.tables import RECORD_TABLES, contract, key_condition, key_parameters
from analysis.store.connection import AllianceDatabase, CommitNote


class UndoBlockedError(AllianceError):
    """Later changes touched rows of the change to be undone; `blocking` names them."""

    def __init__(self, change_id: int, blocking: dict[int, list[str]]) -> None:
        self.change_id = change_id
        self.blocking = blocking
        listed = "; ".join(
            f"change {snapshot} ({', '.join(rows[:5])}{', …' if len(rows) > 5 else ''})"
            for snapshot, rows in sorted(blocking.items(), reverse=True)
        )
        super().__init__(
            f"Change {change_id} cannot be undone: later changes touched the same rows: {listed}. "
            "Undo those first (newest first), or correct the rows by hand. Nothing was changed."
        )


@dataclass(frozen=True)
class UndoOutcome:
    change_id: int  # the new change (the undo itself)
    undone: int
    rows: list[RowChange]


def undo_blockers(database: AllianceDatabase, change_id: int) -> dict[int, list[str]]:
    """Later change -> the rows ("members 031") it shares with change `change_id`; empty: nothing in the way."""
    cursor = database.cursor()
    try:
        _, last = snapshot_range(cursor)
        rows = rows_between(cursor, change_id, change_id)
        return _blockers(cursor, change_id, last, rows)
    finally:
        cursor.close()


def _blockers(cursor: Any, change_id: int, last: int, rows: list[RowChange]) -> dict[int, list[str]]:
    blocking: dict[int, list[str]] = {}
    for table in {row.table for row in rows}:
        touched = keys_touched_after(cursor, change_id, last, table)
        for row in rows:
            if row.table == table and row.key in touched:
                for snapshot in touched[row.key]:
                    blocking.setdefault(snapshot, []).append(f"{table} {row.key}")
    return blocking


def undo_change(database: AllianceDatabase, change_id: int, *, made_by: str | None) -> UndoOutcome:
    """Put back every row change `change_id` touched, as one new change; refused when later changes are in the way."""
    change = get_change(database, change_id)
    if change.rows_touched == 0:
        raise AllianceError(f"Change {change_id} touched no data rows; there is nothing to undo.")
    message = f"undo of change {change_id} ({change.kind}: {change.message})".strip()
    note = CommitNote("undo", made_by, message, {"undoes": change_id})
    tables = tuple(table for table in RECORD_TABLES if table in change.counts)
    with database.writing(tables=tables, note=note) as cursor:
        _, last = snapshot_range(cursor)
        rows = rows_between(cursor, change_id, change_id)
        blocking = _blockers(cursor, change_id, last, rows)
        if blocking:
            raise UndoBlockedError(change_id, blocking)
        for row in rows:
            _put_back(cursor, row)
        new_id = last + 1  # the snapshot this commit becomes (writers take turns under the write lock)
    return UndoOutcome(new_id, change_id, rows)


def _put_back(cursor: Any, row: RowChange) -> None:
    table = row.table
    present = row.after or row.before
    assert present is not None
    keys = {name: present[name] for name in contract(table).key}
    parameters = key_parameters(table, _typed(table, keys))
    cursor.execute(f"delete from {table} where {key_condition(table)}", parameters)  # noqa: S608
    if row.before is not None:
        names = list(contract(table).column_names)
        placeholders = ", ".join(
            f"cast(${name} as {contract(table).column(name).sql_type})" for name in names
        )
        cursor.execute(
            f"insert into {table} ({', '.join(names)}) values ({placeholders})",  # noqa: S608
            {name: row.before.get(name) for name in names},
        )


def _typed(table: str, values: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt

    typed: dict[str, Any] = {}
    for name, value in values.items():
        kind = contract(table).column(name).kind
        typed[name] = dt.date.fromisoformat(value) if kind == "date" and isinstance(value, str) else value
    return typed
