"""event_totals on tiny hand-built data: window boundaries, who counts as engaged, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.filters import Filters
from analysis.metrics.events import event_totals
from analysis.store.database import AllianceDatabase
from tests.datasets import add_event, add_member, add_participation

YEAR_2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.fixture
def year_boundary(database: AllianceDatabase) -> AllianceDatabase:
    """Two events either side of New Year, three members (one joins after the 2023 event, one has left)."""
    add_member(database, "cn1", "CHN", "2021-01-01")
    add_member(database, "de1", "DEU", "2022-06-01", member_type="economic")
    add_member(database, "late", "CHN", "2024-01-01")  # joins after the 31 Dec 2023 event
    add_member(database, "gone", "JPN", "2021-01-01", left_on="2023-12-31")  # leaves on the window's last day
    add_event(database, "eve", "2023-12-31", attendees=100, online_viewers=1000, format="hybrid")
    add_event(database, "newyear", "2024-01-01", attendees=40, country="DEU", format="online")
    add_participation(database, "eve", "cn1")
    add_participation(database, "eve", "de1")
    add_participation(database, "eve", "gone")
    add_participation(database, "newyear", "late")
    add_participation(database, "newyear", "de1")
    return database


def test_event_on_31_december_counts_in_its_year_not_the_next(year_boundary: AllianceDatabase) -> None:
    totals_2023 = event_totals(year_boundary, Filters(as_of=dt.date(2023, 12, 31)), *YEAR_2023)
    # only "eve" (31 Dec) starts in 2023: 1 event, 100 attendees, 1000 viewers
    assert (totals_2023.events, totals_2023.attendees, totals_2023.online_viewers) == (1, 100, 1000)
    # active on 31 Dec 2023: cn1, de1 ("gone" left that day, "late" not yet joined) -> 2
    # engaged: cn1 and de1 took part in "eve" -> 2 of 2
    assert (totals_2023.active_members, totals_2023.engaged_members) == (2, 2)
    assert totals_2023.engagement_rate == pytest.approx(1.0)

    totals_2024 = event_totals(
        year_boundary, Filters(as_of=dt.date(2024, 1, 1)), dt.date(2024, 1, 1), dt.date(2024, 1, 1)
    )
    # only "newyear": 1 event, 40 attendees, no viewer count -> 0
    assert (totals_2024.events, totals_2024.attendees, totals_2024.online_viewers) == (1, 40, 0)
    # active on 1 Jan 2024: cn1, de1, late = 3; engaged: late and de1 -> 2/3
    assert (totals_2024.active_members, totals_2024.engaged_members) == (3, 2)
    assert totals_2024.engagement_rate == pytest.approx(2 / 3)


def test_member_who_joined_after_the_event_is_not_engaged(database: AllianceDatabase) -> None:
    add_member(database, "early", "CHN", "2022-01-01")
    add_member(database, "later", "CHN", "2023-06-01")
    add_event(database, "spring", "2023-03-01")
    add_participation(database, "spring", "early")
    # "later" was recorded at the March event but joined in June: the window ends on 31 May, before it joined
    add_participation(database, "spring", "later")
    totals = event_totals(
        database, Filters(as_of=dt.date(2023, 5, 31)), dt.date(2023, 1, 1), dt.date(2023, 5, 31)
    )
    # active on 31 May: only "early" -> engaged 1 of 1
    assert (totals.active_members, totals.engaged_members, totals.engagement_rate) == (1, 1, 1.0)


def test_country_filter_selects_host_country_for_events_and_members_for_engagement(
    year_boundary: AllianceDatabase,
) -> None:
    germany = Filters(as_of=dt.date(2024, 12, 31), countries=("DEU",))
    totals = event_totals(year_boundary, germany, dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    # events hosted in Germany: only "newyear" (40 attendees); "eve" was hosted in China
    assert (totals.events, totals.attendees) == (1, 40)
    # members in Germany active on 31 Dec 2024: de1; it took part in "eve" and "newyear" -> engaged 1/1
    assert (totals.active_members, totals.engaged_members) == (1, 1)


def test_format_filter_narrows_events_and_engagement(year_boundary: AllianceDatabase) -> None:
    online = Filters(as_of=dt.date(2024, 12, 31), formats=("online",))
    totals = event_totals(year_boundary, online, dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    # online events: "newyear" only; engaged by it: late, de1; active on 31 Dec 2024: cn1, de1, late
    assert (totals.events, totals.engaged_members, totals.active_members) == (1, 2, 3)


def test_no_active_members_gives_no_rate(database: AllianceDatabase) -> None:
    totals = event_totals(database, Filters(as_of=dt.date(2023, 1, 1)), *YEAR_2023)
    assert totals.to_json_dict() == {
        "events": 0,
        "attendees": 0,
        "online_viewers": 0,
        "engaged_members": 0,
        "active_members": 0,
        "engagement_rate": None,
    }
