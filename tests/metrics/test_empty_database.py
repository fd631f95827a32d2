"""On a database with no member, every metric answers with its contract's columns (no rows) or None."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from analysis.filters import Filters
from analysis.metrics import (
    cohort_retention,
    countries_over_time,
    country_first_join,
    effective_number_of_countries,
    headline_figures,
    host_country_share,
    member_list,
    member_mix_over_time,
    members_by_country,
    members_by_region,
    members_by_region_over_time,
    members_by_type,
    members_over_time,
    new_members_per_council_meeting,
    role_holders_on,
    role_holders_over_time,
)
from analysis.store.connection import AllianceDatabase

FILTERS = Filters(as_of=dt.date(2024, 12, 31))
PERIOD = ["period_start", "period_end"]

CONTRACT: list[tuple[Callable[..., pd.DataFrame], tuple[object, ...], list[str]]] = [
    (
        members_over_time,
        ("month",),
        [*PERIOD, "members_start", "joined", "left", "net_change", "members_end", "growth_rate"],
    ),
    (member_mix_over_time, ("quarter",), [*PERIOD, "member_type", "members"]),
    (members_by_region_over_time, ("year",), [*PERIOD, "region", "members"]),
    (cohort_retention, (), ["join_year", "year_end", "joined", "still_active", "share_active"]),
    (
        member_list,
        (),
        [
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
        ],
    ),
    (members_by_country, (), ["country", "name_en", "name_zh", "region", "members"]),
    (members_by_region, (), ["region", "members"]),
    (countries_over_time, ("month",), [*PERIOD, "countries", "new_countries"]),
    (
        country_first_join,
        (),
        ["country", "name_en", "name_zh", "region", "first_joined_on", "first_join_year"],
    ),
    (role_holders_on, (), ["member_id", "name_en", "name_zh", "country", "role", "start_date", "end_date"]),
    (role_holders_over_time, ("year",), [*PERIOD, "role", "holders"]),
    (new_members_per_council_meeting, (), ["event_id", "title_en", "title_zh", "start_date", "new_members"]),
]


@pytest.mark.parametrize(
    ("metric", "arguments", "columns"), CONTRACT, ids=[item[0].__name__ for item in CONTRACT]
)
def test_empty_frames_keep_their_columns(
    database: AllianceDatabase,
    metric: Callable[..., pd.DataFrame],
    arguments: tuple[object, ...],
    columns: list[str],
) -> None:
    frame = metric(database, FILTERS, *arguments)
    assert frame.empty
    assert list(frame.columns)[: len(columns)] == columns


def test_figures_on_an_empty_database(database: AllianceDatabase) -> None:
    figures = headline_figures(database, FILTERS)
    assert (figures.members, figures.countries, figures.events_ytd) == (0, 0, 0)
    assert figures.members_yoy is None
    assert figures.cagr_since_first_join is None
    assert members_by_type(database, FILTERS)["members"].tolist() == [0] * 6
    assert host_country_share(database, FILTERS) is None
    assert effective_number_of_countries(database, FILTERS) is None
