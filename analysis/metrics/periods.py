"""Calendar periods (month, quarter, year) that period series run over, defined once for every metric.

A period is a span of whole days, both ends included. A series runs from the period holding its first
day to the period holding its last day; the last period is cut at the last day (a series up to
15 May at month grain ends with the period 1-15 May).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast, get_args

import pandas as pd

from analysis.errors import AllianceError
from analysis.filters import Filters, Grain

GRAIN_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Period:
    """One calendar period: `start` and `end` both included."""

    start: dt.date
    end: dt.date


def check_grain(grain: str) -> Grain:
    """`grain` as a Grain, or an AllianceError naming the grains there are."""
    if grain not in get_args(Grain):
        raise AllianceError(
            f"Unknown grain {grain!r}: periods are 'month', 'quarter' or 'year'. Pick one of those."
        )
    return cast(Grain, grain)


def period_start(day: dt.date, grain: Grain) -> dt.date:
    """The first day of the period holding `day` (1st of the month, of the quarter, or 1 January)."""
    months = GRAIN_MONTHS[check_grain(grain)]
    first_month = (day.month - 1) // months * months + 1
    return dt.date(day.year, first_month, 1)


def next_period_start(day: dt.date, grain: Grain) -> dt.date:
    """The first day of the period after the one holding `day`."""
    start = period_start(day, grain)
    month_index = start.year * 12 + start.month - 1 + GRAIN_MONTHS[grain]
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def period_end(day: dt.date, grain: Grain) -> dt.date:
    """The last day of the period holding `day` (31 December for a year; 29 February in a leap February)."""
    return next_period_start(day, grain) - dt.timedelta(days=1)


def periods_between(first_day: dt.date, last_day: dt.date, grain: Grain) -> list[Period]:
    """The periods from the one holding `first_day` to the one holding `last_day`, the last cut at `last_day`.

    The first period starts on its calendar first day (not cut at `first_day`). Empty when
    `last_day` is before `first_day`.
    """
    check_grain(grain)
    if last_day < first_day:
        return []
    periods = []
    start = period_start(first_day, grain)
    while start <= last_day:
        end = min(period_end(start, grain), last_day)
        periods.append(Period(start, end))
        start = next_period_start(start, grain)
    return periods


def series_periods(filters: Filters, first_data_day: dt.date | None, grain: Grain) -> list[Period]:
    """The periods a series covers: from `filters.start` (else the first data day) to `filters.period_end`.

    `first_data_day` is usually the first join; None (no data) gives no periods unless
    `filters.start` is set.
    """
    first_day = filters.start or first_data_day
    if first_day is None:
        return []
    return periods_between(first_day, filters.period_end, grain)


def period_parameters(periods: list[Period]) -> dict[str, Any]:
    """Bound parameters `$period_starts` / `$period_ends` (lists of dates) for period series queries.

    In SQL: `select unnest($period_starts::date[]) as period_start, unnest($period_ends::date[]) as period_end`.
    """
    return {
        "period_starts": [period.start for period in periods],
        "period_ends": [period.end for period in periods],
    }


def periods_frame(periods: list[Period]) -> pd.DataFrame:
    """DataFrame[period_start, period_end] (dates), one row per period, in order."""
    return pd.DataFrame(
        {
            "period_start": [period.start for period in periods],
            "period_end": [period.end for period in periods],
        },
        columns=["period_start", "period_end"],
    )


def year_to_date(as_of: dt.date) -> Period:
    """The year-to-date window for `as_of`: 1 January of its year to `as_of`, both included."""
    return Period(dt.date(as_of.year, 1, 1), as_of)


def to_date(value: object) -> dt.date | None:
    """A day read back from a query (Timestamp, datetime64, date) as a `datetime.date`; None when missing."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]
