"""Calendar periods: boundaries worked out on a calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.errors import AllianceError
from analysis.filters import Filters
from analysis.metrics.periods import (
    Period,
    check_grain,
    period_end,
    period_start,
    periods_between,
    series_periods,
    year_to_date,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "grain", "start", "end"),
    [
        (D(2024, 2, 10), "month", D(2024, 2, 1), D(2024, 2, 29)),  # leap February ends on the 29th
        (D(2023, 2, 10), "month", D(2023, 2, 1), D(2023, 2, 28)),
        (D(2023, 11, 19), "quarter", D(2023, 10, 1), D(2023, 12, 31)),
        (D(2023, 4, 1), "quarter", D(2023, 4, 1), D(2023, 6, 30)),
        (D(2023, 12, 31), "year", D(2023, 1, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), "year", D(2024, 1, 1), D(2024, 12, 31)),
    ],
)
def test_period_holding_a_day(day: dt.date, grain: str, start: dt.date, end: dt.date) -> None:
    assert period_start(day, check_grain(grain)) == start
    assert period_end(day, check_grain(grain)) == end


def test_series_runs_from_first_period_and_cuts_the_last_at_the_last_day() -> None:
    # 10 Sep 2020 .. 15 May 2021 by quarter: Q3 2020 (whole), Q4 2020, Q1 2021, then 1 Apr - 15 May 2021
    assert periods_between(D(2020, 9, 10), D(2021, 5, 15), "quarter") == [
        Period(D(2020, 7, 1), D(2020, 9, 30)),
        Period(D(2020, 10, 1), D(2020, 12, 31)),
        Period(D(2021, 1, 1), D(2021, 3, 31)),
        Period(D(2021, 4, 1), D(2021, 5, 15)),
    ]
    # 31 Dec -> 1 Jan at year grain: two periods, the second a single day
    assert periods_between(D(2023, 12, 31), D(2024, 1, 1), "year") == [
        Period(D(2023, 1, 1), D(2023, 12, 31)),
        Period(D(2024, 1, 1), D(2024, 1, 1)),
    ]
    assert periods_between(D(2024, 1, 2), D(2024, 1, 1), "month") == []


def test_series_periods_prefers_filters_start_and_end() -> None:
    filters = Filters(as_of=D(2024, 6, 30), start=D(2024, 2, 15), end=D(2024, 4, 10))
    assert [p.start for p in series_periods(filters, D(2020, 9, 1), "month")] == [
        D(2024, 2, 1),
        D(2024, 3, 1),
        D(2024, 4, 1),
    ]
    assert series_periods(Filters(as_of=D(2024, 6, 30)), None, "month") == []


def test_year_to_date_includes_both_ends() -> None:
    assert year_to_date(D(2024, 2, 29)) == Period(D(2024, 1, 1), D(2024, 2, 29))


def test_unknown_grain_is_a_clear_error() -> None:
    with pytest.raises(AllianceError, match="'week'"):
        check_grain("week")
