"""The event figures of the public record (/work/shared/seeds/FACTS.md) on the demo data.

FACTS.md, events on record: council meeting 2021-09-23, online, 41 member units from 8 countries;
council meeting 2022-09-24, online, 80+ representatives of 55 members from 9 countries; Guiyang
2023-11-18/19, the first in-person council meeting, forum of 150 attendees; 2024-04-28 forum in person
+ live stream, 500+ people from 95 countries and regions, 1.2 million live-stream viewers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.demo import load_demo_data
from analysis.filters import Filters
from analysis.metrics import event_list, event_participants, first_in_person_event
from analysis.store.database import AllianceDatabase, open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AllianceDatabase]:
    path = Path(tmp_path_factory.mktemp("demo")) / "alliance.ducklake"
    database = open_database(path)
    load_demo_data(database)
    yield database
    database.close()


@pytest.mark.parametrize(
    ("event_id", "members", "countries"),
    [("EV-2021-03", 41, 8), ("EV-2022-05", 55, 9)],
)
def test_council_meetings_had_the_recorded_members_and_countries(
    demo: AllianceDatabase, event_id: str, members: int, countries: int
) -> None:
    participants = event_participants(demo, event_id)
    assert len(participants) == members
    assert participants["country"].nunique() == countries


def test_first_in_person_council_meeting_was_guiyang_2023(demo: AllianceDatabase) -> None:
    councils = Filters(as_of=dt.date(2024, 12, 31), event_types=("council_meeting",))
    first = first_in_person_event(demo, councils)
    assert first is not None
    assert (first["start_date"], first["city"], first["city_zh"]) == (
        dt.date(2023, 11, 18),
        "Guiyang",
        "贵阳",
    )


def test_2024_forum_figures(demo: AllianceDatabase) -> None:
    events = event_list(
        demo, Filters(as_of=dt.date(2024, 12, 31), start=dt.date(2024, 4, 28), end=dt.date(2024, 4, 28))
    )
    assert len(events) == 1
    forum = events.iloc[0]
    assert (forum["attendees"], forum["countries_represented"], forum["online_viewers"]) == (
        500,
        95,
        1_200_000,
    )
    assert forum["format"] == "hybrid"  # in person + live stream
