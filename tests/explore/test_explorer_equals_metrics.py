"""The explorer's numbers are the metric engine's for the same question (on the demo alliance)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.explore import ExploreQuestion, explore
from analysis.filters import Filters
from analysis.metrics import (
    members_by_country,
    members_by_region,
    members_by_region_over_time,
    members_by_type,
    members_over_time,
)
from analysis.metrics.engagement import engagement_over_time
from analysis.metrics.events import event_totals, events_by_period
from analysis.store.connection import AllianceDatabase

END_OF_2024 = Filters(as_of=dt.date(2024, 12, 31))
EUROPE_ECONOMIC = Filters(as_of=dt.date(2024, 12, 31), regions=("Europe",), member_types=("economic",))
ONLINE_FROM_2022 = Filters(
    as_of=dt.date(2024, 6, 30), start=dt.date(2022, 1, 1), formats=("online", "hybrid")
)


def by_period(frame: pd.DataFrame, value: str, *keys: str) -> dict[tuple[object, ...], int]:
    """{(period_start as date, *keys): value} from a metric frame."""
    starts = pd.to_datetime(frame["period_start"]).dt.date
    return {
        (start, *(frame[key].iloc[index] for key in keys)): int(frame[value].iloc[index])
        for index, start in enumerate(starts)
    }


def explored(
    database: AllianceDatabase,
    filters: Filters,
    measure: str,
    rows: str | None = None,
    columns: str | None = None,
) -> dict[tuple[object, ...], int]:
    """{(dimension values...): value} from the explorer's long table."""
    table = explore(database, filters, ExploreQuestion(measure, rows, columns)).table
    dimensions = [column for column in table.columns if column != "value"]
    return {
        tuple(row[dimension] for dimension in dimensions): int(row["value"]) for _, row in table.iterrows()
    }


def test_members_at_each_year_end_match_the_public_record_and_members_over_time(
    demo_database: AllianceDatabase,
) -> None:
    explorer = explored(demo_database, END_OF_2024, "members_active", "year")
    metrics = by_period(members_over_time(demo_database, END_OF_2024, "year"), "members_end")

    assert explorer == metrics
    # FACTS.md: 19 founders (2020), 42 after the 2021 council, 59 (2022), 72 after Guiyang (2023), 95 (2024).
    assert list(explorer.values()) == [19, 42, 59, 72, 95]


@pytest.mark.parametrize("filters", [END_OF_2024, EUROPE_ECONOMIC, ONLINE_FROM_2022])
@pytest.mark.parametrize(("measure", "column"), [("members_joined", "joined"), ("members_left", "left")])
def test_joins_and_departures_per_quarter_match_members_over_time(
    demo_database: AllianceDatabase, filters: Filters, measure: str, column: str
) -> None:
    metrics = by_period(members_over_time(demo_database, filters, "quarter"), column)
    explorer = explored(demo_database, filters, measure, "quarter")

    assert {key: explorer[key] for key in metrics} == metrics
    assert sum(explorer.values()) == sum(metrics.values())  # nothing counted outside the metric's periods


@pytest.mark.parametrize("filters", [END_OF_2024, EUROPE_ECONOMIC, Filters(as_of=dt.date(2022, 9, 30))])
def test_members_by_type_country_and_region_match_the_point_in_time_metrics(
    demo_database: AllianceDatabase, filters: Filters
) -> None:
    by_type = members_by_type(demo_database, filters)
    by_country = members_by_country(demo_database, filters)
    by_region = members_by_region(demo_database, filters)

    assert explored(demo_database, filters, "members_active", "member_type") == {
        (member_type,): int(members)
        for member_type, members in zip(by_type["member_type"], by_type["members"], strict=True)
    }
    assert explored(demo_database, filters, "members_active", "country") == {
        (country,): int(members)
        for country, members in zip(by_country["country"], by_country["members"], strict=True)
    }
    explorer_regions = explored(demo_database, filters, "members_active", "region")
    metric_regions = {
        (region,): int(members)
        for region, members in zip(by_region["region"], by_region["members"], strict=True)
        if members
    }
    assert explorer_regions == metric_regions


def test_members_by_year_and_region_match_members_by_region_over_time(
    demo_database: AllianceDatabase,
) -> None:
    metrics = by_period(members_by_region_over_time(demo_database, END_OF_2024, "year"), "members", "region")
    explorer = explored(demo_database, END_OF_2024, "members_active", "year", "region")

    assert {key: value for key, value in metrics.items() if value} == {
        key: value for key, value in explorer.items() if value
    }


@pytest.mark.parametrize("filters", [END_OF_2024, ONLINE_FROM_2022])
@pytest.mark.parametrize("measure", ["events", "attendees", "online_viewers"])
def test_events_per_quarter_and_format_match_events_by_period(
    demo_database: AllianceDatabase, filters: Filters, measure: str
) -> None:
    frame = events_by_period(demo_database, filters, "quarter")
    per_format = frame.groupby(["period_start", "format"])[measure].sum().reset_index()
    metrics = by_period(per_format, measure, "format")
    explorer = explored(demo_database, filters, measure, "quarter", "format")

    assert {key: explorer[key] for key in metrics} == metrics
    assert sum(explorer.values()) == sum(metrics.values())


@pytest.mark.parametrize(
    "filters",
    [
        Filters(as_of=dt.date(2024, 12, 31), start=dt.date(2024, 1, 1)),
        Filters(as_of=dt.date(2023, 11, 19), start=dt.date(2023, 1, 1), regions=("Europe",)),
        Filters(as_of=dt.date(2024, 12, 31), start=dt.date(2021, 1, 1), formats=("in_person",)),
    ],
)
def test_window_totals_match_event_totals(demo_database: AllianceDatabase, filters: Filters) -> None:
    assert filters.start is not None
    totals = event_totals(demo_database, filters, filters.start, filters.period_end)

    def single(measure: str) -> int:
        return explored(demo_database, filters, measure)[()]

    assert single("events") == totals.events
    assert single("attendees") == totals.attendees
    assert single("online_viewers") == totals.online_viewers
    assert single("engaged_members") == totals.engaged_members


@pytest.mark.parametrize("filters", [END_OF_2024, EUROPE_ECONOMIC, ONLINE_FROM_2022])
def test_engaged_members_per_month_match_engagement_over_time(
    demo_database: AllianceDatabase, filters: Filters
) -> None:
    metrics = by_period(engagement_over_time(demo_database, filters, "month"), "engaged_members")
    explorer = explored(demo_database, filters, "engaged_members", "month")

    assert {key: explorer[key] for key in metrics} == metrics
