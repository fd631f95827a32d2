"""Event metrics: counts, attendance and engagement over a window, per period, per event.

Filters, as every metric here applies them:
- event types and formats filter events;
- countries and regions filter events by their HOST country when events are counted (the
  `filtered_events` macro), and filter the MEMBERS when members are counted (engaged members,
  participants, most active members): a member's engagement counts whatever country hosted the event;
- member types filter members only.
An event belongs to the day it starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from analysis.filters import Filters
from analysis.metrics.membership import first_join_day
from analysis.metrics.periods import Grain, check_grain, period_parameters, series_periods
from analysis.queries import bind, load_query, run_query
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES
from analysis.store.lake import fetch_scalar


@dataclass(frozen=True)
class EventTotals:
    """Totals over the events starting in one window of days (both ends included)."""

    events: int
    attendees: int  # sum of the known attendee counts (events without a count add nothing)
    online_viewers: int  # sum of the known online viewer counts
    engaged_members: int  # members active on the window's last day who took part in >= 1 window event
    active_members: int  # members active on the window's last day
    engagement_rate: float | None  # engaged / active; None when no member is active

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def event_totals(database: AllianceDatabase, filters: Filters, start: dt.date, end: dt.date) -> EventTotals:
    """Event and engagement totals over the events that start in [start, end], both days included.

    Grain: one figure set for the window.
    - events / attendees / online_viewers: events starting in the window that pass every event
      filter (countries and regions select the host country); attendees and viewers sum the known
      counts (unknown = not added).
    - active_members: members passing the member filters (countries, regions, member types) active on
      `end` (joined_on <= end and (left_on is empty or end < left_on)).
    - engaged_members: those active members with at least one participation in an event starting in
      the window whose type and format pass the filters, hosted in any country.
    - engagement_rate: engaged_members / active_members, None when there is no active member.
    Headline figures call it with (1 January of as_of's year, as_of) for the YTD figures.
    """
    parameters = {**filters.parameters(), "window_start": start, "window_end": end}
    with database.reading() as cursor:
        row = run_query(cursor, "metrics/events_totals", parameters).iloc[0]
    active = int(row["active_members"])
    engaged = int(row["engaged_members"])
    return EventTotals(
        events=int(row["events"]),
        attendees=int(row["attendees"]),
        online_viewers=int(row["online_viewers"]),
        engaged_members=engaged,
        active_members=active,
        engagement_rate=engaged / active if active else None,
    )


EVENTS_BY_PERIOD_COLUMNS = [
    "period_start",
    "period_end",
    "event_type",
    "format",
    "events",
    "attendees",
    "online_viewers",
    "countries_represented",
]
EVENT_LIST_COLUMNS = [
    "event_id",
    "title_en",
    "title_zh",
    "event_type",
    "format",
    "start_date",
    "end_date",
    "city",
    "city_zh",
    "country",
    "attendees",
    "countries_represented",
    "online_viewers",
    "member_participants",
]


def series_first_day(database: AllianceDatabase, filters: Filters) -> dt.date | None:
    """Where an event or engagement series starts: the first join, or the first event when earlier.

    Series run from the period holding the first join (as every series does); an event before any
    member joined would otherwise fall outside every period, so the first event's day also counts.
    """
    name = "metrics/events_first_event_day"
    with database.reading() as cursor:
        first_event = fetch_scalar(cursor, load_query(name), bind(name, filters.parameters()))
    days = [day for day in (first_join_day(database, filters), first_event) if day is not None]
    return min(days) if days else None


def series_parameters(database: AllianceDatabase, filters: Filters, grain: str) -> dict[str, Any] | None:
    """Filter and period parameters for a period series, None when there is no period."""
    periods = series_periods(filters, series_first_day(database, filters), check_grain(grain))
    if not periods:
        return None
    return {**filters.parameters(), **period_parameters(periods)}


def events_by_period(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """Events per period, event type and format, with attendance.

    Grain: one row per (period, event type, format), every type and format the filters allow (all
    when unfiltered) in every period, 0 when none; periods from the one holding the first join (or
    first event, or `filters.start`) to the one holding `filters.period_end`, the last cut at that day.
    An event belongs to the period holding its start day. Events pass every event filter; countries and
    regions select the HOST country.
    - events: count; attendees / online_viewers: sums of the known counts;
    - countries_represented: the largest reported figure among those events (reported counts of
      different events overlap, so they are not added).
    Member filters do not apply (they select members, not events).
    """
    parameters = series_parameters(database, filters, grain)
    if parameters is None:
        return pd.DataFrame(columns=EVENTS_BY_PERIOD_COLUMNS)
    parameters |= {
        "listed_event_types": list(filters.event_types or EVENT_TYPES),
        "listed_formats": list(filters.formats or EVENT_FORMATS),
    }
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/events_by_period", parameters)
    return frame[EVENTS_BY_PERIOD_COLUMNS]


def event_list(database: AllianceDatabase, filters: Filters) -> pd.DataFrame:
    """Every event passing the event filters that starts from `filters.start` (or the first) to `period_end`.

    Grain: one row per event, newest first. Countries and regions select the host country.
    attendees, countries_represented and online_viewers are the reported figures (missing when not
    reported); member_participants counts the member units passing the member filters that took part.
    """
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/events_list", filters.parameters())
    return frame[EVENT_LIST_COLUMNS]


def event_participants(database: AllianceDatabase, event_id: str) -> pd.DataFrame:
    """The member units that took part in one event, with their role in it.

    Grain: one row per (event, member) participation; hosts first, then co-hosts, speakers,
    participants. DataFrame[member_id, name_en, name_zh, country, role]; no rows for an unknown event.
    """
    with database.reading() as cursor:
        return run_query(cursor, "metrics/events_participants", {"event_id": event_id})


def member_events(database: AllianceDatabase, filters: Filters, member_id: str) -> pd.DataFrame:
    """The events one member unit attended: for each member, the events attended.

    Grain: one row per event the member took part in that passes the event type and format filters
    (hosted in any country) and starts from `filters.start` (or the first) to `filters.period_end`,
    newest first. DataFrame[event_id, title_en, title_zh, event_type, format, start_date, country, role].
    """
    with database.reading() as cursor:
        return run_query(
            cursor, "metrics/events_member_events", {**filters.parameters(), "member_id": member_id}
        )


def first_in_person_event(database: AllianceDatabase, filters: Filters) -> dict[str, Any] | None:
    """The earliest event held in person, or None when there is none.

    Definition: among the events passing the event filters (countries and regions select the host
    country) that start on or before `filters.period_end`, the one with format 'in_person' (hybrid
    does not count) and the earliest start day (ties: lowest event_id). Filter event types to
    'council_meeting' for the alliance's first in-person council meeting.
    Returns {event_id, title_en, title_zh, start_date (datetime.date), city, city_zh, country}.
    """
    name = "metrics/events_first_in_person"
    with database.reading() as cursor:
        result = cursor.execute(load_query(name), bind(name, filters.parameters()))
        columns = [column[0] for column in result.description or []]
        rows = result.fetchall()
    return dict(zip(columns, rows[0], strict=True)) if rows else None
