"""On random small alliances, the explorer agrees with the definitions applied by hand in plain Python:
a member is active on D when joined_on <= D and (left_on is empty or D < left_on); a join or departure
belongs to the year holding its day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.explore import ExploreQuestion, explore
from analysis.filters import MEMBER_TYPES, Filters
from analysis.store.database import open_database
from tests.datasets import insert_rows

AS_OF = dt.date(2024, 6, 30)
COUNTRIES = ("CHN", "DEU", "USA", "BRA")
# The edges where off-by-one mistakes live (the as-of day, either side of a new year) come up often.
EDGES = (AS_OF, dt.date(2023, 12, 31), dt.date(2024, 1, 1))
days = st.one_of(
    st.sampled_from(EDGES), st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2024, 12, 31))
)


@st.composite
def member_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = []
    for index in range(draw(st.integers(min_value=1, max_value=12))):
        joined = draw(days)
        later = st.one_of(
            st.sampled_from([edge for edge in EDGES if edge > joined] or [dt.date(2025, 1, 1)]),
            st.dates(min_value=joined + dt.timedelta(days=1), max_value=dt.date(2025, 12, 31)),
        )
        left = draw(st.one_of(st.none(), later))
        rows.append(
            {
                "member_id": f"m{index}",
                "name_en": f"Member {index}",
                "country": draw(st.sampled_from(COUNTRIES)),
                "member_type": draw(st.sampled_from(MEMBER_TYPES)),
                "joined_on": joined,
                "left_on": left,
            }
        )
    return rows


def is_active_on(row: dict[str, Any], day: dt.date) -> bool:
    return bool(row["joined_on"] <= day and (row["left_on"] is None or day < row["left_on"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=member_rows())
def test_explorer_counts_follow_the_definitions(rows: list[dict[str, Any]]) -> None:
    database = open_database(":memory:")
    try:
        insert_rows(database, "members", rows)
        filters = Filters(as_of=AS_OF)

        by_country = explore(database, filters, ExploreQuestion("members_active", "country")).table
        joined_by_year = explore(database, filters, ExploreQuestion("members_joined", "year")).table
        left_by_year = explore(database, filters, ExploreQuestion("members_left", "year")).table
    finally:
        database.close()

    active = Counter(str(row["country"]) for row in rows if is_active_on(row, AS_OF))
    assert {
        country: value for country, value in zip(by_country["country"], by_country["value"], strict=True)
    } == dict(active)
    joined = Counter(row["joined_on"].year for row in rows if row["joined_on"] <= AS_OF)
    left = Counter(
        row["left_on"].year for row in rows if row["left_on"] is not None and row["left_on"] <= AS_OF
    )
    assert {
        day.year: value
        for day, value in zip(joined_by_year["year"], joined_by_year["value"], strict=True)
        if value
    } == dict(joined)
    assert {
        day.year: value
        for day, value in zip(left_by_year["year"], left_by_year["value"], strict=True)
        if value
    } == dict(left)
