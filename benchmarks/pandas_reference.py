"""The headline set computed in idiomatic, vectorised pandas: the yardstick the DuckDB metrics are timed against.

The tables are loaded whole into pandas once, outside any timing (`load_tables`); `headline_set`
then computes the same figures as `headline_figures` + `members_over_time(month)` +
`members_by_country` for the unfiltered alliance, with column operations only (no Python loop over
rows or periods). The benchmark checks both give the same figures before comparing their times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.filters import year_ago, year_start
from analysis.store.connection import open_database
from analysis.store.contract import MEMBER_TYPES


@dataclass(frozen=True)
class Tables:
    members: pd.DataFrame
    countries: pd.DataFrame
    roles: pd.DataFrame
    events: pd.DataFrame
    participation: pd.DataFrame


def load_tables(path: Path) -> Tables:
    """Every table the headline set reads, whole, as pandas frames with datetime64 date columns."""
    database = open_database(path, read_only=True)
    try:
        with database.reading() as cursor:

            def table(sql: str) -> pd.DataFrame:
                return cursor.execute(sql).df()

            return Tables(
                members=table("select member_id, country, member_type, joined_on, left_on from members"),
                countries=table("select iso3, region from countries"),
                roles=table("select member_id, role, start_date, end_date from roles"),
                events=table("select event_id, start_date, attendees from events"),
                participation=table("select event_id, member_id from participation"),
            )
    finally:
        database.close()


def headline_set(tables: Tables, as_of: dt.date) -> dict[str, Any]:
    """The headline figures, the monthly members series and members per country, unfiltered."""
    members = tables.members.merge(tables.countries, left_on="country", right_on="iso3", how="left")
    day = pd.Timestamp(as_of)
    day_year_ago = pd.Timestamp(year_ago(as_of))
    ytd_start = pd.Timestamp(year_start(as_of))
    ytd_start_year_ago = pd.Timestamp(year_start(year_ago(as_of)))

    def active_on(on_day: pd.Timestamp) -> pd.Series:
        return (members["joined_on"] <= on_day) & (members["left_on"].isna() | (on_day < members["left_on"]))

    active = active_on(day)
    active_year_ago = active_on(day_year_ago)
    first_joined = members["joined_on"].min()
    members_first_year_end = int(active_on(pd.Timestamp(first_joined.year, 12, 31)).sum())

    roles = tables.roles
    held = (roles["start_date"] <= day) & (roles["end_date"].isna() | (day < roles["end_date"]))
    role_counts = roles.loc[held, "role"].value_counts()

    events = tables.events

    def event_window(
        first: pd.Timestamp, last: pd.Timestamp, active_members: pd.Series
    ) -> tuple[int, int, int]:
        in_window = events[events["start_date"].between(first, last)]
        participants = tables.participation.loc[
            tables.participation["event_id"].isin(in_window["event_id"]), "member_id"
        ]
        engaged = int(members.loc[active_members, "member_id"].isin(participants).sum())
        return len(in_window), int(in_window["attendees"].sum()), engaged

    events_ytd, attendees_ytd, engaged_ytd = event_window(ytd_start, day, active)
    events_year_ago, _, engaged_year_ago = event_window(ytd_start_year_ago, day_year_ago, active_year_ago)
    country_first_join = members.groupby("country")["joined_on"].min()
    by_country = members.loc[active, "country"].value_counts()
    by_type = members.loc[active, "member_type"].value_counts().reindex(list(MEMBER_TYPES), fill_value=0)

    return {
        "members": int(active.sum()),
        "countries": int(members.loc[active, "country"].nunique()),
        "regions": int(members.loc[active, "region"].nunique()),
        "new_members_ytd": int(members["joined_on"].between(ytd_start, day).sum()),
        "departed_members_ytd": int(members["left_on"].between(ytd_start, day).sum()),
        "members_year_ago": int(active_year_ago.sum()),
        "countries_year_ago": int(members.loc[active_year_ago, "country"].nunique()),
        "new_members_ytd_year_ago": int(members["joined_on"].between(ytd_start_year_ago, day_year_ago).sum()),
        "members_first_year_end": members_first_year_end,
        "chairs": int(role_counts.get("chair", 0)),
        "vice_chairs": int(role_counts.get("vice_chair", 0)),
        "events_ytd": events_ytd,
        "events_ytd_year_ago": events_year_ago,
        "event_attendees_ytd": attendees_ytd,
        "engaged_members_ytd": engaged_ytd,
        "engaged_members_ytd_year_ago": engaged_year_ago,
        "new_countries_ytd": int(country_first_join.between(ytd_start, day).sum()),
        "members_by_country": {str(country): int(count) for country, count in by_country.items()},
        "members_by_type": {str(kind): int(count) for kind, count in by_type.items()},
        "members_over_time": members_by_month(members, first_joined, day),
    }


def members_by_month(members: pd.DataFrame, first_joined: pd.Timestamp, day: pd.Timestamp) -> pd.DataFrame:
    """Monthly roll-forward: members at start, joined, left, members at end, growth rate."""
    months = pd.period_range(first_joined.to_period("M"), day.to_period("M"), freq="M")
    joined = members.loc[members["joined_on"] <= day, "joined_on"].dt.to_period("M").value_counts()
    departed = members.loc[members["left_on"] <= day, "left_on"].dt.to_period("M").value_counts()
    frame = pd.DataFrame(
        {
            "joined": joined.reindex(months, fill_value=0),
            "left": departed.reindex(months, fill_value=0),
        }
    )
    frame["net_change"] = frame["joined"] - frame["left"]
    frame["members_end"] = frame["net_change"].cumsum()
    frame["members_start"] = frame["members_end"].shift(1, fill_value=0)
    frame["growth_rate"] = frame["net_change"] / frame["members_start"].where(frame["members_start"] > 0)
    return frame.reset_index(names="period")
