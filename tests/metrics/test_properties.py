"""Properties that hold on any alliance: hypothesis builds random member sets in a real database file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.filters import MEMBER_TYPES, Filters
from analysis.metrics import (
    headline_figures,
    member_mix_over_time,
    members_by_country,
    members_by_region,
    members_by_region_over_time,
    members_by_type,
    members_over_time,
)
from analysis.store.database import AllianceDatabase, open_database, read_country_reference
from tests.datasets import insert_rows

COUNTRIES = ("CHN", "USA", "DEU", "JPN", "BRA", "KEN")
FIRST_DAY = dt.date(2019, 1, 1)
ALL_COUNTRIES = tuple(read_country_reference()["iso3"])

member_rows = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.sampled_from(MEMBER_TYPES),
        st.integers(min_value=0, max_value=6 * 365),  # join: days after 2019-01-01
        st.one_of(st.none(), st.integers(min_value=1, max_value=3 * 365)),  # membership length in days
    ),
    max_size=25,
)
as_of_days = st.integers(min_value=0, max_value=7 * 365).map(lambda days: FIRST_DAY + dt.timedelta(days=days))
grains = st.sampled_from(["month", "quarter", "year"])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AllianceDatabase]:
    database = open_database(Path(tmp_path_factory.mktemp("properties")) / "alliance.ducklake")
    yield database
    database.close()


def load(database: AllianceDatabase, rows: list[tuple[str, str, int, int | None]]) -> pd.DataFrame:
    """Replace the members with `rows`; return them as a frame for the brute-force checks."""
    with database.writing() as cursor:
        cursor.execute("delete from members")
    members = [
        {
            "member_id": f"m{index}",
            "name_en": f"Member {index}",
            "country": country,
            "member_type": member_type,
            "joined_on": FIRST_DAY + dt.timedelta(days=joined),
            "left_on": None if length is None else FIRST_DAY + dt.timedelta(days=joined + length),
        }
        for index, (country, member_type, joined, length) in enumerate(rows)
    ]
    insert_rows(database, "members", members)
    return pd.DataFrame(members, columns=["member_id", "country", "member_type", "joined_on", "left_on"])


def active_on(members: pd.DataFrame, day: dt.date) -> int:
    """Brute force: members with joined_on <= day and (no left_on or day < left_on)."""
    return sum(
        1
        for joined, left in zip(members["joined_on"], members["left_on"], strict=True)
        if joined <= day and (left is None or pd.isna(left) or day < left)
    )


@settings(max_examples=30, deadline=None)
@given(rows=member_rows, as_of=as_of_days, grain=grains)
def test_roll_forward_identity_for_every_period(
    scratch: AllianceDatabase, rows: list[tuple[str, str, int, int | None]], as_of: dt.date, grain: str
) -> None:
    members = load(scratch, rows)
    frame = members_over_time(scratch, Filters(as_of=as_of), grain)  # type: ignore[arg-type]
    for row in frame.to_dict("records"):
        start, joined, left, end = (
            int(row[key]) for key in ("members_start", "joined", "left", "members_end")
        )
        assert end == start + joined - left
        # members_end is a running total: check it against a direct count on the period's last day
        assert end == active_on(members, pd.Timestamp(row["period_end"]).date())
        assert min(start, joined, left, end) >= 0
    # each period starts where the previous one ended
    assert list(frame["members_start"].iloc[1:]) == list(frame["members_end"].iloc[:-1])
    mix = member_mix_over_time(scratch, Filters(as_of=as_of), grain)  # type: ignore[arg-type]
    assert list(mix.groupby("period_start")["members"].sum()) == list(frame["members_end"])
    regions = members_by_region_over_time(scratch, Filters(as_of=as_of), grain)  # type: ignore[arg-type]
    if not frame.empty:
        assert list(regions.groupby("period_start")["members"].sum()) == list(frame["members_end"])


@settings(max_examples=30, deadline=None)
@given(rows=member_rows, as_of=as_of_days)
def test_sums_over_countries_types_and_regions_equal_the_total(
    scratch: AllianceDatabase, rows: list[tuple[str, str, int, int | None]], as_of: dt.date
) -> None:
    members = load(scratch, rows)
    filters = Filters(as_of=as_of)
    figures = headline_figures(scratch, filters)
    assert figures.members == active_on(members, as_of)
    assert members_by_country(scratch, filters)["members"].sum() == figures.members
    assert members_by_type(scratch, filters)["members"].sum() == figures.members
    assert members_by_region(scratch, filters)["members"].sum() == figures.members
    assert sum(figures.members_by_country.values()) == figures.members
    assert len(figures.members_by_country) == figures.countries


@settings(max_examples=20, deadline=None)
@given(rows=member_rows, as_of=as_of_days)
def test_filter_on_all_countries_and_types_equals_no_filter(
    scratch: AllianceDatabase, rows: list[tuple[str, str, int, int | None]], as_of: dt.date
) -> None:
    load(scratch, rows)
    unfiltered = headline_figures(scratch, Filters(as_of=as_of)).to_json_dict()
    everything = Filters(as_of=as_of, countries=ALL_COUNTRIES, member_types=MEMBER_TYPES)
    assert headline_figures(scratch, everything).to_json_dict() == unfiltered
    assert members_over_time(scratch, everything, "quarter").equals(
        members_over_time(scratch, Filters(as_of=as_of), "quarter")
    )


@settings(max_examples=30, deadline=None)
@given(rows=member_rows, as_of=as_of_days)
def test_counts_never_go_negative(
    scratch: AllianceDatabase, rows: list[tuple[str, str, int, int | None]], as_of: dt.date
) -> None:
    load(scratch, rows)
    values = headline_figures(scratch, Filters(as_of=as_of)).to_json_dict()
    counts = {key: value for key, value in values.items() if isinstance(value, int)}
    assert counts and all(value >= 0 for value in counts.values())
    assert all(value >= 0 for value in values["members_by_type"].values())
    for rate in ("engagement_rate_ytd", "engagement_rate_ytd_year_ago"):
        assert values[rate] is None or 0 <= values[rate] <= 1
