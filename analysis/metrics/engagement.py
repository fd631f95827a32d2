"""Engagement: how many active members take part in events, over time, and who takes part most.

A member is engaged in a span of days when it is active on the span's last day and took part in at
least one event starting in the span. Member filters (countries, regions, member types) select the
members; event types and formats select the events, whatever their host country (a German member at a
Beijing forum counts under a Germany filter).
"""

from __future__ import annotations

import pandas as pd

from analysis.filters import Filters
from analysis.metrics.events import series_parameters
from analysis.metrics.periods import Grain
from analysis.queries import run_query
from analysis.store.connection import AllianceDatabase

ENGAGEMENT_COLUMNS = ["period_start", "period_end", "active_members", "engaged_members", "engagement_rate"]
MOST_ACTIVE_COLUMNS = [
    "member_id",
    "name_en",
    "name_zh",
    "country",
    "events_attended",
    "last_event_on",
    "active",
]


def engagement_over_time(database: AllianceDatabase, filters: Filters, grain: Grain) -> pd.DataFrame:
    """Engaged members and engagement rate per period.

    Grain: one row per calendar period, from the one holding the first join (or first event, or
    `filters.start`) to the one holding `filters.period_end`, the last cut at that day.
    - active_members: members passing the member filters active on the period's last day;
    - engaged_members: those with at least one participation in an event that starts in the period
      (both ends included) and passes the event type and format filters, hosted anywhere;
    - engagement_rate: engaged_members / active_members, NaN when no member is active.
    """
    parameters = series_parameters(database, filters, grain)
    if parameters is None:
        return pd.DataFrame(columns=ENGAGEMENT_COLUMNS)
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/engagement_over_time", parameters)
    frame["engagement_rate"] = frame["engagement_rate"].astype("float64")
    return frame[ENGAGEMENT_COLUMNS]


def most_active_members(database: AllianceDatabase, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The member units that took part in the most events.

    Grain: one row per member passing the member filters with at least one participation in an event
    passing the event type and format filters (hosted anywhere) that starts from `filters.start` (or the
    first event) to `filters.period_end`; members who have since left are included (active says whether
    the member is active on period_end). Ordered by events_attended, then the latest last_event_on, then
    member_id; at most `limit` rows.
    """
    parameters = {**filters.parameters(), "limit": max(0, int(limit))}
    with database.reading() as cursor:
        frame = run_query(cursor, "metrics/engagement_most_active_members", parameters)
    frame["active"] = frame["active"].astype(bool)
    return frame[MOST_ACTIVE_COLUMNS]
