"""Fixtures for the trust tests: a small alliance in a real store, backups kept beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from analysis.store.backups import BACKUP_DIRECTORY_VARIABLE, BACKUPS_KEPT_VARIABLE
from analysis.store.connection import AllianceDatabase, open_database
from tests.builders import add_event, add_member, add_participation, add_role, insert_rows

HOSTILE_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def backups_beside_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups go next to each test's database (never data/backups), with the default count kept."""
    monkeypatch.delenv(BACKUP_DIRECTORY_VARIABLE, raising=False)
    monkeypatch.delenv(BACKUPS_KEPT_VARIABLE, raising=False)


def fill_small_alliance(database: AllianceDatabase) -> None:
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


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    """AppTest keeps Streamlit's caches (the shared database above all) across tests in one process."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small alliance in a closed file, chosen for the app by $ALLIANCE_DB."""
    path = tmp_path / "app.ducklake"
    database = open_database(path)
    try:
        fill_small_alliance(database)
    finally:
        database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    return path


@pytest.fixture
def small_alliance(database: AllianceDatabase) -> Iterator[AllianceDatabase]:
    fill_small_alliance(database)
    yield database


@pytest.fixture
def small_alliance_store(store: AllianceDatabase) -> Iterator[AllianceDatabase]:
    """The small alliance, once in the embedded store and once in a server store."""
    fill_small_alliance(store)
    yield store
