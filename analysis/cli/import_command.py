"""`import FILE...`: check CSV/XLSX files together and land them all in one transaction, or nothing."""

from __future__ import annotations

import argparse
import getpass
import sys

from analysis.cli.output import EXIT_BAD_DATA, EXIT_OK, add_json_flag, print_json
from analysis.importer import ImportReport, import_files
from analysis.spreadsheets.safe_cells import safe_csv_frame
from analysis.store.database import open_database

NAME = "import"
HELP = "import CSV or XLSX files (one per table, or one workbook with a sheet per table); all land or none"
SHOWN_PROBLEMS = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="members.csv, events.xlsx, a workbook, ...")
    parser.add_argument("--by", metavar="NAME", help="who imports (default: the login name)")
    parser.add_argument("--report", metavar="CSV", help="write every problem found to this CSV file")
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
        report = import_files(database, args.files, imported_by=args.by or _login_name())
        if report.ok:  # the alerts of data/schedules.toml, checked after every import that landed
            from analysis.delivery import alerts_after_write

            for line in alerts_after_write(database):
                print(line, file=sys.stderr)
    finally:
        database.close()
    if args.report:
        # The values quoted are the file's own: written so that none runs as a formula when opened.
        safe_csv_frame(report.problems_frame()).to_csv(args.report, index=False, encoding="utf-8-sig")
    if args.json:
        print_json(report.as_document())
        return EXIT_OK if report.ok else EXIT_BAD_DATA
    if report.ok:
        print(_landed(report))
        return EXIT_OK
    print(problem_listing(report, args.show))
    if args.report:
        print(f"every problem is listed in {args.report}")
    print(f"error: {report.summary()}; correct the files and import them again", file=sys.stderr)
    return EXIT_BAD_DATA


def _landed(report: ImportReport) -> str:
    lines = [f"import #{report.import_id} landed ({', '.join(report.files)}):"]
    for table, counts in report.counts.items():
        lines.append(
            f"  {table:<14} {counts.added:>7,} added {counts.updated:>7,} updated {counts.unchanged:>7,} unchanged"
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
