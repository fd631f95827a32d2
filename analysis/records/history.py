"""The history of the data, read from the store itself: one change per DuckLake snapshot.

A change is a commit that touched a data table (members, events, roles, participation, targets). Its
id is the snapshot id; who made it, what kind of change it was (import, edit, add, delete, undo,
restore) and a sentence come from the snapshot's commit note (`CommitNote`); the rows it touched,
before and after, from `ducklake_table_changes`. Nothing is kept by hand beside the store, so the
history cannot disagree with the data. Writes from before commit notes existed are still listed:
an import is recognised by the `imports` row it added, anything else is a "write".

Times are the snapshot's commit time, in UTC.
"""

# ruff: noqa: S608 (the SQL below names only LAKE and the contract's tables and columns; every value is bound)
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb

from analysis.errors import AllianceError
from analysis.queries import load_query
from analysis.records.tables import RECORD_TABLES, contract, key_text, plain
from analysis.store.connection import AllianceDatabase
from analysis.store.lake import LAKE, fetch_scalar

Action = Literal["added", "changed", "deleted"]
KINDS = ("import", "edit", "add", "delete", "undo", "restore", "write")
_BEFORE = ("delete", "update_preimage")
_AFTER = ("insert", "update_postimage")


@dataclass(frozen=True)
class RowChange:
    """One row one change touched: its table, its key, and the row before and after (None: absent)."""

    table: str
    key: str
    action: Action
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def changed_columns(self) -> list[str]:
        if self.before is None or self.after is None:
            return []
        return [name for name in self.after if self.before.get(name) != self.after.get(name)]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "changed_columns": self.changed_columns,
        }


@dataclass(frozen=True)
class Change:
    """One commit that touched the data: who, when, what kind, and how many rows of each table."""

    change_id: int
    made_at: dt.datetime
    made_by: str | None
    kind: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> added/changed/deleted

    @property
    def rows_touched(self) -> int:
        return sum(sum(counts.values()) for counts in self.counts.values())

    def total(self, action: str) -> int:
        return sum(counts.get(action, 0) for counts in self.counts.values())

    @property
    def undoes(self) -> int | None:
        value = self.extra.get("undoes")
        return int(value) if value is not None else None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "change": self.change_id,
            "made_at": self.made_at.isoformat(),
            "made_by": self.made_by,
            "kind": self.kind,
            "message": self.message,
            "undoes": self.undoes,
            "tables": self.counts,
            "added": self.total("added"),
            "changed": self.total("changed"),
            "deleted": self.total("deleted"),
        }


def snapshot_range(cursor: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """The first and the current snapshot of the store."""
    first = fetch_scalar(cursor, "select min(snapshot_id) from ducklake_snapshots(?)", [LAKE])
    last = fetch_scalar(cursor, "select id from ducklake_current_snapshot(?)", [LAKE])
    return int(first or 0), int(last or 0)


def _changes_sql(table: str) -> str:
    """Per (snapshot, key): whether a row was there before and after, and whether it differs."""
    names = contract(table).column_names
    keys = contract(table).key
    row_text = "md5(cast(struct_pack(" + ", ".join(f"{name} := {name}" for name in names) + ") as varchar))"
    before = ", ".join(f"'{kind}'" for kind in _BEFORE)
    after = ", ".join(f"'{kind}'" for kind in _AFTER)
    return (
        f"select snapshot_id, {', '.join(keys)}, "
        f"max(case when change_type in ({before}) then {row_text} end) as before_hash, "
        f"max(case when change_type in ({after}) then {row_text} end) as after_hash "
        f"from ducklake_table_changes('{LAKE}', 'main', '{table}', $first, $last) "
        f"where $member is null or {'member_id = $member' if 'member_id' in names else 'false'} "
        f"group by all"
    )


def _counts_by_snapshot(
    cursor: duckdb.DuckDBPyConnection, first: int, last: int, tables: tuple[str, ...], member: str | None
) -> dict[int, dict[str, dict[str, int]]]:
    counts: dict[int, dict[str, dict[str, int]]] = {}
    for table in tables:
        rows = cursor.execute(
            "select snapshot_id, "
            "count(*) filter (where before_hash is null and after_hash is not null), "
            "count(*) filter (where before_hash is not null and after_hash is not null "
            "and before_hash <> after_hash), "
            "count(*) filter (where before_hash is not null and after_hash is null) "
            f"from ({_changes_sql(table)}) group by snapshot_id",
            {"first": first, "last": last, "member": member},
        ).fetchall()
        for snapshot, added, changed, deleted in rows:
            if added or changed or deleted:
                counts.setdefault(int(snapshot), {})[table] = {
                    "added": int(added),
                    "changed": int(changed),
                    "deleted": int(deleted),
                }
    return counts


def _imports_by_snapshot(
    cursor: duckdb.DuckDBPyConnection, first: int, last: int
) -> dict[int, tuple[str | None, str]]:
    """Snapshot -> (who, files) of each import that landed (for writes without a commit note)."""
    rows = cursor.execute(
        load_query("records/imports_by_snapshot"), {"lake": LAKE, "first": first, "last": last}
    ).fetchall()
    return {int(snapshot): (by, f"import #{import_id}: {files}") for snapshot, by, files, import_id in rows}


def list_changes(
    database: AllianceDatabase,
    *,
    table: str | None = None,
    member: str | None = None,
    made_by: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str | None = None,
    limit: int | None = 200,
) -> list[Change]:
    """The changes, newest first. Filters: the table touched, a member (member_id) whose rows were
    touched, who made it, the days (UTC, both included), the kind; at most `limit` of them."""
    if table is not None and table not in RECORD_TABLES:
        raise AllianceError(f"There is no table {table!r}; choose one of {', '.join(RECORD_TABLES)}.")
    cursor = database.cursor()
    try:
        first, last = snapshot_range(cursor)
        tables = (table,) if table else RECORD_TABLES
        counts = _counts_by_snapshot(cursor, first, last, tables, member)
        imports = _imports_by_snapshot(cursor, first, last)
        snapshots = cursor.execute(load_query("records/snapshots"), {"lake": LAKE}).fetchall()
    finally:
        cursor.close()
    found: list[Change] = []
    for snapshot, made_at, author, message, extra_text in snapshots:
        snapshot = int(snapshot)
        extra = _extra(extra_text)
        if snapshot not in counts and not (extra and table is None and member is None):
            continue
        change = _change(snapshot, made_at, author, message, extra, counts.get(snapshot, {}), imports)
        if made_by is not None and (change.made_by or "") != made_by:
            continue
        if kind is not None and change.kind != kind:
            continue
        day = change.made_at.date()
        if (since is not None and day < since) or (until is not None and day > until):
            continue
        found.append(change)
        if limit is not None and len(found) >= limit:
            break
    return found


def _extra(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _change(
    snapshot: int,
    made_at: int,
    author: str | None,
    message: str | None,
    extra: dict[str, Any],
    counts: dict[str, dict[str, int]],
    imports: dict[int, tuple[str | None, str]],
) -> Change:
    kind = str(extra.get("kind") or ("import" if snapshot in imports else "write"))
    if not author and snapshot in imports:
        author = imports[snapshot][0]
    if not message and snapshot in imports:
        message = imports[snapshot][1]
    when = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(made_at))  # UTC, to the microsecond
    return Change(snapshot, when, author or None, kind, message or "", extra, counts)


def get_change(database: AllianceDatabase, change_id: int) -> Change:
    """One change by its id, or a message naming the ids that exist."""
    cursor = database.cursor()
    try:
        first, last = snapshot_range(cursor)
        row = cursor.execute(load_query("records/snapshot"), {"lake": LAKE, "id": change_id}).fetchall()
        if not row:
            raise AllianceError(
                f"There is no change {change_id} in the store {database.path} (changes run from {first} to "
                f"{last}); `python -m analysis history` lists them."
            )
        counts = _counts_by_snapshot(cursor, change_id, change_id, RECORD_TABLES, None)
        imports = _imports_by_snapshot(cursor, change_id, change_id)
    finally:
        cursor.close()
    snapshot, made_at, author, message, extra = row[0]
    return _change(int(snapshot), made_at, author, message, _extra(extra), counts.get(change_id, {}), imports)


def change_rows(database: AllianceDatabase, change_id: int, *, limit: int | None = None) -> list[RowChange]:
    """The rows one change touched, table by table (parents first), with their values before and after."""
    cursor = database.cursor()
    try:
        return rows_between(cursor, change_id, change_id, limit=limit)
    finally:
        cursor.close()


def rows_between(
    cursor: duckdb.DuckDBPyConnection, first: int, last: int, *, limit: int | None = None
) -> list[RowChange]:
    """The net effect on each row of the snapshots first..last together."""
    found: list[RowChange] = []
    for table in RECORD_TABLES:
        names = list(contract(table).column_names)
        rows = cursor.execute(
            f"select change_type, {', '.join(names)} from ducklake_table_changes('{LAKE}', 'main', "
            f"'{table}', $first, $last) order by snapshot_id, rowid, change_type",
            {"first": first, "last": last},
        ).fetchall()
        by_key: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for change_type, *values in rows:
            record = {name: plain(value) for name, value in zip(names, values, strict=True)}
            by_key.setdefault(key_text(table, record), []).append((str(change_type), record))
        for key, events in by_key.items():
            befores = [record for kind, record in events if kind in _BEFORE]
            afters = [record for kind, record in events if kind in _AFTER]
            before = befores[0] if befores else None
            after = afters[-1] if afters else None
            if before == after:
                continue
            action: Action = "added" if before is None else ("deleted" if after is None else "changed")
            found.append(RowChange(table, key, action, before, after))
            if limit is not None and len(found) >= limit:
                return found
    return found


def keys_touched_after(
    cursor: duckdb.DuckDBPyConnection, after: int, last: int, table: str
) -> dict[str, list[int]]:
    """Key -> the snapshots after `after` (up to `last`) that touched that row of `table`."""
    if after >= last:
        return {}
    keys = contract(table).key
    rows = cursor.execute(
        f"select distinct snapshot_id, {', '.join(keys)} from ducklake_table_changes('{LAKE}', 'main', "
        f"'{table}', $first, $last)",
        {"first": after + 1, "last": last},
    ).fetchall()
    touched: dict[str, list[int]] = {}
    for snapshot, *values in rows:
        key = key_text(table, dict(zip(keys, values, strict=True)))
        touched.setdefault(key, []).append(int(snapshot))
    return touched


def version_on_day(database: AllianceDatabase, day: dt.date) -> int | None:
    """The last snapshot committed on or before `day` (UTC): the data as it stood at the end of that day."""
    cursor = database.cursor()
    try:
        value = fetch_scalar(
            cursor,
            load_query("records/last_snapshot_before"),
            {
                "lake": LAKE,
                "end": int(
                    (
                        dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) - dt.datetime(1970, 1, 1)
                    ).total_seconds()
                    * 1_000_000
                ),
            },
        )
    finally:
        cursor.close()
    return int(value) if value is not None else None


def authors(database: AllianceDatabase) -> list[str]:
    """Everyone who made a change, for the History filter."""
    return sorted({change.made_by for change in list_changes(database, limit=None) if change.made_by})
