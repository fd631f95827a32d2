"""Membership metrics: members over time, by type, mix, region over time, cohorts, the member list.

A member is active on day D when joined_on <= D and (left_on is empty or D < left_on): a member who
joins on D counts on D, one who leaves on D does not. Member filters (countries, regions, member types)
select members; `filters.as_of` is the day point-in-time figures are taken on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from analysis.filters import Filters
from analysis.metrics.periods import Grain, check_grain, period_parameters, series_periods, to_date
from analysis.queries import bind, load_query, run_query
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import MEMBER_TYPES
from analysis.store.lake import fetch_scalar

MEMBERS_OVER_TIME_COLUMNS = [
    "period_start",
    "period_end",
    "members_start",
    "joined",
    "left",
    "net_change",
    "members_end",
    "growth_rate",
]


def first_join_day(database: AllianceDatabase, filters: Filters) -> dt.date | None:
    """The day the first member passing the member filters joined, None when there is none."""
    name = "metrics/first_join_day"
    with database.reading() as cursor:  # one value: read it without building a DataFrame
        value = fetch_scalar(cursor, load_query(name), bind(name, filters.parameters()))
    return to_date(value)


def _series_parameters(database: AllianceDatabase, filters: Filters, grain: str) -> dict[str, Any] | None:
    """Bound parameters of a period series, None when there is no period (no member and no start)."""
    periods = series_periods(filters, first_join_day(database, filters), check_grain(grain))
    if not periods:
        return None
    return {**filters.parameters(), **period_parameters(periods)}


def members_over_time(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """Members per period, with the roll-forward identity members_end = members_start + joined - left.

    Grain: one row per calendar period (month, quarter or year) from the period holding the first join
    (or `filters.start`) to the one holding `filters.period_end`, the last cut at that day.
    - members_start: members active on the day before the period's first day;
    - joined / left: members whose joined_on / left_on falls in the period, both ends included (a member
      leaving on D stops counting on D, so it leaves in the period holding D);
    - members_end: members active on the period's last day; net_change = joined - left;
    - growth_rate: net_change / members_start, NaN when members_start is 0.
    """
    parameters = _series_parameters(database, filters, grain)
    if parameters is None:
        return pd.DataFrame(columns=MEMBERS_OVER_TIME_COLUMNS)
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/members_over_time", parameters)
    frame["growth_rate"] = frame["growth_rate"].astype("float64")
    return frame[MEMBERS_OVER_TIME_COLUMNS]


def members_by_type(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """Members active on `filters.as_of` per member type: all six types, in their fixed order, 0 when none.

    Grain: one row per member type (DataFrame[member_type, members]).
    """
    with database.reading() as cursor:
        counts = run_query(cursor, "metrics/active_members_by_type", filters.parameters())
    by_type = dict(zip(counts["member_type"], counts["members"], strict=True))
    return pd.DataFrame(
        {"member_type": list(MEMBER_TYPES), "members": [int(by_type.get(t, 0)) for t in MEMBER_TYPES]}
    )


def _members_by_group_over_time(
    database: AllianceDatabase, filters: Filters, grain: Grain, group_by: str, listed_groups: list[str]
) -> pd.DataFrame:
    columns = ["period_start", "period_end", group_by, "members"]
    parameters = _series_parameters(database, filters, grain)
    if parameters is None:
        return pd.DataFrame(columns=columns)
    parameters |= {"group_by": group_by, "listed_groups": listed_groups}
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/members_by_group_over_time", parameters)
    return frame.rename(columns={"group_value": group_by})[columns]


def member_mix_over_time(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """Members of each type active on each period's last day.

    Grain: one row per (period, member type), all six types in every period (0 when none); periods as
    in `members_over_time`. DataFrame[period_start, period_end, member_type, members].
    """
    frame = _members_by_group_over_time(database, filters, grain, "member_type", list(MEMBER_TYPES))
    order = {member_type: index for index, member_type in enumerate(MEMBER_TYPES)}
    frame = frame.sort_values(
        ["period_start", "member_type"],
        key=lambda column: column.map(order) if column.name == "member_type" else column,
    )
    return frame.reset_index(drop=True)


def members_by_region_over_time(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """Members from each region (UN M49, of the member's country) active on each period's last day.

    Grain: one row per (period, region) for every region any member passing the filters ever came
    from (0 when none active then); periods as in `members_over_time`.
    DataFrame[period_start, period_end, region, members].
    """
    return _members_by_group_over_time(database, filters, grain, "region", [])


def cohort_retention(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """For each join year, how many of its members are still active at each later year end.

    Grain: one row per (join_year, year_end) for year ends from 31 December of the join year to the
    year of `filters.as_of` (the last year end cut at as_of). joined = members who joined in that
    year (on or before as_of); still_active = those active on year_end; share_active =
    still_active / joined. DataFrame[join_year, year_end, joined, still_active, share_active].
    """
    columns = ["join_year", "year_end", "joined", "still_active", "share_active"]
    first = first_join_day(database, filters)
    as_of = filters.as_of
    if first is None or first > as_of:
        return pd.DataFrame(columns=columns)
    year_ends = [min(dt.date(year, 12, 31), as_of) for year in range(first.year, as_of.year + 1)]
    with database.reading() as cursor:
        frame = run_query(
            cursor, "metrics/cohort_retention", {**filters.parameters(), "year_ends": year_ends}
        )
    frame["share_active"] = frame["still_active"] / frame["joined"]
    return frame[columns]


def member_list(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """Every member unit passing the member filters that joined on or before `filters.as_of`.

    Grain: one row per member. active = active on as_of; roles = the roles held on as_of, comma
    separated ('' when none); events_attended = events it took part in that started on or before as_of
    and pass the event type and format filters (hosted in any country).
    """
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/member_list", filters.parameters())
    frame["active"] = frame["active"].astype(bool)
    frame["events_attended"] = frame["events_attended"].astype(np.int64)
    return frame
