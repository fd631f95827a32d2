"""A tiny alliance around New Year 2024, worked through by hand in the tests that use it."""

from __future__ import annotations

import pytest

from analysis.store.connection import AllianceDatabase
from tests.builders import add_event, add_member, add_participation


@pytest.fixture
def new_year_alliance(database: AllianceDatabase) -> AllianceDatabase:
    """Four members, three events.

    members: gone (JPN, 2021-01-01 to 2023-12-31), cn1 (CHN, from 2022-01-01), de1 (DEU, economic, from
    2022-06-01), late (CHN, from 2024-01-01).
    events: summer 2023-07-15 CHN in-person council meeting (cn1, gone); eve 2023-12-31 CHN hybrid forum,
    100 attendees, 1000 viewers, 5 countries represented (cn1 host, de1 speaker, gone); newyear
    2024-01-01 DEU online seminar, 40 attendees, 3 countries (de1 host, late).
    """
    add_member(database, "gone", "JPN", "2021-01-01", left_on="2023-12-31")
    add_member(database, "cn1", "CHN", "2022-01-01")
    add_member(database, "de1", "DEU", "2022-06-01", member_type="economic")
    add_member(database, "late", "CHN", "2024-01-01")
    add_event(database, "summer", "2023-07-15", event_type="council_meeting", format="in_person")
    add_event(
        database,
        "eve",
        "2023-12-31",
        event_type="forum",
        format="hybrid",
        attendees=100,
        online_viewers=1000,
        countries_represented=5,
    )
    add_event(
        database,
        "newyear",
        "2024-01-01",
        event_type="seminar",
        format="online",
        country="DEU",
        city="Berlin",
        attendees=40,
        countries_represented=3,
    )
    add_participation(database, "summer", "cn1")
    add_participation(database, "summer", "gone")
    add_participation(database, "eve", "gone")
    add_participation(database, "eve", "de1", role="speaker")
    add_participation(database, "eve", "cn1", role="host")
    add_participation(database, "newyear", "late")
    add_participation(database, "newyear", "de1", role="host")
    return database
