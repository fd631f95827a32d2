"""Plan against actual and the year-end members projection, on data with answers worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from analysis.filters import Filters
from analysis.i18n import translate
from analysis.metrics.plan import (
    PLAN_COLUMNS,
    describe_projection,
    members_projection,
    months_before,
    plan_against_actual,
)
from analysis.store.database import AllianceDatabase
from tests.datasets import MEMBER_DEFAULTS, insert_rows

FIRST_DAY = dt.date(2023, 1, 1)
MID_2024 = dt.date(2024, 6, 30)


def add_targets(database: AllianceDatabase, year: int, **targets: int) -> None:
    insert_rows(
        database, "targets", [{"year": year, "metric": metric, "target": n} for metric, n in targets.items()]
    )


def add_members_joining(database: AllianceDatabase, days: list[dt.date], country: str = "CHN") -> None:
    rows = [
        {
            **MEMBER_DEFAULTS,
            "member_id": f"{country}{index:05d}",
            "name_en": f"M{index}",
            "country": country,
            "joined_on": day,
        }
        for index, day in enumerate(days)
    ]
    insert_rows(database, "members", rows)


@pytest.fixture
def one_member_a_day(database: AllianceDatabase) -> AllianceDatabase:
    """A member joins every day from 1 Jan 2023 to 30 Jun 2024: on day D there are (D - 1 Jan 2023) + 1."""
    days = [FIRST_DAY + dt.timedelta(days=offset) for offset in range((MID_2024 - FIRST_DAY).days + 1)]
    add_members_joining(database, days)
    return database


def test_plan_against_actual_for_a_closed_year_and_the_current_one(
    new_year_alliance: AllianceDatabase,
) -> None:
    add_targets(new_year_alliance, 2023, members=3, countries=2, events=4, engaged_members=2)
    add_targets(new_year_alliance, 2024, members=4, events=0)
    as_of = Filters(as_of=dt.date(2024, 1, 31))

    closed = plan_against_actual(new_year_alliance, as_of, 2023)
    assert list(closed.columns) == PLAN_COLUMNS
    assert list(closed["metric"]) == ["members", "countries", "events", "engaged_members"]
    # taken on 31 Dec 2023: cn1, de1 active (gone left that day) -> 2 of 3; countries CHN, DEU -> 2 of 2;
    # events starting in 2023: summer, eve -> 2 of 4; engaged on 31 Dec: cn1, de1 -> 2 of 2
    assert list(closed["actual"]) == [2, 2, 2, 2]
    assert list(closed["attainment"]) == pytest.approx([2 / 3, 1.0, 0.5, 1.0])
    assert set(closed["measured_on"]) == {dt.date(2023, 12, 31)}

    current = plan_against_actual(new_year_alliance, as_of)  # default: as_of's year, taken on as_of
    # 31 Jan 2024: cn1, de1, late -> 3 of 4; events: newyear -> 1, target 0 -> no attainment
    assert list(current["metric"]) == ["members", "events"]
    assert list(current["actual"]) == [3, 1]
    assert current["attainment"].iloc[0] == pytest.approx(0.75)
    assert math.isnan(current["attainment"].iloc[1])


def test_plan_for_a_later_year_has_no_actual(new_year_alliance: AllianceDatabase) -> None:
    add_targets(new_year_alliance, 2025, members=10)
    later = plan_against_actual(new_year_alliance, Filters(as_of=dt.date(2024, 1, 31)), 2025)
    assert len(later) == 1 and math.isnan(later["actual"].iloc[0]) and math.isnan(later["attainment"].iloc[0])
    assert plan_against_actual(new_year_alliance, Filters(as_of=dt.date(2024, 1, 31)), 2030).empty


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),  # cut to the leap February's last day
        (dt.date(2023, 3, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 15), 1, dt.date(2023, 12, 15)),
        (dt.date(2024, 6, 30), 12, dt.date(2023, 6, 30)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


def test_projection_on_a_straight_line(one_member_a_day: AllianceDatabase) -> None:
    add_targets(one_member_a_day, 2024, members=700)
    projection = members_projection(one_member_a_day, Filters(as_of=MID_2024))
    # 30 Jun 2024 is 546 days after 1 Jan 2023 -> 547 members; exactly one more per day
    assert projection.members_now == 547
    assert projection.trend_per_day == pytest.approx(1.0)
    # 184 days from 30 Jun to 31 Dec 2024 -> 547 + 184 = 731; every 12-month pace is 1/day -> no spread
    assert (projection.year_end_estimate, projection.low, projection.high) == (731, 731, 731)
    # 700 - 547 = 153 more at one a day -> 30 Jun + 153 days = 30 Nov 2024
    assert projection.target == 700
    assert projection.target_reached_on == dt.date(2024, 11, 30)
    assert projection.target_already_reached is False
    assert "least-squares" in projection.method and "12-month pace" in projection.method


def test_projection_reports_the_day_a_reached_target_was_reached(one_member_a_day: AllianceDatabase) -> None:
    add_targets(one_member_a_day, 2024, members=500)
    projection = members_projection(one_member_a_day, Filters(as_of=MID_2024))
    # the 500th member joined 499 days after 1 Jan 2023: 365 days to 1 Jan 2024, +134 -> 14 May 2024
    assert projection.target_reached_on == dt.date(2024, 5, 14)
    assert projection.target_already_reached is True


def test_projection_without_target_or_members(
    one_member_a_day: AllianceDatabase, database: AllianceDatabase
) -> None:
    projection = members_projection(one_member_a_day, Filters(as_of=MID_2024))
    assert projection.target is None and projection.target_reached_on is None
    assert projection.to_json_dict()["as_of"] == "2024-06-30"


def test_projection_of_an_empty_alliance(database: AllianceDatabase) -> None:
    projection = members_projection(database, Filters(as_of=MID_2024))
    assert (projection.members_now, projection.year_end_estimate, projection.low, projection.high) == (
        0,
        0,
        0,
        0,
    )
    assert projection.trend_per_day is None


def test_projection_range_spans_the_slowest_and_fastest_pace(database: AllianceDatabase) -> None:
    # 10 founders on 1 Jan 2022, nobody in 2022, then one a day from 1 Jan 2023
    add_members_joining(database, [dt.date(2022, 1, 1)] * 10, country="JPN")
    add_members_joining(database, [FIRST_DAY + dt.timedelta(days=offset) for offset in range(181)])
    projection = members_projection(database, Filters(as_of=dt.date(2023, 6, 30)))
    # 30 Jun 2023: 10 + 181 (1 Jan..30 Jun) = 191
    assert projection.members_now == 191
    # monthly samples back to 30 Jan 2022; slowest 12 months: 30 Jan 2022 (10) -> 30 Jan 2023 (40): 30/365 a day;
    # fastest: 30 Jun 2022 (10) -> 30 Jun 2023 (191): 181/365 a day. 184 days left in 2023.
    assert projection.low == math.floor(191 + 30 / 365 * 184)  # 206
    assert projection.high >= math.ceil(191 + 181 / 365 * 184)  # 283 (higher when the trend runs above)
    assert projection.low <= projection.year_end_estimate <= projection.high


def test_projection_in_sentences_in_both_languages(one_member_a_day: AllianceDatabase) -> None:
    add_targets(one_member_a_day, 2024, members=700)
    projection = members_projection(one_member_a_day, Filters(as_of=MID_2024))
    assert describe_projection(projection, "en") == [
        "At the pace of the last 12 months: about 731 members on 31 December 2024 (range 731 to 731).",
        "The target of 700 members would be reached on 30 November 2024.",
    ]
    assert describe_projection(projection, "zh") == [
        "按过去12个月的速度：2024年12月31日约有731家成员单位（区间731至731）。",
        "预计于2024年11月30日达成700家成员单位的目标。",
    ]
    assert translate(projection.method_key, "zh").startswith("直线趋势")
