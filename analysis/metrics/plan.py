"""Plan against actual: the work plan's targets, the figures reached, and where members are heading.

Targets in the `targets` table are set for the whole alliance; actuals follow the filters, so under a
filter the attainment is the filtered part's share of the alliance's target.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.filters import Filters
from analysis.i18n import translate
from analysis.metrics.events import event_totals
from analysis.queries import bind, load_query, run_query
from analysis.store.connection import AllianceDatabase
from analysis.store.lake import fetch_scalar

PLAN_COLUMNS = ["year", "metric", "target", "actual", "attainment", "measured_on"]
TREND_MONTHS = 12  # the straight line is fitted on the last 12 months (13 month-steps, as_of included)

PROJECTION_METHOD_KEY = "plan.projection.method"  # the method in both languages: translate(key, language)
PROJECTION_METHOD = translate(PROJECTION_METHOD_KEY, "en")


@dataclass(frozen=True)
class MembersProjection:
    """Where members are heading by 31 December of the as-of day's year, and when the target is reached."""

    method: str  # in English; `method_key` gives it in any language through the catalogue
    as_of: dt.date
    year_end: dt.date
    members_now: int
    trend_per_day: (
        float | None
    )  # slope of the trend line, members per day; None with under a month of history
    year_end_estimate: int
    low: int
    high: int
    target: int | None  # the `members` target for the year, None when the plan has none
    target_reached_on: (
        dt.date | None
    )  # reached (past) or projected (future) day; None when never at this pace
    target_already_reached: bool
    method_key: str = PROJECTION_METHOD_KEY

    def to_json_dict(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("as_of", "year_end", "target_reached_on"):
            values[key] = values[key].isoformat() if values[key] else None
        return values


def measured_on(filters: Filters, year: int) -> dt.date | None:
    """The day a year's actuals are taken on: 31 December, or as_of within the as-of year; None for later years."""
    if year > filters.as_of.year:
        return None
    return min(dt.date(year, 12, 31), filters.as_of)


def plan_against_actual(
    database: AllianceDatabase, filters: Filters, year: int | None = None
) -> pd.DataFrame:
    """The year's work-plan targets against the actual figures.

    Grain: one row per target recorded for `year` (default: as_of's year), in the order members,
    countries, events, engaged_members; no rows when the plan has none. Actuals are taken on
    measured_on = 31 December of the year, or as_of when the year is the as-of year (missing for a
    later year):
    - members: members passing the member filters active on measured_on;
    - countries: the countries those members come from;
    - events: events passing the event filters (host country for countries/regions) starting from
      1 January to measured_on;
    - engaged_members: active members on measured_on with >= 1 participation in an event of that
      window (as `event_totals`).
    actual is a float (NaN when missing); attainment = actual / target (NaN when the target is 0 or
    the actual missing).
    """
    year = filters.as_of.year if year is None else year
    with database.reading() as cursor:
        targets = run_query(cursor, "metrics/plan_targets", {"year": year})
    day = measured_on(filters, year)
    actuals = _actuals(database, filters, year, day) if day is not None else {}
    frame = targets.assign(
        actual=pd.Series([actuals.get(metric, math.nan) for metric in targets["metric"]], dtype="float64"),
        measured_on=day,
    )
    frame["attainment"] = frame["actual"] / frame["target"].where(frame["target"] > 0)
    return frame[PLAN_COLUMNS]


def _actuals(database: AllianceDatabase, filters: Filters, year: int, day: dt.date) -> dict[str, int]:
    totals = event_totals(database, filters, dt.date(year, 1, 1), day)
    name = "metrics/plan_countries_on"
    with database.reading() as cursor:
        countries = fetch_scalar(
            cursor, load_query(name), bind(name, {**filters.parameters(), "measured_on": day})
        )
    return {
        "members": totals.active_members,
        "countries": int(countries),
        "events": totals.events,
        "engaged_members": totals.engaged_members,
    }


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, cut to the month's last day (31 Mar - 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def members_on_days(database: AllianceDatabase, filters: Filters, days: list[dt.date]) -> list[int]:
    """Members passing the member filters active on each of `days` (in the order given)."""
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/plan_members_on_days", {**filters.parameters(), "days": days})
    counts = {
        pd.Timestamp(day).date(): int(members)
        for day, members in zip(frame["day"], frame["members"], strict=True)
    }
    return [counts[day] for day in days]


def members_projection(database: AllianceDatabase, filters: Filters) -> MembersProjection:
    """Year-end members at the current pace, a range, and the day the year's members target is reached.

    Grain: one projection for 31 December of as_of's year, for the members passing the member filters.
    Method (also in `.method`):
    - estimate: a least-squares straight line through the member counts on as_of and on the same day
      of each of the previous 12 months (days before the first join left out), extended to 31 December
      from the count on as_of: members_now + slope x days left;
    - range (low, high): members_now + the slowest / fastest 12-month pace seen since the first join
      (gain over each 12-month window ending on the monthly sample days, per day) x days left; never
      below 0, and always holding the estimate; equal to it with under 12 months of history;
    - target_reached_on: when members_now >= target, the last day the count rose to the target;
      else as_of + ceil((target - members_now) / slope) days, None when the slope is not positive.
    Targets are alliance-wide (see the module docstring).
    """
    as_of = filters.as_of
    year_end = dt.date(as_of.year, 12, 31)
    first_day = _first_join(database, filters)
    history_months = 0 if first_day is None else _whole_months_between(first_day, as_of)
    sample_days = [months_before(as_of, months) for months in range(history_months, -1, -1)]
    counts = members_on_days(database, filters, sample_days)
    members_now = counts[-1]
    days_left = (year_end - as_of).days

    trend_days = sample_days[-(TREND_MONTHS + 1) :]
    trend_counts = counts[-(TREND_MONTHS + 1) :]
    slope = _least_squares_slope(trend_days, trend_counts)
    estimate = members_now + (slope or 0.0) * days_left

    paces = [
        (counts[index + TREND_MONTHS] - counts[index])
        / (sample_days[index + TREND_MONTHS] - sample_days[index]).days
        for index in range(len(counts) - TREND_MONTHS)
    ]
    low = members_now + min(paces) * days_left if paces else estimate
    high = members_now + max(paces) * days_left if paces else estimate

    target = _members_target(database, as_of.year)
    reached_on, already = _target_reached_on(database, filters, target, members_now, slope)
    return MembersProjection(
        method=PROJECTION_METHOD,
        as_of=as_of,
        year_end=year_end,
        members_now=members_now,
        trend_per_day=slope,
        year_end_estimate=max(0, round(estimate)),
        low=max(0, math.floor(round(min(low, estimate), 6))),  # round off float noise before cutting
        high=math.ceil(round(max(high, estimate), 6)),
        target=target,
        target_reached_on=reached_on,
        target_already_reached=already,
    )


def _first_join(database: AllianceDatabase, filters: Filters) -> dt.date | None:
    name = "metrics/first_join_day"
    with database.reading() as cursor:
        first: dt.date | None = fetch_scalar(cursor, load_query(name), bind(name, filters.parameters()))
    return first


def _whole_months_between(first: dt.date, last: dt.date) -> int:
    """How many whole calendar months back from `last` stay on or after `first` (0 when last < first)."""
    months = max(0, (last.year - first.year) * 12 + last.month - first.month)
    while months > 0 and months_before(last, months) < first:
        months -= 1
    return months


def _least_squares_slope(days: list[dt.date], counts: list[int]) -> float | None:
    """Members per day of the least-squares line through (day, count); None with fewer than two days."""
    if len(days) < 2:
        return None
    x = np.array([(day - days[-1]).days for day in days], dtype=float)
    y = np.array(counts, dtype=float)
    slope = np.polyfit(x, y, 1)[0]
    return float(slope)


def _members_target(database: AllianceDatabase, year: int) -> int | None:
    with database.reading() as cursor:
        targets = run_query(cursor, "metrics/plan_targets", {"year": year})
    members = targets.loc[targets["metric"] == "members", "target"]
    return int(members.iloc[0]) if len(members) else None


def _target_reached_on(
    database: AllianceDatabase, filters: Filters, target: int | None, members_now: int, slope: float | None
) -> tuple[dt.date | None, bool]:
    """(day, already reached): the past crossing day, or the day the trend gets there."""
    if target is None:
        return None, False
    if members_now >= target:
        name = "metrics/plan_target_reached_on"
        with database.reading() as cursor:
            day = fetch_scalar(
                cursor, load_query(name), bind(name, {**filters.parameters(), "target": target})
            )
        return day, True
    if slope is None or slope <= 0:
        return None, False
    days = math.ceil(round((target - members_now) / slope, 6))
    if days > (dt.date.max - filters.as_of).days:  # a flat line with float noise: never at this pace
        return None, False
    return filters.as_of + dt.timedelta(days=days), False
