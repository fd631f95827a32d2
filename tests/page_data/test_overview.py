"""Which events the members chart marks."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.page_data.overview import marked_events


def test_all_events_are_marked_up_to_the_limit_then_the_largest_by_date() -> None:
    events = pd.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "start_date": [
                dt.date(2021, 1, 1),
                dt.date(2022, 1, 1),
                dt.date(2023, 1, 1),
                dt.date(2024, 1, 1),
            ],
            "attendees": [500, None, 80, 150],
        }
    )
    assert list(marked_events(events, limit=4)["event_id"]) == ["a", "b", "c", "d"]
    # Two largest: a (500) and d (150); c (80) and b (unknown) are left out; kept in date order.
    assert list(marked_events(events, limit=2)["event_id"]) == ["a", "d"]
