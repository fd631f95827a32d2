"""`history`: every change to the data, newest first (--json for scripts); `--change N` lists its rows."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from analysis.errors import AllianceError
from analysis.records.history import Change, RowChange, change_rows, get_change, list_changes, version_on_day
from analysis.records.tables import RECORD_TABLES
from analysis.store.connection import open_database

NAME = "history"
HELP = "list the changes to the data (imports, edits, deletions, undos, restores), newest first"


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day; write YYYY-MM-DD, e.g. 2024-03-31"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", choices=RECORD_TABLES, help="only changes that touched this table")
    parser.add_argument("--member", metavar="MEMBER_ID", help="only changes that touched this member's rows")
    parser.add_argument("--by", metavar="NAME", help="only changes made by this person")
    parser.add_argument("--since", type=_day, metavar="DAY", help="only changes on or after this day (UTC)")
    parser.add_argument("--until", type=_day, metavar="DAY", help="only changes on or before this day (UTC)")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N changes (default 50)")
    parser.add_argument(
        "--change", type=int, metavar="CHANGE", help="show the rows one change touched, before and after"
    )
    parser.add_argument(
        "--as-of", type=_day, metavar="DAY", help="print the change the data stood at on the end of DAY (UTC)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    try:
        if args.as_of is not None:
            version = version_on_day(database, args.as_of)
            if version is None:
                raise AllianceError(f"The store held nothing yet on {args.as_of}.")
            print(json.dumps({"day": str(args.as_of), "change": version}) if args.json else version)
            return 0
        if args.change is not None:
            change = get_change(database, args.change)
            rows = change_rows(database, args.change)
            if args.json:
                print(
                    json.dumps(
                        {**change.to_json_dict(), "rows": [row.to_json_dict() for row in rows]},
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            else:
                print(change_line(change))
                print("\n".join(row_lines(rows)))
            return 0
        changes = list_changes(
            database,
            table=args.table,
            member=args.member,
            made_by=args.by,
            since=args.since,
            until=args.until,
            limit=args.limit,
        )
    finally:
        database.close()
    if args.json:
        print(json.dumps([change.to_json_dict() for change in changes], ensure_ascii=False, indent=2))
    elif not changes:
        print("no changes match")
    else:
        print(
            f"{'change':>7}  {'when (UTC)':<19}  {'by':<14} {'kind':<8} {'+added':>7} {'~changed':>8} {'-deleted':>8}  what"
        )
        print("\n".join(change_line(change) for change in changes))
    return 0


def change_line(change: Change) -> str:
    return (
        f"{change.change_id:>7}  {change.made_at:%Y-%m-%d %H:%M:%S}  {(change.made_by or '-')[:14]:<14} {change.kind:<8} "
        f"{change.total('added'):>7} {change.total('changed'):>8} {change.total('deleted'):>8}  {change.message}"
    )


def row_lines(rows: list[RowChange]) -> list[str]:
    lines = []
    for row in rows:
        if row.action == "changed":
            changes = ", ".join(
                f"{name}: {(row.before or {}).get(name)!r} -> {(row.after or {}).get(name)!r}"
                for name in row.changed_columns
            )
            lines.append(f"  {row.table} {row.key} changed: {changes}")
        else:
            shown = row.after if row.action == "added" else row.before
            values = ", ".join(
                f"{name}={value}" for name, value in (shown or {}).items() if value is not None
            )
            lines.append(f"  {row.table} {row.key} {row.action}: {values}")
    return lines
