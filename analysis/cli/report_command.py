"""`report --year 2023 --lang en|zh --out DIR [--sections ...]`: write the annual report pack and its ZIP."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.output import add_json_flag, print_json
from analysis.exports.report_figures import SECTIONS, ReportRequest
from analysis.exports.report_pack import build_report_pack
from analysis.store.database import open_database

NAME = "report"
HELP = "write the annual report pack (figures as PNG/SVG/PDF, figures.xlsx, report.pdf, slides.pptx, highlights.md, ZIP)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=int, required=True, help="the report's year; figures are taken on 31 December"
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of every text (default en)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write the pack into (created if needed)"
    )
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=SECTIONS,
        default=list(SECTIONS),
        metavar="SECTION",
        help=f"sections to include (default all): {', '.join(SECTIONS)}",
    )
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False, read_only=True)
    try:
        request = ReportRequest(year=args.year, language=args.lang, sections=tuple(args.sections))
        pack = build_report_pack(
            database,
            request,
            args.out,
            progress=lambda fraction, step: print(f"{fraction:4.0%} {step}", file=sys.stderr),
        )
    finally:
        database.close()
    if args.json:
        print_json({"files": pack.files, "zip": pack.zip_path, "warnings": pack.warnings})
        return 0
    for warning in pack.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path in [*pack.files, pack.zip_path]:
        print(path)
    return 0
