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

from analysis.filters import Filters
from analysis.queries import run_query
from analysis.store.database import AllianceDatabase


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
