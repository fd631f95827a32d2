"""A tiny alliance every metric test works out by hand.

Members (country, type, joined_on, left_on):
  m1 CHN comprehensive       2020-09-19            chair from 2020-09-19
  m2 CHN science_technology  2020-09-19            vice_chair from 2021-09-23
  m3 USA economic            2020-09-19 2022-03-01
  m4 DEU industry            2021-09-23
  m5 JPN publishing_media    2021-09-23            vice_chair 2021-09-23 .. 2023-01-01 (end excluded)
  m6 SRB comprehensive       2023-11-19            (joins on the day of a council meeting)
  m7 CHN enterprise          2023-12-31            (joins on 31 December)
  m8 BRA comprehensive       2024-01-01            (joins on 1 January)
  m9 CHN economic            2024-02-29 2024-12-31 (joins on a leap day, leaves on 31 December)
Events (type, start..end, format, attendees):
  c0 council_meeting 2020-09-19 in_person 19
  c1 council_meeting 2021-09-23 online 41
  e2 forum 2023-11-18..2023-11-19 in_person 150
  c2 council_meeting 2023-11-19 in_person (attendees unknown)
  e3 forum 2023-12-31 in_person 10 (31 December)
  e4 seminar 2024-01-01 online 20 (1 January)
Participation: m1 in e2 and e3; m6 in e2; m4 in e4.
"""

from __future__ import annotations

import pytest

from analysis.store.connection import AllianceDatabase
from tests.builders import add_event, add_member, add_participation, add_role


@pytest.fixture
def alliance(database: AllianceDatabase) -> AllianceDatabase:
    add_member(database, "m1", "CHN", "2020-09-19", member_type="comprehensive")
    add_member(database, "m2", "CHN", "2020-09-19", member_type="science_technology")
    add_member(database, "m3", "USA", "2020-09-19", member_type="economic", left_on="2022-03-01")
    add_member(database, "m4", "DEU", "2021-09-23", member_type="industry")
    add_member(database, "m5", "JPN", "2021-09-23", member_type="publishing_media")
    add_member(database, "m6", "SRB", "2023-11-19", member_type="comprehensive")
    add_member(database, "m7", "CHN", "2023-12-31", member_type="enterprise")
    add_member(database, "m8", "BRA", "2024-01-01", member_type="comprehensive")
    add_member(database, "m9", "CHN", "2024-02-29", member_type="economic", left_on="2024-12-31")
    add_role(database, "m1", "chair", "2020-09-19")
    add_role(database, "m2", "vice_chair", "2021-09-23")
    add_role(database, "m5", "vice_chair", "2021-09-23", "2023-01-01")
    add_event(database, "c0", "2020-09-19", event_type="council_meeting", attendees=19)
    add_event(database, "c1", "2021-09-23", event_type="council_meeting", format="online", attendees=41)
    add_event(database, "e2", "2023-11-18", end_date="2023-11-19", attendees=150)
    add_event(database, "c2", "2023-11-19", event_type="council_meeting")
    add_event(database, "e3", "2023-12-31", attendees=10)
    add_event(database, "e4", "2024-01-01", event_type="seminar", format="online", attendees=20)
    add_participation(database, "e2", "m1")
    add_participation(database, "e3", "m1")
    add_participation(database, "e2", "m6")
    add_participation(database, "e4", "m4")
    return database
