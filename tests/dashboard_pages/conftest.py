"""Fixtures for the membership, events and governance page tests.

The app fixtures (demo database, tiny database, Streamlit caches cleared around every test) are the
dashboard frame's own (tests/dashboard/conftest.py), imported so both suites drive the app the same way.
`small_alliance` is a five-member alliance whose every figure is worked out by hand in the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.store.connection import AllianceDatabase
from tests.builders import add_event, add_member, add_participation, add_role
from tests.dashboard.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    clear_streamlit_caches,
    demo_app,
    demo_database_file,
    tiny_app,
)

# The day every hand-worked figure below is computed for (passed to the app as ?as_of=...).
AS_OF = "2022-12-31"


def fill_small_alliance(database: AllianceDatabase) -> None:
    """Five members, three events, two roles.

    M1 CHN science_technology joined 2020-09-19, chair from 2020-09-19
    M2 USA economic           joined 2020-09-19
    M3 SRB economic           joined 2021-09-23, vice chair from 2021-09-23
    M4 DEU comprehensive      joined 2021-09-23, left 2022-06-01
    M5 JPN publishing_media   joined 2022-09-24
    E1 forum 2020-09-19 in person, 100 attendees: M1 (host), M2
    E2 council meeting 2021-09-23 online, 41 attendees, 500 viewers: M1, M2, M3, M4
    E3 council meeting 2022-09-24 online, 80 attendees: M1, M3, M5
    """
    add_member(database, "M1", "CHN", "2020-09-19", name_en="Academy One", name_zh="第一研究院",
               member_type="science_technology")  # fmt: skip
    add_member(database, "M2", "USA", "2020-09-19", name_en="Economy Two", member_type="economic")
    add_member(database, "M3", "SRB", "2021-09-23", name_en="Belgrade Three", name_zh="贝尔格莱德三号",
               member_type="economic")  # fmt: skip
    add_member(database, "M4", "DEU", "2021-09-23", name_en="Berlin Four", member_type="comprehensive",
               left_on="2022-06-01")  # fmt: skip
    add_member(database, "M5", "JPN", "2022-09-24", name_en="Tokyo Five", member_type="publishing_media")
    add_role(database, "M1", "chair", "2020-09-19")
    add_role(database, "M3", "vice_chair", "2021-09-23")
    add_event(database, "E1", "2020-09-19", title_en="Founding forum", title_zh="成立论坛", attendees=100)
    add_event(database, "E2", "2021-09-23", title_en="Council meeting 2021", title_zh="2021年理事会会议",
              event_type="council_meeting", format="online", attendees=41, online_viewers=500)  # fmt: skip
    add_event(database, "E3", "2022-09-24", title_en="Council meeting 2022", title_zh="2022年理事会会议",
              event_type="council_meeting", format="online", attendees=80)  # fmt: skip
    add_participation(database, "E1", "M1", "host")
    add_participation(database, "E1", "M2")
    for member in ("M1", "M2", "M3", "M4"):
        add_participation(database, "E2", member)
    for member in ("M1", "M3", "M5"):
        add_participation(database, "E3", member)


@pytest.fixture
def small_alliance(tiny_app: Callable[[Callable[[AllianceDatabase], None]], Path]) -> Path:  # noqa: F811
    """The app pointed at the five-member alliance above."""
    return tiny_app(fill_small_alliance)
