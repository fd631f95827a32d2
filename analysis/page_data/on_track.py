"""On track? The year's work-plan targets against the actuals, with where members are heading.

Definitions (the README's metric glossary repeats them):
- the year shown is the as-of day's year (year to date, measured on the as-of day) or an earlier,
  finished year (measured on its 31 December, "in full");
- actual and attainment are `plan_against_actual`'s; the members projection (year-end estimate, its
  range, the day the members target is or will be reached) is `members_projection`'s;
- elapsed share = days from 1 January to the measuring day, both included / days in the year;
- status of a target: "reached" when actual >= target; in a finished year otherwise "missed";
  in the current year: members "on_track" when the year-end estimate reaches the target, else "behind";
  events and engaged members (counts that build up over the year) "on_track" when the actual is at
  least the target x elapsed share ("expected by now"), else "behind"; countries "to_go".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

from analysis.filters import Filters
from analysis.metrics.membership import first_join_day
from analysis.metrics.plan import MembersProjection, members_projection, plan_against_actual
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import TARGET_METRICS

Status = Literal["reached", "missed", "on_track", "behind", "to_go"]
PRO_RATA_METRICS = ("events", "engaged_members")  # counts that build up over the year


@dataclass(frozen=True)
class TargetLine:
    """One target of the year against its actual."""

    metric: str  # one of TARGET_METRICS
    target: int
    actual: int | None  # None when not measurable (a later year)
    attainment: float | None  # actual / target; None when the target is 0 or the actual missing
    expected_by_now: float | None  # target x elapsed share, for events and engaged members this year
    status: Status


@dataclass(frozen=True)
class OnTrack:
    """The year's plan against actual: one line per target, and the members projection."""

    year: int
    measured_on: dt.date
    full_year: bool  # measured on 31 December: the year is finished
    elapsed_share: float
    lines: list[TargetLine] = field(default_factory=list)
    projection: MembersProjection | None = None  # None when no member passes the filters

    @property
    def has_targets(self) -> bool:
        return bool(self.lines)

    def line(self, metric: str) -> TargetLine | None:
        return next((line for line in self.lines if line.metric == metric), None)


def year_filters(filters: Filters, year: int) -> Filters:
    """The filters measured for `year`: as they are in the as-of year, else on that year's 31 December."""
    if year >= filters.as_of.year:
        return filters
    return filters.with_as_of(dt.date(year, 12, 31))


def elapsed_share(day: dt.date) -> float:
    """Days from 1 January to `day`, both included, over the days in its year (31 Dec gives 1.0)."""
    days_in_year = (dt.date(day.year, 12, 31) - dt.date(day.year, 1, 1)).days + 1
    return ((day - dt.date(day.year, 1, 1)).days + 1) / days_in_year


def _status(
    metric: str, target: int, actual: int | None, full_year: bool, share: float, projection: MembersProjection
) -> tuple[Status, float | None]:
    expected = target * share if metric in PRO_RATA_METRICS and not full_year else None
    if actual is not None and actual >= target:
        return "reached", expected
    if full_year:
        return "missed", expected
    if metric == "members":
        return ("on_track" if projection.year_end_estimate >= target else "behind"), expected
    if expected is not None:
        return ("on_track" if actual is not None and actual >= expected else "behind"), expected
    return "to_go", expected


def on_track(database: AllianceDatabase, filters: Filters, year: int | None = None) -> OnTrack:
    """The targets of `year` (default: the as-of year) against the actuals, with statuses and projection.

    Grain: one OnTrack for the year; one line per target the plan holds, in TARGET_METRICS order.
    """
    year = filters.as_of.year if year is None else min(year, filters.as_of.year)
    measured = year_filters(filters, year)
    plan = plan_against_actual(database, measured, year)
    projection = members_projection(database, measured)
    full_year = measured.as_of == dt.date(year, 12, 31)
    share = elapsed_share(measured.as_of)
    lines = []
    for row in plan.to_dict("records"):
        target = int(row["target"])
        actual = None if math.isnan(row["actual"]) else int(row["actual"])
        attainment = None if math.isnan(row["attainment"]) else float(row["attainment"])
        status, expected = _status(row["metric"], target, actual, full_year, share, projection)
        lines.append(TargetLine(row["metric"], target, actual, attainment, expected, status))
    lines.sort(key=lambda line: TARGET_METRICS.index(line.metric))
    return OnTrack(
        year=year,
        measured_on=measured.as_of,
        full_year=full_year,
        elapsed_share=share,
        lines=lines,
        projection=projection if projection.members_now or projection.target is not None else None,
    )


def selectable_years(database: AllianceDatabase, filters: Filters) -> list[int]:
    """The years an "On track?" view can show, newest first: the as-of year back to the first join's."""
    first = first_join_day(database, filters.with_as_of(filters.as_of))
    first_year = first.year if first is not None and first <= filters.as_of else filters.as_of.year
    return list(range(filters.as_of.year, first_year - 1, -1))
