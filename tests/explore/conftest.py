"""Fixtures for the explorer and the SQL console: small alliances in real DuckDB files.

`console_database`: three members, two events, three participations (enough to see a change).
The page tests drive the app with the dashboard frame's own fixtures (demo_app: a private copy of the
demo database behind $ALLIANCE_DB; Streamlit caches cleared around every test).
`large_participation_database`: 1,000 members x 100 events = 100,000 participation rows (the runaway
query test), built in SQL in one write.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.sql_console.sandbox import forget_snapshots
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import ALL_TABLES
from analysis.store.lake import fetch_scalar
from tests.builders import add_event, add_member, add_participation
from tests.dashboard.conftest import (  # noqa: F401  (the app fixtures, found by pytest by name)
    clear_streamlit_caches,
    demo_app,
    demo_database_file,
    tiny_app,
)


@pytest.fixture(autouse=True)
def _fresh_snapshots() -> Iterator[None]:
    """Each test's database gets its own console snapshot, removed afterwards."""
    yield
    forget_snapshots()


@pytest.fixture
def audit_log(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "sql_audit.jsonl"


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


def database_fingerprint(database: AllianceDatabase) -> dict[str, tuple[int, str]]:
    """Rows and an ordered content hash per table, read through the app's own connection."""
    with database.reading() as cursor:
        return {
            table: (
                int(fetch_scalar(cursor, f"select count(*) from {table}")),
                str(
                    fetch_scalar(
                        cursor,
                        f"select md5(coalesce(string_agg(t::varchar, '|' order by t::varchar), '')) from {table} as t",
                    )
                ),
            )
            for table in ALL_TABLES
        }


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AllianceDatabase]:
    """The shipped demo alliance (reproduces FACTS.md), loaded once per test module through the importer."""
    from analysis.demo import load_demo_data
    from analysis.store.connection import open_database

    opened = open_database(tmp_path_factory.mktemp("demo") / "demo.ducklake")
    load_demo_data(opened)
    yield opened
    opened.close()
