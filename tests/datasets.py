"""Every hand-worked dataset of the tests, in one module, each named after what it holds.

The builders (add_member, add_event, ...) write tiny, explicit rows straight into a real store through
the real schema; a `fill_*` function writes one dataset; the fixtures below hand them to the tests
(tests/conftest.py imports them, so any test can ask for one by name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.cli import main
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from analysis.store.database import AllianceDatabase, copy_embedded_store, open_database

MEMBER_DEFAULTS: dict[str, Any] = {
    "name_zh": None,
    "city": None,
    "member_type": "comprehensive",
    "left_on": None,
    "website": None,
    "source": "test",
}
EVENT_DEFAULTS: dict[str, Any] = {
    "title_zh": None,
    "event_type": "forum",
    "city": "Beijing",
    "country": "CHN",
    "format": "in_person",
    "attendees": None,
    "countries_represented": None,
    "online_viewers": None,
    "source": "test",
}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def insert_rows(database: AllianceDatabase, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows (dicts with the table's column names) in one write transaction."""
    if not rows:
        return
    columns = list(rows[0])
    placeholders = ", ".join("?" for _ in columns)
    with database.writing(tables=(table,)) as cursor:
        cursor.executemany(
            f"insert into {table} ({', '.join(columns)}) values ({placeholders})",
            [[row[column] for column in columns] for row in rows],
        )


def add_member(
    database: AllianceDatabase, member_id: str, country: str, joined_on: str, **fields: Any
) -> None:
    """One member; `fields` override MEMBER_DEFAULTS (e.g. left_on="2022-01-01", member_type="economic")."""
    row = {
        "member_id": member_id,
        "name_en": fields.pop("name_en", f"Member {member_id}"),
        "country": country,
        "joined_on": day(joined_on),
        **MEMBER_DEFAULTS,
        **fields,
    }
    if isinstance(row["left_on"], str):
        row["left_on"] = day(row["left_on"])
    insert_rows(database, "members", [row])


def add_event(database: AllianceDatabase, event_id: str, start_date: str, **fields: Any) -> None:
    """One event on `start_date` (end_date defaults to the same day)."""
    row = {
        "event_id": event_id,
        "title_en": fields.pop("title_en", f"Event {event_id}"),
        "start_date": day(start_date),
        "end_date": day(fields.pop("end_date", start_date)),
        **EVENT_DEFAULTS,
        **fields,
    }
    insert_rows(database, "events", [row])


def add_participation(
    database: AllianceDatabase, event_id: str, member_id: str, role: str = "participant"
) -> None:
    insert_rows(database, "participation", [{"event_id": event_id, "member_id": member_id, "role": role}])


def add_role(
    database: AllianceDatabase, member_id: str, role: str, start_date: str, end_date: str | None = None
) -> None:
    insert_rows(
        database,
        "roles",
        [
            {
                "member_id": member_id,
                "role": role,
                "start_date": day(start_date),
                "end_date": day(end_date) if end_date else None,
            }
        ],
    )


def copy_store(source: Path | str, target: Path | str) -> Path:
    """Copy an embedded store to `target`; returns the target catalog."""
    return copy_embedded_store(Path(source), Path(target))


def build_database(path: Path, fill: Callable[[AllianceDatabase], object]) -> Path:
    """A closed database file at `path` holding the schema plus what `fill(database)` writes."""
    database = open_database(path)
    try:
        fill(database)
    finally:
        database.close()
    return path


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo alliance loaded once per test session through the real importer (never modified)."""
    from analysis.demo import load_demo_data

    return build_database(tmp_path_factory.mktemp("demo") / "demo.ducklake", load_demo_data)


@pytest.fixture
def demo_app(demo_database_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo database, chosen for the app by $ALLIANCE_DB."""
    copy = tmp_path / "demo.ducklake"
    copy_store(demo_database_file, copy)
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(copy))
    return copy


@pytest.fixture
def tiny_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Callable[[AllianceDatabase], None]], Path]:
    """Build a database with `fill(database)` (tests/datasets.py), close it, and point the app at it."""

    def build(fill: Callable[[AllianceDatabase], None]) -> Path:
        path = build_database(tmp_path / "tiny.ducklake", fill)
        monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
        return path

    return build


# The day every hand-worked figure below is computed for (passed to the app as ?as_of=...).
FIVE_MEMBER_AS_OF = "2022-12-31"


def fill_five_member_alliance(database: AllianceDatabase) -> None:
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
def five_member_app(tiny_app: Callable[[Callable[[AllianceDatabase], None]], Path]) -> Path:
    """The app pointed at the five-member alliance above."""
    return tiny_app(fill_five_member_alliance)


HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def fill_hostile_name_alliance(database: AllianceDatabase) -> None:
    """3 members (one with a hostile name), 2 events, 3 participation rows, 1 role, 1 target, 1 import."""
    add_member(database, "m1", "CHN", "2020-09-01", name_en="Beijing Academy")
    add_member(database, "m2", "USA", "2021-09-23", name_en=HOSTILE_NAME, member_type="economic")
    add_member(database, "m3", "SRB", "2021-09-23", left_on="2024-01-01")
    add_role(database, "m1", "chair", "2020-09-01")
    add_event(database, "e1", "2021-09-23", format="online")
    add_event(database, "e2", "2023-11-18", end_date="2023-11-19", city="Guiyang")
    add_participation(database, "e1", "m1", "host")
    add_participation(database, "e1", "m2")
    add_participation(database, "e2", "m3", "speaker")
    insert_rows(database, "targets", [{"year": 2024, "metric": "members", "target": 90}])
    insert_rows(
        database,
        "imports",
        [
            {
                "import_id": 1,
                "imported_at": dt.datetime(2024, 1, 2, 3, 4, 5),
                "imported_by": "tester",
                "files": "members.csv",
                "rows_added": 3,
                "rows_updated": 0,
                "summary": "{}",
            }
        ],
    )


@pytest.fixture
def hostile_name_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small alliance in a closed file, chosen for the app by $ALLIANCE_DB."""
    path = tmp_path / "app.ducklake"
    database = open_database(path)
    try:
        fill_hostile_name_alliance(database)
    finally:
        database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    return path


@pytest.fixture
def hostile_name_alliance(database: AllianceDatabase) -> Iterator[AllianceDatabase]:
    fill_hostile_name_alliance(database)
    yield database


@pytest.fixture
def hostile_name_alliance_store(store: AllianceDatabase) -> Iterator[AllianceDatabase]:
    """The small alliance, once in the embedded store and once in a server store."""
    fill_hostile_name_alliance(store)
    yield store


@pytest.fixture
def nine_member_alliance(database: AllianceDatabase) -> AllianceDatabase:
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


@pytest.fixture
def console_database(database: AllianceDatabase) -> AllianceDatabase:
    add_member(database, "m1", "CHN", "2020-09-19")
    add_member(database, "m2", "DEU", "2021-09-23", member_type="economic")
    add_member(database, "m3", "USA", "2020-09-19", left_on="2022-03-01")
    add_event(database, "e1", "2021-09-23", event_type="council_meeting", format="online")
    add_event(database, "e2", "2023-11-18", end_date="2023-11-19", attendees=150)
    add_participation(database, "e1", "m1")
    add_participation(database, "e1", "m2")
    add_participation(database, "e2", "m1", role="host")
    return database


@pytest.fixture
def large_participation_database(database: AllianceDatabase) -> AllianceDatabase:
    with database.writing() as cursor:
        cursor.execute(
            "insert into members (member_id, name_en, country, member_type, joined_on) "
            "select 'm' || range, 'Member ' || range, 'CHN', 'comprehensive', date '2020-01-01' from range(1000)"
        )
        cursor.execute(
            "insert into events (event_id, title_en, event_type, start_date, end_date, country, format) "
            "select 'e' || range, 'Event ' || range, 'forum', date '2021-01-01' + range::int, "
            "date '2021-01-01' + range::int, 'CHN', 'online' from range(100)"
        )
        cursor.execute(
            "insert into participation (event_id, member_id, role) "
            "select e.event_id, m.member_id, 'participant' from events e cross join members m"
        )
    return database


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AllianceDatabase]:
    """The shipped demo alliance (reproduces FACTS.md), loaded once per test module through the importer."""
    from analysis.demo import load_demo_data
    from analysis.store.database import open_database

    opened = open_database(tmp_path_factory.mktemp("demo") / "demo.ducklake")
    load_demo_data(opened)
    yield opened
    opened.close()


@pytest.fixture
def two_members_one_event(database: AllianceDatabase) -> AllianceDatabase:
    """Two members, one event, one participation: a database with something to lose."""
    add_member(database, "M01", "SRB", "2020-09-19", name_en="Institute of Belgrade")
    add_member(database, "007", "NAM", "2021-01-05", name_en="Windhoek Policy Forum")
    add_event(database, "E01", "2021-03-18", title_en="Founding forum")
    add_participation(database, "E01", "M01", "host")
    return database


@pytest.fixture
def members_001_and_003(database: AllianceDatabase) -> AllianceDatabase:
    """Members 001 and 003 (the ids the confusable ones imitate) and one event."""
    add_member(database, "001", "DEU", "2020-01-01", name_en="First Institute")
    add_member(database, "003", "FRA", "2020-01-01", name_en="Third Institute")
    add_event(database, "E01", "2021-03-18", title_en="Founding forum")
    return database


def fill_two_members_two_events(database: AllianceDatabase) -> AllianceDatabase:
    """Members M01 (with a role and two participations) and 007, events E01 and E02."""
    add_member(
        database,
        "M01",
        "SRB",
        "2020-09-19",
        name_en="Institute of Belgrade",
        website="https://www.belgrade-institute.rs",
    )
    add_member(
        database, "007", "NAM", "2021-01-05", name_en="Windhoek Policy Forum", name_zh="温得和克政策论坛"
    )
    add_event(database, "E01", "2021-03-18", title_en="Founding forum")
    add_event(database, "E02", "2022-05-02", title_en="Second forum")
    add_participation(database, "E01", "M01", "host")
    add_participation(database, "E02", "M01", "speaker")
    add_participation(database, "E02", "007", "participant")
    insert_rows(
        database,
        "roles",
        [{"member_id": "M01", "role": "chair", "start_date": day("2020-09-19"), "end_date": None}],
    )
    return database


@pytest.fixture
def two_members_two_events(store: AllianceDatabase) -> AllianceDatabase:
    return fill_two_members_two_events(store)


def fill_europe_scope_alliance(database: AllianceDatabase) -> None:
    """A small alliance with members in Europe and elsewhere, worked out by hand for the scope tests.

    Members: D1 (DEU), F1 (FRA), C1 (CHN, chair), U1 (USA). Events: E-BER hosted in Germany (D1 and C1
    took part), E-BJ hosted in China (D1 and C1), E-NY hosted in the USA (U1 only). Target 2024: 10.
    A Europe scope sees D1, F1; E-BER (hosted there) and E-BJ (D1 took part); D1's two participations;
    D1's vice-chair role; no target.
    """
    add_member(database, "D1", "DEU", "2021-01-10")
    add_member(database, "F1", "FRA", "2022-05-01")
    add_member(database, "C1", "CHN", "2020-09-19")
    add_member(database, "U1", "USA", "2023-03-03")
    add_event(database, "E-BER", "2024-03-01", country="DEU", city="Berlin", attendees=40)
    add_event(database, "E-BJ", "2024-06-01", country="CHN", attendees=150)
    add_event(database, "E-NY", "2024-09-01", country="USA", city="New York", attendees=70)
    for event, member in (("E-BER", "D1"), ("E-BER", "C1"), ("E-BJ", "D1"), ("E-BJ", "C1"), ("E-NY", "U1")):
        add_participation(database, event, member)
    add_role(database, "C1", "chair", "2020-09-19")
    add_role(database, "D1", "vice_chair", "2021-09-23")
    insert_rows(database, "targets", [{"year": 2024, "metric": "members", "target": 10}])


@pytest.fixture(scope="session")
def initialised_demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo alliance loaded by the real `init --demo` command."""
    path = tmp_path_factory.mktemp("demo") / "demo.ducklake"
    assert main(["init", "--demo", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="session")
def initialised_demo_database(initialised_demo_path: Path) -> Iterator[AllianceDatabase]:
    database = open_database(initialised_demo_path, create=False, read_only=True)
    yield database
    database.close()
