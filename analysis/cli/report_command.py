"""`report --year 2023 --lang en|zh|en,zh|both --out DIR [--sections ...] [--country ...] [--region ...]
[--member-type ...]`: write the annual report pack(s) and their ZIPs.

With two languages, one browser session draws both packs, into DIR/en and DIR/zh. The filters are the
ones `metrics` takes (checked the same way); the report's day is set by --year (31 December, or the last
data day while the year is under way).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from analysis.cli.output import add_json_flag, print_json
from analysis.filters import DEFAULT_HOST_COUNTRY, Filters
from analysis.filters.command_line import LIST_OPTIONS
from analysis.filters.command_line import filters_from_arguments as _filters
from analysis.i18n import LANGUAGES, Language
from analysis.report.catalogue import SECTIONS, ReportRequest
from analysis.report.pack import build_report_packs
from analysis.store.connection import open_database

NAME = "report"
HELP = (
    "write the annual report pack (figures as PNG/SVG/PDF, data as CSV/Parquet, figures.xlsx, report.pdf, "
    "slides.pptx, highlights.md, ZIP) in one language or both"
)


def report_languages(text: str) -> tuple[Language, ...]:
    """'en', 'zh', 'en,zh' or 'both' as languages, or an argparse error naming the choices."""
    if text.strip().lower() in ("both", "all"):
        return LANGUAGES
    chosen: list[Language] = []
    for part in text.split(","):
        code = part.strip().lower()
        if code not in LANGUAGES:
            raise argparse.ArgumentTypeError(
                f"{part.strip()!r} is not a language: write en, zh, en,zh or both"
            )
        if code not in chosen:
            chosen.append("en" if code == "en" else "zh")
    return tuple(chosen)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=int, required=True, help="the report's year; figures are taken on 31 December"
    )
    parser.add_argument(
        "--lang",
        type=report_languages,
        default=("en",),
        metavar="en|zh|en,zh|both",
        help="language(s) of the pack (default en); two languages write DIR/en and DIR/zh",
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
    for option, metavar, what in LIST_OPTIONS:
        parser.add_argument(option, nargs="+", action="extend", default=[], metavar=metavar, help=what)
    parser.add_argument(
        "--host-country",
        default=DEFAULT_HOST_COUNTRY,
        metavar="ISO3",
        help=f"the host country for the share outside it (default {DEFAULT_HOST_COUNTRY})",
    )


def report_base_filters(args: argparse.Namespace) -> Filters | None:
    """The narrowing filters given on the command line (checked as `metrics` checks them), or None."""
    args.as_of, args.start, args.end = None, None, None
    filters = _filters(
        args, dt.date(args.year, 12, 31)
    )  # the day is the report's own; only the narrowing is kept
    narrowed = (
        filters.countries,
        filters.regions,
        filters.member_types,
        filters.event_types,
        filters.formats,
    )
    if not any(narrowed) and filters.host_country == DEFAULT_HOST_COUNTRY:
        return None
    return filters


def run(args: argparse.Namespace) -> int:
    base = report_base_filters(args)
    database = open_database(args.db, create=False, read_only=True)
    try:
        requests = [
            ReportRequest(year=args.year, language=language, sections=tuple(args.sections), base_filters=base)
            for language in args.lang
        ]
        packs = build_report_packs(
            database,
            requests,
            args.out,
            progress=lambda fraction, step: print(f"{fraction:4.0%} {step}", file=sys.stderr),
        )
    finally:
        database.close()
    if args.json:
        print_json(
            [
                {
                    "language": request.language,
                    "files": pack.files,
                    "zip": pack.zip_path,
                    "warnings": pack.warnings,
                }
                for request, pack in zip(requests, packs, strict=True)
            ]
        )
        return 0
    for pack in packs:
        for warning in pack.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for path in [*pack.files, pack.zip_path]:
            print(path)
    return 0
