"""`sql`: run one read-only query through the guarded console and print the result."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from analysis.errors import AllianceError
from analysis.spreadsheets.safe_cells import safe_csv_frame
from analysis.sql_console import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_SQL_CHARACTERS,
    run_readonly_sql,
)
from analysis.sql_console.policy import MAX_RESULT_BYTES
from analysis.store.location import store_location

NAME = "sql"
HELP = "run one read-only SQL query (SELECT, WITH, SHOW, DESCRIBE, CALL) on the alliance data"
FORMATS = ("table", "csv", "json")
STDIN_BYTES = 64 * 1024 * 1024  # read from standard input at most this much (the console refuses far less)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        help='the query, e.g. "SELECT country, count(*) FROM members GROUP BY 1", or - to read it from '
        "standard input (e.g. `< question.sql`)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_ROW_LIMIT,
        metavar="N",
        help=f"at most N rows (default {DEFAULT_ROW_LIMIT:,}); a note says when more were cut",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"stop the query after this long (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    parser.add_argument(
        "--audit-log",
        metavar="PATH",
        help="audit log file (default $ALLIANCE_SQL_AUDIT_LOG, else data/logs/sql_audit.jsonl)",
    )


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise AllianceError(f"--limit {args.limit} is not a row count: give a whole number of 1 or more.")
    if args.timeout <= 0:
        raise AllianceError(
            f"--timeout {args.timeout:g} is not a duration: give a number of seconds above 0."
        )
    query = _read_standard_input() if args.query == "-" else args.query
    result = run_readonly_sql(
        store_location(args.db).address,
        query,
        limit=args.limit,
        timeout_seconds=args.timeout,
        user=_user_name(),
        audit_log=args.audit_log,
    )
    if result.outcome != "answered":
        print(result.reason, file=sys.stderr)
        return 2
    frame = result.frame
    if args.format == "csv":
        sys.stdout.write(safe_csv_frame(frame).to_csv(index=False))  # no cell runs as a formula in Excel
    elif args.format == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(frame.to_string(index=False) if len(frame.columns) else "(no columns)")
    rows = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}"
    if result.truncated_by == "bytes":
        note = f"; truncated at the result limit of {MAX_RESULT_BYTES // (1024 * 1024)} MB (select fewer or shorter columns)"
    elif result.truncated:
        note = f"; truncated at the limit of {args.limit:,} (more rows exist: use --limit)"
    else:
        note = ""
    print(f"{rows} in {result.elapsed_ms:,.0f} ms{note}", file=sys.stderr)
    return 0


def _read_standard_input() -> str:
    data = sys.stdin.buffer.read(STDIN_BYTES + 1)
    if len(data) > STDIN_BYTES:
        raise AllianceError(
            f"The query on standard input is longer than {STDIN_BYTES // (1024 * 1024)} MB; the console takes "
            f"at most {MAX_SQL_CHARACTERS:,} characters. Nothing was run."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AllianceError(
            f"The query on standard input is not UTF-8 text (byte {error.start:,}). Save it as UTF-8 and try again."
        ) from error


def _user_name() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
