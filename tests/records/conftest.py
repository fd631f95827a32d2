"""Fixtures for the records tests: backups in the test's folder, a store with a member, an event and their rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.store.connection import AllianceDatabase
from tests.builders import add_event, add_member, add_participation, day, insert_rows


@pytest.fixture(autouse=True)
def backups_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCE_BACKUP_DIR", str(tmp_path / "backups"))


def stock(database: AllianceDatabase) -> AllianceDatabase:
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
def stocked(store: AllianceDatabase) -> AllianceDatabase:
    return stock(store)
