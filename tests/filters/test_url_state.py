"""The URL <-> view round trip, without Streamlit."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from analysis.filters import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES, REGIONS, Filters
from analysis.filters.url_state import EARLIEST_DAY, ViewState, parse_query

DEFAULT_DAY = dt.date(2024, 12, 31)
COUNTRIES = ("CHN", "USA", "SRB", "JPN", "DEU")


def subsets(values: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values)).map(tuple)


@st.composite
def views(draw: st.DrawFn) -> ViewState:
    days = st.dates(min_value=EARLIEST_DAY, max_value=dt.date(2100, 12, 31))
    start, end = draw(st.one_of(st.none(), days)), draw(st.one_of(st.none(), days))
    if start and end and start > end:
        start, end = end, start
    filters = Filters(
        as_of=draw(days),
        start=start,
        end=end,
        countries=draw(subsets(COUNTRIES)),
        regions=draw(subsets(REGIONS)),
        member_types=draw(subsets(MEMBER_TYPES)),
        event_types=draw(subsets(EVENT_TYPES)),
        formats=draw(subsets(EVENT_FORMATS)),
    )
    return ViewState(
        filters, draw(st.sampled_from(["month", "quarter", "year"])), draw(st.sampled_from(["en", "zh"]))
    )


@given(views())
def test_every_view_survives_the_url(view: ViewState) -> None:
    parsed = parse_query(view.to_query(), DEFAULT_DAY, COUNTRIES)
    assert parsed.rejected == {}
    assert parsed.view == view


def test_defaults_stay_out_of_the_url_but_the_day_is_pinned() -> None:
    view = ViewState(Filters(as_of=dt.date(2023, 11, 19)))
    assert view.to_query() == {"as_of": "2023-11-19"}
    assert parse_query({}, DEFAULT_DAY, COUNTRIES).view == ViewState(Filters(as_of=DEFAULT_DAY))


def test_bad_values_are_dropped_and_named() -> None:
    parsed = parse_query(
        {
            "as_of": "2023-02-30",
            "countries": "chn, XXX ,USA",
            "grain": "week",
            "from": "2024-01-01",
            "to": "2023-01-01",
        },
        DEFAULT_DAY,
        COUNTRIES,
    )
    assert parsed.view.filters.as_of == DEFAULT_DAY  # 30 February does not exist
    assert parsed.view.filters.countries == ("CHN", "USA")  # codes are read case-insensitively
    assert parsed.view.filters.start is None and parsed.view.filters.end is None  # reversed range dropped
    assert parsed.view.grain == "quarter"
    assert parsed.rejected == {
        "as_of": "2023-02-30",
        "countries": "XXX",
        "grain": "week",
        "from/to": "2024-01-01 > 2023-01-01",
    }


def test_days_outside_the_pickers_range_are_dropped() -> None:
    parsed = parse_query(
        {"as_of": "2099-01-01", "from": "1999-12-31", "to": "2024-06-30"},
        DEFAULT_DAY,
        COUNTRIES,
        dt.date(2030, 1, 1),
    )
    assert (parsed.view.filters.as_of, parsed.view.filters.start) == (DEFAULT_DAY, None)
    assert parsed.view.filters.end == dt.date(2024, 6, 30)
    assert parsed.rejected == {"as_of": "2099-01-01", "from": "1999-12-31"}
