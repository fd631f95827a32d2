"""The filter options commands share (--as-of, --country, --member-type, ...), checked and turned into Filters."""

from __future__ import annotations

import argparse
import datetime as dt

from analysis.countries import read_country_reference
from analysis.errors import UsageError
from analysis.filters import DEFAULT_HOST_COUNTRY, REGIONS, Filters
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES

LIST_OPTIONS = (
    ("--country", "ISO3", "only members (and events hosted) in these countries"),
    ("--region", "REGION", f"only these UN M49 regions: {', '.join(REGIONS)}"),
    ("--member-type", "TYPE", f"only these member types: {', '.join(MEMBER_TYPES)}"),
    ("--event-type", "TYPE", f"only these event types: {', '.join(EVENT_TYPES)}"),
    ("--format", "FORMAT", f"only these event formats: {', '.join(EVENT_FORMATS)}"),
)


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD day, or an argparse error saying what was wrong and what to write."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day: write it as YYYY-MM-DD, e.g. 2024-12-31"
        ) from None


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """--as-of, --start, --end, --country, --region, --member-type, --event-type, --format, --host-country."""
    parser.add_argument(
        "--as-of",
        type=parse_day,
        metavar="YYYY-MM-DD",
        help="the day figures are taken on (default: the last day anything happened in the data, as on the dashboard)",
    )
    parser.add_argument("--start", type=parse_day, metavar="YYYY-MM-DD", help="first day of period series")
    parser.add_argument("--end", type=parse_day, metavar="YYYY-MM-DD", help="last day of period series")
    for option, metavar, what in LIST_OPTIONS:
        parser.add_argument(option, nargs="+", action="extend", default=[], metavar=metavar, help=what)
    parser.add_argument(
        "--host-country",
        default=DEFAULT_HOST_COUNTRY,
        metavar="ISO3",
        help=f"the host country for the share outside it (default {DEFAULT_HOST_COUNTRY})",
    )


def filters_from_arguments(args: argparse.Namespace, default_as_of: dt.date) -> Filters:
    """Filters from parsed options, every value checked; an AllianceError names a bad one and the choices.

    Without --as-of, the day is `default_as_of`: `analysis.filters.options.default_as_of(database)`, the
    same day the dashboard opens on.
    """
    reference = read_country_reference()
    known_countries = set(reference["iso3"])
    countries = tuple(code.strip().upper() for code in args.country)
    host_country = args.host_country.strip().upper()
    for code in (*countries, host_country):
        if code not in known_countries:
            raise UsageError(
                f"Unknown country code {code!r}: countries are ISO 3166-1 alpha-3 codes such as CHN, USA, DEU "
                "(see data/reference/countries.csv)."
            )
    regions = _checked("--region", args.region, REGIONS)
    as_of = args.as_of or default_as_of
    if args.start and args.end and args.start > args.end:
        raise UsageError(
            f"--start {args.start} is after --end {args.end}: give a start on or before the end."
        )
    return Filters(
        as_of=as_of,
        start=args.start,
        end=args.end,
        countries=countries,
        regions=regions,
        member_types=_checked("--member-type", args.member_type, MEMBER_TYPES),
        event_types=_checked("--event-type", args.event_type, EVENT_TYPES),
        formats=_checked("--format", args.format, EVENT_FORMATS),
        host_country=host_country,
    )


def _checked(option: str, values: list[str], allowed: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise UsageError(f"Unknown value {value!r} for {option}: choose from {', '.join(allowed)}.")
    return tuple(values)
