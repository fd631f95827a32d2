"""Membership metrics on the tiny alliance of conftest.py, expected values worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from analysis.filters import MEMBER_TYPES, Filters
from analysis.metrics import (
    cohort_retention,
    member_list,
    member_mix_over_time,
    members_by_region_over_time,
    members_by_type,
    members_over_time,
)
from analysis.store.database import AllianceDatabase

D = dt.date
END_2024 = Filters(as_of=D(2024, 12, 31))


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple[object, ...]]:
    """The frame's rows as tuples of plain values (dates as datetime.date)."""
    plain = frame[list(columns)].copy()
    for column in columns:
        if column.startswith("period_") or column.endswith("_on") or column in ("year_end", "start_date"):
            plain[column] = pd.to_datetime(plain[column]).dt.date
    return [tuple(row) for row in plain.itertuples(index=False)]


def test_members_over_time_by_year(nine_member_alliance: AllianceDatabase) -> None:
    frame = members_over_time(nine_member_alliance, END_2024, "year")
    assert rows(frame, "period_start", "period_end", "members_start", "joined", "left", "members_end") == [
        (D(2020, 1, 1), D(2020, 12, 31), 0, 3, 0, 3),  # m1 m2 m3 founders
        (D(2021, 1, 1), D(2021, 12, 31), 3, 2, 0, 5),  # + m4 m5
        (D(2022, 1, 1), D(2022, 12, 31), 5, 0, 1, 4),  # - m3 (left 1 March)
        (D(2023, 1, 1), D(2023, 12, 31), 4, 2, 0, 6),  # + m6, + m7 on 31 December (counts that day)
        (D(2024, 1, 1), D(2024, 12, 31), 6, 2, 1, 7),  # + m8 m9, - m9 leaving on 31 December
    ]
    assert list(frame["net_change"]) == [3, 2, -1, 2, 1]
    # growth = net change / members at the start: NaN (no members), 2/3, -1/5, 2/4, 1/6
    assert math.isnan(frame["growth_rate"].iloc[0])
    assert list(frame["growth_rate"].iloc[1:].round(4)) == [0.6667, -0.2, 0.5, 0.1667]


def test_members_over_time_from_start_to_end_by_quarter(nine_member_alliance: AllianceDatabase) -> None:
    filters = Filters(as_of=D(2024, 12, 31), start=D(2024, 2, 10), end=D(2024, 5, 15))
    frame = members_over_time(nine_member_alliance, filters, "quarter")
    # Q1 2024 starts with the 6 active on 31 Dec 2023, gains m8 and m9 -> 8; Q2 is cut at 15 May
    assert rows(frame, "period_start", "period_end", "members_start", "joined", "left", "members_end") == [
        (D(2024, 1, 1), D(2024, 3, 31), 6, 2, 0, 8),
        (D(2024, 4, 1), D(2024, 5, 15), 8, 0, 0, 8),
    ]


def test_members_over_time_with_no_member_has_every_column(database: AllianceDatabase) -> None:
    frame = members_over_time(database, END_2024, "month")
    assert frame.empty
    assert list(frame.columns) == [
        "period_start",
        "period_end",
        "members_start",
        "joined",
        "left",
        "net_change",
        "members_end",
        "growth_rate",
    ]


def test_members_by_type_lists_all_six(nine_member_alliance: AllianceDatabase) -> None:
    frame = members_by_type(nine_member_alliance, END_2024)
    # active on 2024-12-31: m1 m6 m8 comprehensive, m2 science, m4 industry, m5 publishing, m7 enterprise;
    # economic: m3 left in 2022 and m9 left that very day -> 0
    assert dict(zip(frame["member_type"], frame["members"], strict=True)) == {
        "comprehensive": 3,
        "science_technology": 1,
        "economic": 0,
        "industry": 1,
        "publishing_media": 1,
        "enterprise": 1,
    }
    assert list(frame["member_type"]) == list(MEMBER_TYPES)


def test_member_mix_over_time(nine_member_alliance: AllianceDatabase) -> None:
    frame = member_mix_over_time(nine_member_alliance, END_2024, "year")
    assert len(frame) == 5 * 6  # five years, six types each
    at_2022 = frame[pd.to_datetime(frame["period_start"]).dt.year == 2022]
    # on 2022-12-31: m1 comprehensive, m2 science, m4 industry, m5 publishing; m3 (economic) has left
    assert list(at_2022["member_type"]) == list(MEMBER_TYPES)
    assert list(at_2022["members"]) == [1, 1, 0, 1, 1, 0]
    # each period's types add up to the members at its end: 3, 5, 4, 6, 7
    assert list(frame.groupby("period_start")["members"].sum()) == [3, 5, 4, 6, 7]


def test_members_by_region_over_time(nine_member_alliance: AllianceDatabase) -> None:
    frame = members_by_region_over_time(nine_member_alliance, END_2024, "year")
    first, last = frame[frame["period_start"] == frame["period_start"].min()], frame.iloc[-3:]
    # 2020: CHN m1 m2 (Asia), USA m3 (Americas); Europe appears with 0 (members from there join later)
    assert rows(first, "region", "members") == [("Americas", 1), ("Asia", 2), ("Europe", 0)]
    # 2024: Americas BRA m8; Asia CHN m1 m2 m7 + JPN m5; Europe DEU m4 + SRB m6
    assert rows(last, "region", "members") == [("Americas", 1), ("Asia", 4), ("Europe", 2)]


def test_cohort_retention(nine_member_alliance: AllianceDatabase) -> None:
    frame = cohort_retention(nine_member_alliance, END_2024)
    assert rows(frame, "join_year", "year_end", "joined", "still_active") == [
        (2020, D(2020, 12, 31), 3, 3),
        (2020, D(2021, 12, 31), 3, 3),
        (2020, D(2022, 12, 31), 3, 2),  # m3 left 2022-03-01
        (2020, D(2023, 12, 31), 3, 2),
        (2020, D(2024, 12, 31), 3, 2),
        (2021, D(2021, 12, 31), 2, 2),
        (2021, D(2022, 12, 31), 2, 2),
        (2021, D(2023, 12, 31), 2, 2),  # m5's vice-chair role ended, its membership did not
        (2021, D(2024, 12, 31), 2, 2),
        (2023, D(2023, 12, 31), 2, 2),  # m7 joined on 31 December: active that day
        (2023, D(2024, 12, 31), 2, 2),
        (2024, D(2024, 12, 31), 2, 1),  # m9 left on 31 December: not active that day
    ]
    assert frame["share_active"].iloc[2] == 2 / 3
    assert frame["share_active"].iloc[-1] == 0.5


def test_cohort_retention_cuts_the_last_year_end_at_as_of(nine_member_alliance: AllianceDatabase) -> None:
    frame = cohort_retention(nine_member_alliance, Filters(as_of=D(2022, 6, 30)))
    assert rows(frame, "join_year", "year_end", "joined", "still_active") == [
        (2020, D(2020, 12, 31), 3, 3),
        (2020, D(2021, 12, 31), 3, 3),
        (2020, D(2022, 6, 30), 3, 2),
        (2021, D(2021, 12, 31), 2, 2),
        (2021, D(2022, 6, 30), 2, 2),
    ]


def test_member_list_on_the_guiyang_council_day(nine_member_alliance: AllianceDatabase) -> None:
    frame = member_list(nine_member_alliance, Filters(as_of=D(2023, 11, 19)))
    # joined by 2023-11-19: m1..m6 (m6 joined that day); m3 is listed but no longer active
    assert list(frame["member_id"]) == ["m1", "m2", "m3", "m4", "m5", "m6"]
    assert list(frame["active"]) == [True, True, False, True, True, True]
    # m5's vice-chair role ended 2023-01-01
    assert list(frame["roles"]) == ["chair", "vice_chair", "", "", "", ""]
    # e2 (started 2023-11-18) counts for m1 and m6; e3 and e4 are later
    assert list(frame["events_attended"]) == [1, 0, 0, 0, 0, 1]
    assert list(frame.columns)[:11] == [
        "member_id",
        "name_en",
        "name_zh",
        "country",
        "region",
        "member_type",
        "joined_on",
        "left_on",
        "active",
        "roles",
        "events_attended",
    ]


def test_member_filters_narrow_every_membership_metric(nine_member_alliance: AllianceDatabase) -> None:
    chinese = Filters(as_of=D(2024, 12, 31), countries=("CHN",))
    # CHN members: m1 m2 (2020), m7 (2023-12-31), m9 (2024-02-29 .. 2024-12-31)
    frame = members_over_time(nine_member_alliance, chinese, "year")
    assert list(frame["members_end"]) == [2, 2, 2, 3, 3]
    assert list(frame["joined"]) == [2, 0, 0, 1, 1]
    assert list(frame["left"]) == [0, 0, 0, 0, 1]
    economic = Filters(as_of=D(2024, 2, 29), member_types=("economic",))
    assert members_by_type(nine_member_alliance, economic)["members"].sum() == 1  # m9, joined on the leap day
