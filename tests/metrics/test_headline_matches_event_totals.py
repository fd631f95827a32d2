"""The headline computes its event and engagement figures in its own query (one pass for both YTD windows,
for speed); on any alliance and any filters they must equal `event_totals` over the same windows."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.filters import EVENT_FORMATS, EVENT_TYPES, Filters, year_ago, year_start
from analysis.metrics import event_totals, headline_figures
from analysis.store.database import AllianceDatabase
from tests.metrics.test_event_properties import (
    COUNTRIES,
    as_of_strategy,
    events_strategy,
    load,
    members_strategy,
    scratch,  # noqa: F401 (the module-scoped scratch database fixture)
)


def _subset(values: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    """No filter (empty), or a non-empty subset of the values."""
    return st.one_of(
        st.just(()), st.sets(st.sampled_from(values), min_size=1).map(lambda chosen: tuple(sorted(chosen)))
    )


@settings(max_examples=40, deadline=None)
@given(
    members=members_strategy,
    events=events_strategy,
    taking_part=st.sets(st.tuples(st.integers(0, 9), st.integers(0, 11)), min_size=5, max_size=60),
    as_of=as_of_strategy,
    countries=_subset(COUNTRIES),
    event_types=_subset(EVENT_TYPES),
    formats=_subset(EVENT_FORMATS),
)
# a German member at a Chinese-hosted event, under a Germany filter: engaged (the event is hosted
# anywhere), though the event itself is not counted (countries select the host of counted events)
@example(
    members=[("DEU", 0, None)],
    events=[("CHN", "forum", "online", 150, 10)],
    taking_part={(0, 0)},
    as_of=dt.date(2020, 12, 31),
    countries=("DEU",),
    event_types=(),
    formats=(),
)
def test_headline_event_figures_equal_event_totals(
    scratch: AllianceDatabase,  # noqa: F811 (the fixture imported above)
    members: list[tuple],
    events: list[tuple],
    taking_part: set,
    as_of: dt.date,
    countries: tuple[str, ...],
    event_types: tuple[str, ...],
    formats: tuple[str, ...],
) -> None:
    load(scratch, members, events, taking_part)
    filters = Filters(as_of=as_of, countries=countries, event_types=event_types, formats=formats)
    headline = headline_figures(scratch, filters)
    ytd = event_totals(scratch, filters, year_start(as_of), as_of)
    previous_day = year_ago(as_of)
    year_before = event_totals(scratch, filters, year_start(previous_day), previous_day)
    assert headline.events_ytd == ytd.events
    assert headline.event_attendees_ytd == ytd.attendees
    assert headline.engaged_members_ytd == ytd.engaged_members
    assert headline.engagement_rate_ytd == ytd.engagement_rate
    assert headline.members == ytd.active_members
    assert headline.events_ytd_year_ago == year_before.events
    assert headline.engagement_rate_ytd_year_ago == year_before.engagement_rate
    assert headline.members_year_ago == year_before.active_members
