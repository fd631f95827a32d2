"""Properties of the event metrics on any alliance: hypothesis builds random members, events and participation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.filters import EVENT_FORMATS, EVENT_TYPES, Filters, year_start
from analysis.metrics import engagement_over_time, event_list, event_totals, events_by_period
from analysis.store.database import AllianceDatabase, open_database, read_country_reference
from tests.datasets import EVENT_DEFAULTS, MEMBER_DEFAULTS, insert_rows

COUNTRIES = ("CHN", "USA", "DEU", "JPN")
FIRST_DAY = dt.date(2020, 1, 1)
ALL_COUNTRIES = tuple(read_country_reference()["iso3"])

members_strategy = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.integers(min_value=0, max_value=4 * 365),  # join: days after 2020-01-01
        st.one_of(st.none(), st.integers(min_value=1, max_value=2 * 365)),  # days until leaving
    ),
    min_size=1,
    max_size=12,
)
events_strategy = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.sampled_from(EVENT_TYPES),
        st.sampled_from(EVENT_FORMATS),
        st.integers(min_value=0, max_value=5 * 365),  # start: days after 2020-01-01
        st.one_of(st.none(), st.integers(min_value=0, max_value=500)),  # attendees
    ),
    max_size=10,
)
as_of_strategy = st.integers(min_value=0, max_value=5 * 365).map(
    lambda days: FIRST_DAY + dt.timedelta(days=days)
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AllianceDatabase]:
    database = open_database(Path(tmp_path_factory.mktemp("event_properties")) / "alliance.ducklake")
    yield database
    database.close()


def load(
    database: AllianceDatabase, members: list[tuple], events: list[tuple], taking_part: set[tuple[int, int]]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Replace every row with the drawn ones; return them as frames for the brute-force checks."""
    for table in ("participation", "events", "members"):  # one transaction each: DuckDB checks foreign
        with database.writing() as cursor:  # keys against committed deletes only
            cursor.execute(f"delete from {table}")
    member_rows = [
        {
            **MEMBER_DEFAULTS,
            "member_id": f"m{index}",
            "name_en": f"M{index}",
            "country": country,
            "joined_on": FIRST_DAY + dt.timedelta(days=joined),
            "left_on": None if stay is None else FIRST_DAY + dt.timedelta(days=joined + stay),
        }
        for index, (country, joined, stay) in enumerate(members)
    ]
    event_rows = [
        {
            **EVENT_DEFAULTS,
            "event_id": f"e{index}",
            "title_en": f"E{index}",
            "country": country,
            "event_type": event_type,
            "format": event_format,
            "start_date": FIRST_DAY + dt.timedelta(days=start),
            "end_date": FIRST_DAY + dt.timedelta(days=start),
            "attendees": attendees,
        }
        for index, (country, event_type, event_format, start, attendees) in enumerate(events)
    ]
    participation_rows = [
        {"event_id": f"e{event}", "member_id": f"m{member}", "role": "participant"}
        for event, member in sorted(taking_part)
        if event < len(events) and member < len(members)
    ]
    insert_rows(database, "members", member_rows)
    insert_rows(database, "events", event_rows)
    insert_rows(database, "participation", participation_rows)
    return (
        pd.DataFrame(member_rows),
        pd.DataFrame(event_rows, columns=["event_id", "start_date", "country", "attendees"]),
        pd.DataFrame(participation_rows, columns=["event_id", "member_id"]),
    )


def brute_engaged(
    members: pd.DataFrame, events: pd.DataFrame, participation: pd.DataFrame, first: dt.date, last: dt.date
) -> int:
    """Members active on `last` with a participation in an event starting in [first, last], one by one."""
    in_window = {
        e for e, start in zip(events["event_id"], events["start_date"], strict=True) if first <= start <= last
    }
    taking_part = {
        m
        for e, m in zip(participation["event_id"], participation["member_id"], strict=True)
        if e in in_window
    }
    return sum(
        1
        for member, joined, left in zip(
            members["member_id"], members["joined_on"], members["left_on"], strict=True
        )
        if joined <= last and (left is None or pd.isna(left) or last < left) and member in taking_part
    )


@settings(max_examples=25, deadline=None)
@given(
    members=members_strategy,
    events=events_strategy,
    taking_part=st.sets(st.tuples(st.integers(0, 9), st.integers(0, 11)), max_size=40),
    as_of=as_of_strategy,
    grain=st.sampled_from(["month", "quarter", "year"]),
)
def test_event_metrics_agree_with_brute_force_and_each_other(
    scratch: AllianceDatabase,
    members: list[tuple],
    events: list[tuple],
    taking_part: set,
    as_of: dt.date,
    grain: str,
) -> None:
    member_frame, event_frame, participation_frame = load(scratch, members, events, taking_part)
    filters = Filters(as_of=as_of)
    ytd = event_totals(scratch, filters, year_start(as_of), as_of)

    # event_totals against a count done one row at a time
    starts = list(event_frame["start_date"])
    assert ytd.events == sum(1 for start in starts if year_start(as_of) <= start <= as_of)
    assert ytd.engaged_members == brute_engaged(
        member_frame, event_frame, participation_frame, year_start(as_of), as_of
    )
    assert 0 <= ytd.engaged_members <= ytd.active_members

    # a filter on every country changes nothing
    every_country = Filters(as_of=as_of, countries=ALL_COUNTRIES)
    assert event_totals(scratch, every_country, year_start(as_of), as_of) == ytd

    # events per period add up to the events in the series' span, and never go negative
    by_period = events_by_period(scratch, filters, grain)  # type: ignore[arg-type]
    if not by_period.empty:
        first_day = pd.Timestamp(by_period["period_start"].min()).date()
        assert int(by_period["events"].sum()) == sum(1 for start in starts if first_day <= start <= as_of)
        assert (by_period[["events", "attendees", "online_viewers"]] >= 0).all().all()

    # engagement per period: engaged <= active, and the last period matches event_totals over it
    engagement = engagement_over_time(scratch, filters, grain)  # type: ignore[arg-type]
    assert (engagement["engaged_members"] <= engagement["active_members"]).all()
    if not engagement.empty:
        last = engagement.iloc[-1]
        window = event_totals(scratch, filters, pd.Timestamp(last["period_start"]).date(), as_of)
        assert (last["active_members"], last["engaged_members"]) == (
            window.active_members,
            window.engaged_members,
        )

    # the event list's participants add up to the participation rows of the listed events
    listed = event_list(scratch, filters)
    listed_ids = set(listed["event_id"])
    assert int(listed["member_participants"].sum()) == int(
        participation_frame["event_id"].isin(listed_ids).sum()
    )
