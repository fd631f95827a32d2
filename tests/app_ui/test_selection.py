"""Click to filter, the pure part: what selected points stand for, and how they narrow the filters."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.filters import Filters
from app_ui.state.selection import describe_narrowing, narrow_filters, narrowing_from_points

AS_OF = dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("points", "narrowing"),
    [
        ([], {}),
        # Points without the [field, value] convention (a line, a heat map cell) narrow nothing.
        ([{"x": "2021", "y": 3}, {"customdata": [19, 18]}, {"customdata": ["unknown_field", "x"]}], {}),
        ([{"customdata": ["member_types", "economic"]}], {"member_types": ("economic",)}),
        # Box selection over several bars: each value once, in the order met.
        (
            [
                {"customdata": ["regions", "Europe"]},
                {"customdata": ["regions", "Asia"]},
                {"customdata": ["regions", "Europe"]},
            ],
            {"regions": ("Europe", "Asia")},
        ),
        # Several periods: from the earliest start to the latest end; extra hover items ignored.
        (
            [
                {"customdata": ["period", "2022-01-01", "2022-12-31", 7]},
                {"customdata": ["period", "2021-01-01", "2021-12-31", 0]},
            ],
            {"period": ("2021-01-01", "2022-12-31")},
        ),
    ],
)
def test_narrowing_from_points(
    points: list[dict[str, object]], narrowing: dict[str, tuple[str, ...]]
) -> None:
    assert narrowing_from_points(points) == narrowing


def test_list_filters_are_replaced_by_the_selection() -> None:
    filters = Filters(as_of=AS_OF, countries=("CHN", "SRB"), member_types=("economic", "industry"))
    narrowed = narrow_filters(filters, {"member_types": ("economic",), "regions": ("Europe",)})
    assert narrowed == Filters(
        as_of=AS_OF, countries=("CHN", "SRB"), member_types=("economic",), regions=("Europe",)
    )


def test_a_period_becomes_the_range_and_pulls_the_as_of_day_back() -> None:
    narrowed = narrow_filters(Filters(as_of=AS_OF), {"period": ("2021-01-01", "2021-12-31")})
    assert (narrowed.start, narrowed.end, narrowed.as_of) == (
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
        dt.date(2021, 12, 31),
    )
    # A period ending after the as-of day (the last, cut period) keeps the as-of day.
    earlier = Filters(as_of=dt.date(2024, 6, 30))
    assert narrow_filters(earlier, {"period": ("2024-01-01", "2024-12-31")}).as_of == dt.date(2024, 6, 30)


def test_no_selection_changes_nothing() -> None:
    filters = Filters(as_of=AS_OF, regions=("Asia",))
    assert narrow_filters(filters, {}) is filters


def test_the_selection_in_words_in_both_languages() -> None:
    narrowing = {
        "member_types": ("economic",),
        "countries": ("SRB",),
        "period": ("2023-01-01", "2023-12-31"),
    }
    assert describe_narrowing(narrowing, "en") == "Serbia, Economic, 1 January 2023 – 31 December 2023"
    assert describe_narrowing(narrowing, "zh") == "塞尔维亚、经济智库、2023年1月1日 – 2023年12月31日"
