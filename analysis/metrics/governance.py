"""Governance metrics: chair and vice-chair units on a day and over time, new members per council meeting.

A role is held on day D when start_date <= D and (end_date is empty or D < end_date), the same rule as
membership. Member filters select the member units holding the roles.
"""

from __future__ import annotations

import pandas as pd

from analysis.filters import Filters
from analysis.metrics.membership import first_join_day
from analysis.metrics.periods import Grain, check_grain, period_parameters, series_periods
from analysis.queries import run_query
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import ROLE_NAMES


def role_holders_on(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """The roles held on `filters.as_of` by member units passing the member filters.

    Grain: one row per (member, role) held that day, by role then start date.
    DataFrame[member_id, name_en, name_zh, country, role, start_date, end_date].
    """
    with database.reading() as cursor:
        return run_query(cursor, "metrics/role_holders_on", filters.parameters())


def role_holders_over_time(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """How many member units hold each role on each period's last day.

    Grain: one row per (period, role) for both roles (chair, vice_chair; 0 when none), periods as in
    `members_over_time`. DataFrame[period_start, period_end, role, holders].
    """
    columns = ["period_start", "period_end", "role", "holders"]
    periods = series_periods(filters, first_join_day(database, filters), check_grain(grain))
    if not periods:
        return pd.DataFrame(columns=columns)
    parameters = {**filters.parameters(), **period_parameters(periods), "role_names": list(ROLE_NAMES)}
    with database.reading() as cursor:
        return run_query(cursor, "metrics/role_holders_over_time", parameters)[columns]


def new_members_per_council_meeting(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """Member units voted in at each council meeting.

    Grain: one row per council meeting (event type council_meeting, passing the event type and format
    filters, hosted in any country) that starts on or before `filters.period_end`. new_members = members
    passing the member filters whose joined_on falls within the meeting's days (start_date to end_date,
    both included): the alliance admits members by the council's vote, so a member joining on those
    days was voted in there. Founders and members admitted between meetings belong to no meeting.
    Country and region filters select the members counted, not the meetings.
    DataFrame[event_id, title_en, title_zh, start_date, new_members].
    """
    with database.reading() as cursor:
        return run_query(cursor, "metrics/new_members_per_council_meeting", filters.parameters())
