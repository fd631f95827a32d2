"""`import FILE...`: check CSV/XLSX files together and land them all in one transaction, or nothing."""

from __future__ import annotations

import argparse
import getpass
import sys

from analysis.cli.output import EXIT_BAD_DATA, EXIT_OK, add_json_flag, print_json
from analysis.importer import ImportReport, import_files
from analysis.spreadsheets.safe_cells import safe_csv_frame
from analysis.store.connection import open_database

NAME = "import"
HELP = "import CSV or XLSX files (one per table, or one workbook with a sheet per table); all land or none; a delete column deletes rows"
SHOWN_PROBLEMS = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="members.csv, events.xlsx, a workbook, ...")
    parser.add_argument("--by", metavar="NAME", help="who imports (default: the login name)")
    parser.add_argument("--report", metavar="CSV", help="write every problem found to this CSV file")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check and preview only (rows added, changed with old and new values, deleted; likely duplicates); write nothing",
    )
    parser.add_argument(
        "--show",
        type=int,
        default=SHOWN_PROBLEMS,
        metavar="N",
        help=f"problems printed (default {SHOWN_PROBLEMS})",
    )
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    try:
        report = import_files(
            database, args.files, imported_by=args.by or _login_name(), dry_run=args.dry_run
        )
        if report.landed:  # the alerts of data/schedules.toml, checked after every import that landed
            from analysis.delivery import alerts_after_write

            for line in alerts_after_write(database):
                print(line, file=sys.stderr)
    finally:
        database.close()
    if args.report:
        # The values quoted are the file's own: written so that none runs as a formula when opened.
        safe_csv_frame(report.problems_frame()).to_csv(args.report, index=False, encoding="utf-8-sig")
    if args.json:
        print_json(report_json(report))
        return EXIT_OK if report.ok else EXIT_BAD_DATA
    if report.ok:
        print(_preview(report) if report.dry_run else _landed(report))
        if report.warnings:
            print(_warnings(report))
        return EXIT_OK
    print(problem_listing(report, args.show))
    if args.report:
        print(f"every problem is listed in {args.report}")
    print(f"error: {report.summary()}; correct the files and import them again", file=sys.stderr)
    return EXIT_BAD_DATA


def report_json(report: ImportReport) -> dict[str, object]:
    """Everything the import found or did, for scripts."""
    return {
        "files": report.files,
        "dry_run": report.dry_run,
        "landed": report.landed,
        "import_id": report.import_id,
        "change": report.change_id,
        "problems": [
            {
                "file": item.file,
                "row": item.row,
                "column": item.column,
                "value": item.value,
                "reason": item.reason,
            }
            for item in report.problems
        ],
        "preview": {table: preview.to_json_dict() for table, preview in report.preview.items()},
        "warnings": [warning.to_json_dict() for warning in report.warnings],
        "counts": {
            table: {"added": c.added, "updated": c.updated, "unchanged": c.unchanged, "deleted": c.deleted}
            for table, c in report.counts.items()
        },
    }


def _preview(report: ImportReport) -> str:
    added = sum(len(preview.added) for preview in report.preview.values())
    changed = sum(preview.changed_rows for preview in report.preview.values())
    deleted = sum(len(preview.deleted) for preview in report.preview.values())
    going = sum(sum(preview.going_with.values()) for preview in report.preview.values())
    lines = [
        f"dry run, nothing written ({', '.join(report.files)}): {added} rows would be added, {changed} changed, "
        f"{deleted} deleted" + (f" ({going} more go with them)" if going else "")
    ]
    for table, preview in report.preview.items():
        lines.append(
            f"  {table:<14} {len(preview.added):>7,} added {preview.changed_rows:>7,} changed "
            f"{len(preview.deleted):>7,} deleted {preview.unchanged:>7,} unchanged"
        )
        lines += [
            f"    {change.key} {change.column}: {change.old!r} -> {change.new!r}"
            for change in preview.changed[:SHOWN_PROBLEMS]
        ]
        if preview.deleted:
            lines.append(f"    deleted: {', '.join(preview.deleted[:SHOWN_PROBLEMS])}")
        lines += [
            f"    with them: {count} {child} rows" for child, count in preview.going_with.items() if count
        ]
    return "\n".join(lines)


def _warnings(report: ImportReport) -> str:
    lines = [f"{len(report.warnings)} likely duplicate(s) (a warning; nothing is refused for it):"]
    for warning in report.warnings:
        where = "in the store" if warning.in_store else f"in row {warning.other_row}"
        lines.append(
            f"  {warning.file}, row {warning.row}: {warning.member_id} {warning.name!r} looks like "
            f"{warning.other_id} {warning.other_name!r} {where} (same {', '.join(warning.matched_on)})"
        )
    return "\n".join(lines)


def _landed(report: ImportReport) -> str:
    lines = [f"import #{report.import_id} landed ({', '.join(report.files)}):"]
    for table, counts in report.counts.items():
        lines.append(
            f"  {table:<14} {counts.added:>7,} added {counts.updated:>7,} updated {counts.unchanged:>7,} unchanged"
            + (f" {counts.deleted:>7,} deleted" if counts.deleted else "")
        )
    return "\n".join(lines)


def problem_listing(report: ImportReport, limit: int) -> str:
    """The problems one per line, as `file, row N, column C: reason`, at most `limit` of them."""
    lines = [f"{len(report.problems)} problem(s) found; nothing was imported:"]
    lines += [f"  {problem}" for problem in report.problems[:limit]]
    hidden = len(report.problems) - limit
    if hidden > 0:
        lines.append(f"  ... and {hidden} more (use --report FILE.csv to get them all)")
    return "\n".join(lines)


def _login_name() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
