"""The incomplete last period drawn lighter and labelled, the year-earlier overlay, and the drill lists,
on frames and tiny alliances worked through by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from analysis.figures.compare import (
    add_year_earlier_events,
    add_year_earlier_members,
    year_earlier,
    year_earlier_values,
)
from analysis.figures.drill import describe_specs, event_table
from analysis.figures.events import events_by_period_figure
from analysis.figures.membership import membership_growth_figure
from analysis.figures.overview import members_over_time_figure
from analysis.figures.partial import PARTIAL_OPACITY, last_partial_period, mark_partial_period
from analysis.filters import Filters
from analysis.i18n import Language
from analysis.metrics.membership import members_over_time
from analysis.page_data.drill import DrillSpec, drill_specs, drilled_events, drilled_members
from analysis.store.database import AllianceDatabase
from tests.datasets import add_event, add_member, add_participation

D = dt.date

GROWTH = pd.DataFrame(
    {
        "period_start": [D(2024, 10, 1), D(2025, 1, 1)],
        "period_end": [D(2024, 12, 31), D(2025, 3, 28)],  # Q1 2025 is cut at 28 March
        "members_start": [90, 95],
        "joined": [5, 2],
        "left": [0, 1],
        "net_change": [5, 1],
        "members_end": [95, 96],
        "growth_rate": [5 / 90, 1 / 95],
    }
)


def test_the_last_period_is_partial_only_when_cut_short() -> None:
    assert last_partial_period(GROWTH, "quarter") == (D(2025, 1, 1), D(2025, 3, 28))
    whole = GROWTH.assign(period_end=[D(2024, 12, 31), D(2025, 3, 31)])
    assert last_partial_period(whole, "quarter") is None
    assert last_partial_period(GROWTH.iloc[0:0], "quarter") is None
    # at year grain the same last day cuts 2025 short
    assert last_partial_period(GROWTH.assign(period_start=[D(2024, 1, 1), D(2025, 1, 1)]), "year") == (
        D(2025, 1, 1),
        D(2025, 3, 28),
    )


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Q1 2025<br>to 28 Mar"), ("zh", "2025年Q1<br>截至3月28日")]
)
def test_a_category_chart_labels_and_lightens_the_partial_period(language: Language, label: str) -> None:
    figure = mark_partial_period(
        membership_growth_figure(GROWTH, "quarter", language), GROWTH, "quarter", language
    )
    joined, left = figure.data[0], figure.data[1]
    assert list(joined.x)[1] == label and list(left.x)[1] == label
    assert list(joined.marker.opacity) == [1.0, PARTIAL_OPACITY]
    assert list(left.marker.opacity) == [1.0, PARTIAL_OPACITY]
    members_line = figure.data[3]
    assert list(members_line.x)[1] == label  # every trace keeps the same axis labels
    (band,) = figure.layout.shapes
    assert (band.x0, band.x1) == (0.5, 1.5)  # the second category, shaded


def test_a_whole_last_period_is_left_as_drawn() -> None:
    whole = GROWTH.assign(period_end=[D(2024, 12, 31), D(2025, 3, 31)])
    figure = mark_partial_period(membership_growth_figure(whole, "quarter", "en"), whole, "quarter", "en")
    assert list(figure.data[0].x) == ["Q4 2024", "Q1 2025"]
    assert figure.data[0].marker.opacity is None and not figure.layout.shapes


def test_a_date_axis_chart_gets_a_band_and_a_note() -> None:
    events = pd.DataFrame(columns=["start_date", "title_en", "title_zh", "event_type", "attendees"])
    figure = members_over_time_figure(GROWTH, events, "quarter", "zh")
    figure = mark_partial_period(figure, GROWTH, "quarter", "zh")
    (note,) = figure.layout.annotations
    assert note.text == "截至3月28日"
    (band,) = figure.layout.shapes
    assert pd.Timestamp(band.x0) == pd.Timestamp("2025-01-01") and pd.Timestamp(band.x1) == pd.Timestamp(
        "2025-03-28"
    )
    assert list(figure.data[0].marker.opacity) == [1.0, PARTIAL_OPACITY]


def test_year_earlier_filters_and_values() -> None:
    moved = year_earlier(Filters(as_of=D(2024, 2, 29), start=D(2023, 1, 1), countries=("JPN",)))
    assert (moved.as_of, moved.start, moved.end, moved.countries) == (
        D(2023, 2, 28),
        D(2022, 1, 1),
        None,
        ("JPN",),
    )
    earlier = pd.DataFrame(
        {
            "period_start": [D(2023, 10, 1), D(2024, 1, 1)],
            "period_end": [D(2023, 12, 31), D(2024, 3, 28)],
            "joined": [4, 1],
        }
    )
    # Q4 2024 <- Q4 2023 (4); Q1 2025 <- Q1 2024 cut at 28 Mar 2024 (1)
    assert year_earlier_values(GROWTH, earlier, "joined") == [4.0, 1.0]
    assert year_earlier_values(GROWTH, earlier.iloc[0:0], "joined") == [0.0, 0.0]  # before the data: none


def test_the_year_earlier_overlay_on_the_growth_and_events_charts() -> None:
    earlier = GROWTH.assign(
        period_start=[D(2023, 10, 1), D(2024, 1, 1)],
        period_end=[D(2023, 12, 31), D(2024, 3, 28)],
        joined=[3, 0],
        members_end=[80, 80],
    )
    figure = add_year_earlier_members(
        membership_growth_figure(GROWTH, "quarter", "en"), GROWTH, earlier, "quarter", "en"
    )
    joined, members = figure.data[-2], figure.data[-1]
    assert (joined.name, list(joined.x), list(joined.y)) == (
        "Joined, a year earlier",
        ["Q4 2024", "Q1 2025"],
        [3, 0],
    )
    assert (members.name, list(members.y), members.yaxis) == ("Members, a year earlier", [80, 80], "y2")
    by_period = pd.DataFrame(
        {
            "period_start": [D(2024, 1, 1)] * 2 + [D(2025, 1, 1)] * 2,
            "period_end": [D(2024, 12, 31)] * 2 + [D(2025, 3, 28)] * 2,
            "event_type": ["forum", "seminar"] * 2,
            "format": ["in_person", "online"] * 2,
            "events": [2, 1, 1, 0],
        }
    )
    earlier_events = by_period.assign(
        period_start=[D(2023, 1, 1)] * 2 + [D(2024, 1, 1)] * 2, events=[1, 1, 2, 1]
    )
    figure = add_year_earlier_events(
        events_by_period_figure(by_period, "event_type", "year", "zh"),
        by_period,
        earlier_events,
        "year",
        "zh",
    )
    overlay = figure.data[-1]
    # 2024 <- 2023: 1 + 1 = 2; 2025 (to 28 Mar) <- 2024 (to 28 Mar): 2 + 1 = 3
    assert (overlay.name, list(overlay.y)) == ("一年前同期活动", [2, 3])
    marked = mark_partial_period(figure, by_period, "year", "zh")
    assert list(marked.data[-1].x) == ["2024年", "2025年<br>截至3月28日"]


def test_drill_specs_read_codes_and_days_only() -> None:
    points: list[dict[str, Any]] = [
        {"customdata": ["period", "2023-01-01", "2023-03-31"], "y": 2},
        {"customdata": ["period", "2023-01-01", "2023-03-31", 1], "y": -1},
        {"customdata": ["countries", "JPN"], "y": None},
        {"customdata": ["member_types", "economic", "2023-01-01", "2023-03-31"], "y": 4},
        {"customdata": ["countries", "JPN"], "y": None},  # the same point twice: once
        {"customdata": "not ours"},
    ]
    assert drill_specs(points, "members") == [
        DrillSpec("joined", start=D(2023, 1, 1), end=D(2023, 3, 31)),
        DrillSpec("left", start=D(2023, 1, 1), end=D(2023, 3, 31)),
        DrillSpec("active", "countries", "JPN"),
        DrillSpec("active", "member_types", "economic", D(2023, 1, 1), D(2023, 3, 31)),
    ]
    events = [
        {"customdata": ["event_types", "seminar", "2023-01-01", "2023-12-31"]},
        {"customdata": ["period", "2022-07-01", "2022-09-30"]},
    ]
    assert drill_specs(events, "events") == [
        DrillSpec("events", "event_types", "seminar", D(2023, 1, 1), D(2023, 12, 31)),
        DrillSpec("events", start=D(2022, 7, 1), end=D(2022, 9, 30)),
    ]


def small_alliance(database: AllianceDatabase) -> None:
    # c1 c2 (China, 2022), c3 (China, economic, Feb 2023), j1 (Japan, economic, 2022), j2 (Japan, economic,
    # Jan 2023, left 15 Mar 2023), s1 (Serbia, Mar 2023). Events: e1 forum 2022-09-01, e2 seminar 2023-04-01
    # (c1 and j1 take part), e3 forum 2023-05-20 in Tokyo.
    add_member(database, "c1", "CHN", "2022-01-10")
    add_member(database, "c2", "CHN", "2022-03-01")
    add_member(database, "c3", "CHN", "2023-02-01", member_type="economic")
    add_member(database, "j1", "JPN", "2022-05-05", member_type="economic")
    add_member(database, "j2", "JPN", "2023-01-15", member_type="economic", left_on="2023-03-15")
    add_member(database, "s1", "SRB", "2023-03-01", member_type="industry")
    add_event(database, "e1", "2022-09-01")
    add_event(database, "e2", "2023-04-01", event_type="seminar", format="online")
    add_event(database, "e3", "2023-05-20", country="JPN", city="Tokyo", format="hybrid")
    add_participation(database, "e2", "c1")
    add_participation(database, "e2", "j1")


def test_the_members_and_events_behind_a_click(database: AllianceDatabase) -> None:
    small_alliance(database)
    filters = Filters(as_of=D(2023, 6, 30))
    q1 = (D(2023, 1, 1), D(2023, 3, 31))
    # Joined in Q1 2023: j2 (15 Jan), c3 (1 Feb), s1 (1 Mar), by join day; left in Q1 2023: j2.
    joined = drilled_members(database, filters, [DrillSpec("joined", start=q1[0], end=q1[1])])
    assert list(joined["member_id"]) == ["j2", "c3", "s1"]
    left = drilled_members(database, filters, [DrillSpec("left", start=q1[0], end=q1[1])])
    assert list(left["member_id"]) == ["j2"]
    # Japan on 30 June 2023: j1 (j2 left in March).
    japan = drilled_members(database, filters, [DrillSpec("active", "countries", "JPN")])
    assert list(japan["member_id"]) == ["j1"]
    # Economic at the end of Q1 2023 (31 Mar): j1, c3 (j2 left 15 Mar).
    economic = drilled_members(database, filters, [DrillSpec("active", "member_types", "economic", *q1)])
    assert list(economic["member_id"]) == ["j1", "c3"]
    # Forums in 2023: e3; every event of Q3 2022: e1. Both at once: newest first.
    both = drilled_events(
        database,
        filters,
        [
            DrillSpec("events", "event_types", "forum", D(2023, 1, 1), D(2023, 12, 31)),
            DrillSpec("events", start=D(2022, 7, 1), end=D(2022, 9, 30)),
        ],
    )
    assert list(both["event_id"]) == ["e3", "e1"]
    table = event_table(
        drilled_events(
            database, filters, [DrillSpec("events", "event_types", "seminar", D(2023, 1, 1), D(2023, 12, 31))]
        ),
        "zh",
    )
    assert list(table.columns) == ["活动", "类型", "形式", "开始日期", "地点", "参加人数", "参与的成员单位"]
    assert (
        table.iloc[0]["类型"] == "研讨会"
        and table.iloc[0]["形式"] == "线上"
        and table.iloc[0]["参与的成员单位"] == 2
    )
    assert (
        describe_specs([DrillSpec("active", "countries", "JPN")], D(2023, 6, 30), "en")
        == "Japan · active on 30 June 2023"
    )
    assert (
        describe_specs([DrillSpec("joined", start=q1[0], end=q1[1])], D(2023, 6, 30), "zh")
        == "2023年1月1日 – 2023年3月31日加入"
    )


def test_the_year_earlier_series_is_like_for_like(database: AllianceDatabase) -> None:
    small_alliance(database)
    filters = Filters(as_of=D(2023, 5, 15))
    current = members_over_time(database, filters, "quarter")
    earlier = members_over_time(database, year_earlier(filters), "quarter")
    # Quarters Q1 2022 (the first join) to Q2 2023 (to 15 May). A year earlier: 2021 had no member (0);
    # Q1 2023 <- Q1 2022: c1, c2 = 2; Q2 2023 <- Q2 2022 to 15 May 2022: j1 (5 May) = 1.
    assert pd.Timestamp(current["period_start"].iloc[0]) == pd.Timestamp("2022-01-01")
    assert year_earlier_values(current, earlier, "joined") == [0, 0, 0, 0, 2, 1]
