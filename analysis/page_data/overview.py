"""The overview page's data: headline figures, the series behind the cards' trend lines, events, the map."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.filters import Filters
from analysis.metrics.engagement import engagement_over_time
from analysis.metrics.events import event_list, events_by_period
from analysis.metrics.geography import countries_over_time, members_by_country
from analysis.metrics.headline import HeadlineFigures, headline_figures
from analysis.metrics.membership import members_over_time
from analysis.metrics.periods import Grain
from analysis.store.connection import AllianceDatabase

MARKED_EVENTS = 60  # beyond this the markers hide the line; a registry-sized alliance keeps the largest


def marked_events(events: pd.DataFrame, limit: int = MARKED_EVENTS) -> pd.DataFrame:
    """The events to mark on the members chart: all of them, or the `limit` with most attendees, by date."""
    if len(events) <= limit:
        return events
    largest = events.assign(_attendees=events["attendees"].fillna(-1)).nlargest(limit, "_attendees")
    return largest.drop(columns="_attendees").sort_values("start_date")


@dataclass(frozen=True)
class OverviewData:
    headline: HeadlineFigures
    members_over_time: pd.DataFrame  # members_over_time(grain)
    countries_over_time: pd.DataFrame  # countries_over_time(grain)
    events_per_period: pd.DataFrame  # DataFrame[period_start, period_end, events]
    engagement_over_time: pd.DataFrame  # engagement_over_time(grain)
    events: pd.DataFrame  # event_list rows marked on the members chart (at most MARKED_EVENTS)
    members_by_country: pd.DataFrame  # for the map


def overview_data(database: AllianceDatabase, filters: Filters, grain: Grain) -> OverviewData:
    """Everything the overview shows for `filters` (series at `grain`)."""
    by_period = events_by_period(database, filters, grain)
    events_per_period = (
        by_period.groupby(["period_start", "period_end"], sort=True)["events"].sum().reset_index()
        if not by_period.empty
        else pd.DataFrame(columns=["period_start", "period_end", "events"])
    )
    return OverviewData(
        headline=headline_figures(database, filters),
        members_over_time=members_over_time(database, filters, grain),
        countries_over_time=countries_over_time(database, filters, grain),
        events_per_period=events_per_period,
        engagement_over_time=engagement_over_time(database, filters, grain),
        events=marked_events(event_list(database, filters)),
        members_by_country=members_by_country(database, filters),
    )
