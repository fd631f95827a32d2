"""Engagement over time and most active members, on the New Year fixture."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analysis.filters import Filters
from analysis.metrics.engagement import ENGAGEMENT_COLUMNS, engagement_over_time, most_active_members
from analysis.store.connection import AllianceDatabase

END_OF_JANUARY = Filters(as_of=dt.date(2024, 1, 31))


def by_quarter(frame: pd.DataFrame) -> dict[dt.date, tuple[int, int, float]]:
    return {
        pd.Timestamp(row["period_start"]).date(): (
            row["active_members"],
            row["engaged_members"],
            row["engagement_rate"],
        )
        for row in frame.to_dict("records")
    }


def test_engagement_over_time_per_quarter(new_year_alliance: AllianceDatabase) -> None:
    frame = engagement_over_time(new_year_alliance, END_OF_JANUARY, "quarter")
    assert list(frame.columns) == ENGAGEMENT_COLUMNS
    quarters = by_quarter(frame)
    # 2021 Q1 .. 2024 Q1 = 13 quarters
    assert len(quarters) == 13
    # Q1 2021: only "gone" active, no event -> rate 0 (not missing: there are active members)
    assert quarters[dt.date(2021, 1, 1)] == (1, 0, 0.0)
    # Q3 2023 (to 30 Sep): gone, cn1, de1 active; summer engaged cn1 and gone -> 2/3
    assert quarters[dt.date(2023, 7, 1)][:2] == (3, 2)
    assert quarters[dt.date(2023, 7, 1)][2] == pytest.approx(2 / 3)
    # Q4 2023 (to 31 Dec): gone left on 31 Dec -> cn1, de1 active; eve engaged both -> 2/2
    assert quarters[dt.date(2023, 10, 1)] == (2, 2, 1.0)
    # Q1 2024 cut at 31 Jan: cn1, de1, late; newyear engaged de1 and late -> 2/3
    assert quarters[dt.date(2024, 1, 1)][:2] == (3, 2)
    assert pd.Timestamp(frame["period_end"].iloc[-1]).date() == dt.date(2024, 1, 31)


def test_engagement_over_time_with_member_filter_counts_members_at_events_hosted_anywhere(
    new_year_alliance: AllianceDatabase,
) -> None:
    japan = Filters(as_of=dt.date(2023, 12, 31), countries=("JPN",))
    quarters = by_quarter(engagement_over_time(new_year_alliance, japan, "quarter"))
    # gone (JPN) took part in summer, hosted in China: engaged in Q3 2023 (1/1)
    assert quarters[dt.date(2023, 7, 1)] == (1, 1, 1.0)
    # on 31 Dec 2023 gone has left: no active Japanese member -> rate missing
    active, engaged, rate = quarters[dt.date(2023, 10, 1)]
    assert (active, engaged) == (0, 0) and math.isnan(rate)


def test_engagement_over_time_without_members_has_the_columns(database: AllianceDatabase) -> None:
    frame = engagement_over_time(database, END_OF_JANUARY, "month")
    assert frame.empty and list(frame.columns) == ENGAGEMENT_COLUMNS


def test_most_active_members_order_and_limit(new_year_alliance: AllianceDatabase) -> None:
    frame = most_active_members(new_year_alliance, END_OF_JANUARY, limit=3)
    # cn1: summer, eve (last 31 Dec); de1: eve, newyear (last 1 Jan); gone: summer, eve; late: newyear.
    # Ties on 2 events break by the latest last event (de1), then member id (cn1 < gone).
    assert list(zip(frame["member_id"], frame["events_attended"], strict=True)) == [
        ("de1", 2),
        ("cn1", 2),
        ("gone", 2),
    ]
    assert pd.Timestamp(frame["last_event_on"].iloc[0]).date() == dt.date(2024, 1, 1)
    assert list(frame["active"]) == [True, True, False]  # gone left on 31 Dec 2023


def test_most_active_members_within_a_window(new_year_alliance: AllianceDatabase) -> None:
    january = Filters(as_of=dt.date(2024, 1, 31), start=dt.date(2024, 1, 1))
    frame = most_active_members(new_year_alliance, january)
    # only newyear falls in January: de1 and late, one event each, tie broken by member id
    assert list(zip(frame["member_id"], frame["events_attended"], strict=True)) == [("de1", 1), ("late", 1)]
