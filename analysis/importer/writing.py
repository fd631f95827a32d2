"""Landing checked rows: update changed rows and insert new ones by key, inside the caller's transaction.

Names of tables and columns come from the import contract, never from a file; values travel as a
registered frame, never as SQL text. A row whose key exists and whose given columns already hold
the same values is left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from analysis.importer.report import TableCounts
from analysis.queries import load_query
from analysis.store.contract import CONTRACTS, TableContract


def existing_keys(cursor: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The ids other rows may name: member_id of every member, event_id of every event."""
    return {
        "members": {row[0] for row in cursor.execute(load_query("importer/member_ids")).fetchall()},
        "events": {row[0] for row in cursor.execute(load_query("importer/event_ids")).fetchall()},
    }


def stored_key_tuples(cursor: duckdb.DuckDBPyConnection, table: str) -> set[tuple[object, ...]]:
    """Every stored key of `table`, dates written YYYY-MM-DD (as deletions compare them)."""
    contract = CONTRACTS[table]
    rows = cursor.execute(f"select {', '.join(contract.key)} from {table}").fetchall()  # noqa: S608
    return {
        tuple(value.isoformat() if isinstance(value, dt.date) else value for value in row) for row in rows
    }


def upsert_rows(
    cursor: duckdb.DuckDBPyConnection, contract: TableContract, rows: pd.DataFrame
) -> TableCounts:
    """Insert new keys, update changed rows (only the columns the file has), leave equal rows alone."""
    columns = [name for name in contract.column_names if name in rows.columns]
    staged = f"import_{contract.name}"
    typed = ", ".join(f"cast({name} as {contract.column(name).sql_type}) as {name}" for name in columns)
    cursor.register("import_frame", rows[columns])
    try:
        cursor.execute(f"create or replace temp table {staged} as select {typed} from import_frame")  # noqa: S608
    finally:
        cursor.unregister("import_frame")
    key_match = " and ".join(f"stored.{name} = given.{name}" for name in contract.key)
    values = [name for name in columns if name not in contract.key]
    same = " and ".join(f"given.{name} is not distinct from stored.{name}" for name in values) or "true"
    first_key = contract.key[0]
    from_clause = f"from {staged} given left join {contract.name} stored on {key_match}"
    added, updated, unchanged = cursor.execute(
        f"select count(*) filter (where stored.{first_key} is null), "
        f"count(*) filter (where stored.{first_key} is not null and not ({same})), "
        f"count(*) filter (where stored.{first_key} is not null and ({same})) {from_clause}"
    ).fetchall()[0]
    if updated:
        # One UPDATE per column, touching only rows where that column changes. Not INSERT ... ON CONFLICT
        # DO UPDATE: DuckDB 2.0 refuses that on a row other tables refer to (a member with participation),
        # even when no key changes.
        stored_match = " and ".join(f"{contract.name}.{name} = given.{name}" for name in contract.key)
        for name in values:
            cursor.execute(
                f"update {contract.name} set {name} = given.{name} from {staged} given "  # noqa: S608
                f"where {stored_match} and given.{name} is distinct from {contract.name}.{name}"
            )
    if added:
        cursor.execute(
            f"insert into {contract.name} ({', '.join(columns)}) "
            f"select {', '.join('given.' + name for name in columns)} {from_clause} "
            f"where stored.{first_key} is null"
        )
    cursor.execute(f"drop table {staged}")
    return TableCounts(added=int(added), updated=int(updated), unchanged=int(unchanged))


def record_import(
    cursor: duckdb.DuckDBPyConnection,
    files: list[str],
    imported_by: str | None,
    counts: dict[str, TableCounts],
) -> int:
    """One `imports` row for an import that landed; returns its id."""
    summary = {
        table: {"added": c.added, "updated": c.updated, "unchanged": c.unchanged}
        | ({"deleted": c.deleted} if c.deleted else {})  # only imports that delete say so
        for table, c in counts.items()
    }
    # The next id under the store's write lock (DuckLake has no sequences; writers take turns).
    import_id = int(cursor.execute("select coalesce(max(import_id), 0) + 1 from imports").fetchall()[0][0])
    cursor.execute(
        "insert into imports (import_id, imported_at, imported_by, files, rows_added, rows_updated, summary) "
        "values ($id, $at, $by, $files, $added, $updated, $summary)",
        {
            "id": import_id,
            "at": dt.datetime.now().replace(microsecond=0),
            "by": imported_by,
            "files": ", ".join(files),
            "added": sum(c.added for c in counts.values()),
            "updated": sum(c.updated for c in counts.values()),
            "summary": json.dumps(summary),
        },
    )
    return import_id


def delete_rows(cursor: duckdb.DuckDBPyConnection, table: str, keys: pd.DataFrame) -> dict[str, int]:
    """Delete the rows of `table` with the keys in `keys`, and the rows that go with them (a member's
    roles and participation, an event's participation); returns rows deleted per table."""
    from analysis.importer.keys import CASCADES

    contract = CONTRACTS[table]
    key = list(contract.key)
    typed = ", ".join(f"cast({name} as {contract.column(name).sql_type}) as {name}" for name in key)
    cursor.register("delete_frame", keys[key].drop_duplicates())
    try:
        cursor.execute(f"create or replace temp table delete_{table} as select {typed} from delete_frame")  # noqa: S608
    finally:
        cursor.unregister("delete_frame")
    deleted: dict[str, int] = {}
    for child, column in CASCADES.get(table, ()):
        deleted[child] = int(
            cursor.execute(
                f"delete from {child} where {column} in (select {column} from delete_{table})"  # noqa: S608
            ).fetchall()[0][0]
        )
    match = " and ".join(f"{table}.{name} = gone.{name}" for name in key)
    deleted[table] = int(
        cursor.execute(
            f"delete from {table} where exists (select 1 from delete_{table} gone where {match})"  # noqa: S608
        ).fetchall()[0][0]
    )
    cursor.execute(f"drop table delete_{table}")
    return deleted


def write_import(
    cursor: duckdb.DuckDBPyConnection,
    checked: dict[str, pd.DataFrame],
    files: list[str],
    imported_by: str | None,
    deletions: dict[str, pd.DataFrame] | None = None,
) -> tuple[dict[str, TableCounts], int]:
    """Every table's rows, parents first, then the deletions (children first), then the record of the import."""
    counts = {
        name: upsert_rows(cursor, contract, checked[name])
        for name, contract in CONTRACTS.items()
        if name in checked
    }
    deleted: dict[str, int] = {}
    for name in reversed(tuple(CONTRACTS)):
        if deletions and name in deletions and len(deletions[name]):
            for table, count in delete_rows(cursor, name, deletions[name]).items():
                deleted[table] = deleted.get(table, 0) + count
    for table, count in deleted.items():
        if not count:
            continue
        before = counts.get(table, TableCounts())
        counts[table] = TableCounts(before.added, before.updated, before.unchanged, count)
    counts = {name: counts[name] for name in CONTRACTS if name in counts}  # parents first, as everywhere
    return counts, record_import(cursor, files, imported_by, counts)
