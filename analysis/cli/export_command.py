"""`export --out DIR`: every table as CSV and one XLSX workbook (and, with --template, the import template)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.spreadsheets.tables import export_tables
from analysis.spreadsheets.template import template_workbook_bytes
from analysis.store.connection import open_database

NAME = "export"
HELP = "write every table as CSV and as one XLSX workbook into a folder (an export imports back unchanged)"
TEMPLATE_NAME = "import_template.xlsx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write into (created if missing)"
    )
    parser.add_argument(
        "--template", action="store_true", help=f"also write the empty template {TEMPLATE_NAME}"
    )


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False, read_only=True)
    try:
        written = export_tables(database, args.out)
    finally:
        database.close()
    if args.template:
        template = Path(args.out) / TEMPLATE_NAME
        template.write_bytes(template_workbook_bytes())
        written.append(template)
    for path in written:
        print(path)
    return 0
