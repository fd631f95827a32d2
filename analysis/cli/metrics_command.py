"""`metrics`: the headline figures on a day, as one JSON object (--json) or a readable table."""

from __future__ import annotations

import argparse
import json

from analysis.filters.command_line import add_filter_arguments, filters_from_arguments
from analysis.filters.options import default_as_of
from analysis.metrics.headline import HeadlineFigures, headline_figures
from analysis.store.connection import open_database

NAME = "metrics"
HELP = "print the headline figures on a day (members, countries, YTD growth, events, engagement)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False, read_only=True)
    try:
        filters = filters_from_arguments(args, default_as_of(database))
        figures = headline_figures(database, filters)
    finally:
        database.close()
    if args.json:
        print(json.dumps(figures.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(readable_table(figures))
    return 0


def readable_table(figures: HeadlineFigures) -> str:
    """The figures as aligned "label  value" lines, then members per type and per country."""
    values = figures.to_json_dict()
    by_country = values.pop("members_by_country")
    by_type = values.pop("members_by_type")
    lines = [f"{key:<30}{_show(value)}" for key, value in values.items()]
    lines.append("members by type")
    lines += [f"  {member_type:<28}{count}" for member_type, count in by_type.items()]
    lines.append("members by country")
    lines += [f"  {country:<28}{count}" for country, count in by_country.items()]
    return "\n".join(lines)


def _show(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)
