"""Events per period, the event list, participants, a member's events, the first in-person event."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.filters import EVENT_FORMATS, EVENT_TYPES, Filters
from analysis.metrics.events import (
    EVENT_LIST_COLUMNS,
    EVENTS_BY_PERIOD_COLUMNS,
    event_list,
    event_participants,
    events_by_period,
    first_in_person_event,
    member_events,
)
from analysis.store.database import AllianceDatabase
from tests.datasets import add_event, add_member

END_OF_JANUARY = Filters(as_of=dt.date(2024, 1, 31))


def nonzero(frame: pd.DataFrame) -> list[tuple]:
    """(period_start, type, format, events, attendees, viewers, countries_represented) of non-empty cells."""
    columns = ["event_type", "format", "events", "attendees", "online_viewers", "countries_represented"]
    return [
        (pd.Timestamp(row["period_start"]).date(), *(row[column] for column in columns))
        for row in frame[frame["events"] > 0].to_dict("records")
    ]


def test_events_by_year_split_at_new_year(new_year_alliance: AllianceDatabase) -> None:
    frame = events_by_period(new_year_alliance, END_OF_JANUARY, "year")
    assert list(frame.columns) == EVENTS_BY_PERIOD_COLUMNS
    # first join 2021-01-01 ("gone") -> years 2021..2024, 7 types x 3 formats = 21 rows each
    assert len(frame) == 4 * len(EVENT_TYPES) * len(EVENT_FORMATS)
    assert pd.Timestamp(frame["period_end"].iloc[-1]).date() == dt.date(2024, 1, 31)  # last year cut at as_of
    # rows run in period, then EVENT_TYPES (forum before council_meeting), then format order
    assert nonzero(frame) == [
        # eve (31 Dec) stays in 2023: 100 attendees, 1000 viewers, 5 countries reported
        (dt.date(2023, 1, 1), "forum", "hybrid", 1, 100, 1000, 5),
        # summer: attendees and countries unknown -> 0
        (dt.date(2023, 1, 1), "council_meeting", "in_person", 1, 0, 0, 0),
        # newyear (1 Jan) opens 2024
        (dt.date(2024, 1, 1), "seminar", "online", 1, 40, 0, 3),
    ]


def test_events_by_month_with_filters(new_year_alliance: AllianceDatabase) -> None:
    germany_online = Filters(as_of=dt.date(2024, 1, 31), countries=("DEU",), formats=("online",))
    frame = events_by_period(new_year_alliance, germany_online, "month")
    # the grid holds only the filtered format; the first DEU member joined 2022-06 -> Jun 2022..Jan 2024
    assert set(frame["format"]) == {"online"}
    assert len(frame) == 20 * len(EVENT_TYPES)
    # hosted in Germany and online: only newyear
    assert nonzero(frame) == [(dt.date(2024, 1, 1), "seminar", "online", 1, 40, 0, 3)]


def test_events_by_period_without_data_has_the_columns(database: AllianceDatabase) -> None:
    frame = events_by_period(database, END_OF_JANUARY, "quarter")
    assert frame.empty and list(frame.columns) == EVENTS_BY_PERIOD_COLUMNS


def test_event_list_newest_first_with_member_participants(new_year_alliance: AllianceDatabase) -> None:
    frame = event_list(new_year_alliance, END_OF_JANUARY)
    assert list(frame.columns) == EVENT_LIST_COLUMNS
    assert list(frame["event_id"]) == ["newyear", "eve", "summer"]
    assert list(frame["member_participants"]) == [2, 3, 2]
    assert pd.isna(frame.loc[frame["event_id"] == "summer", "attendees"]).all()  # unknown stays unknown

    from_new_year_eve = Filters(as_of=dt.date(2024, 1, 31), start=dt.date(2023, 12, 31))
    assert list(event_list(new_year_alliance, from_new_year_eve)["event_id"]) == ["newyear", "eve"]

    # Germany: events hosted there (newyear), participants from German members only (de1)
    germany = event_list(new_year_alliance, Filters(as_of=dt.date(2024, 1, 31), countries=("DEU",)))
    assert list(zip(germany["event_id"], germany["member_participants"], strict=True)) == [("newyear", 1)]


def test_event_participants_hosts_first(new_year_alliance: AllianceDatabase) -> None:
    frame = event_participants(new_year_alliance, "eve")
    assert list(frame.columns) == ["member_id", "name_en", "name_zh", "country", "role"]
    assert list(zip(frame["member_id"], frame["role"], strict=True)) == [
        ("cn1", "host"),
        ("de1", "speaker"),
        ("gone", "participant"),
    ]
    assert event_participants(new_year_alliance, "no-such-event").empty


def test_member_events_lists_what_one_member_attended(new_year_alliance: AllianceDatabase) -> None:
    frame = member_events(new_year_alliance, END_OF_JANUARY, "de1")
    assert list(zip(frame["event_id"], frame["role"], strict=True)) == [
        ("newyear", "host"),
        ("eve", "speaker"),
    ]
    before_new_year = member_events(new_year_alliance, Filters(as_of=dt.date(2023, 12, 31)), "de1")
    assert list(before_new_year["event_id"]) == ["eve"]


def test_first_in_person_event_skips_hybrid_and_respects_filters(new_year_alliance: AllianceDatabase) -> None:
    first = first_in_person_event(new_year_alliance, END_OF_JANUARY)
    assert first == {
        "event_id": "summer",
        "title_en": "Event summer",
        "title_zh": None,
        "start_date": dt.date(2023, 7, 15),
        "city": "Beijing",
        "city_zh": None,
        "country": "CHN",
    }
    # eve is hybrid, so forums alone have no in-person event
    assert (
        first_in_person_event(new_year_alliance, Filters(as_of=dt.date(2024, 1, 31), event_types=("forum",)))
        is None
    )
    # the day before summer there was none yet
    assert first_in_person_event(new_year_alliance, Filters(as_of=dt.date(2023, 7, 14))) is None


def test_event_on_a_leap_day_falls_in_february(database: AllianceDatabase) -> None:
    add_member(database, "m", "CHN", "2024-01-01")
    add_event(database, "leap", "2024-02-29", attendees=7)
    frame = events_by_period(database, Filters(as_of=dt.date(2024, 3, 31)), "month")
    per_month = frame.groupby("period_start")["events"].sum()
    february = frame[frame["period_start"] == per_month.index[1]]
    # periods: Jan, Feb (1-29 Feb 2024), Mar; the 29 February event is February's only event
    assert [int(count) for count in per_month] == [0, 1, 0]
    assert pd.Timestamp(february["period_end"].iloc[0]).date() == dt.date(2024, 2, 29)
