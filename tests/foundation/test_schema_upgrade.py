"""A file written before members and events had city_zh gains the column when opened, read-write or read-only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from analysis.store.database import _macro_files, _package_sql, added_columns, open_database


def schema_before_city_zh() -> str:
    """schema.sql as released before city_zh: the same statements without a line naming city_zh."""
    current = _package_sql("schema.sql")
    return "\n".join(line for line in current.splitlines() if "city_zh" not in line)


@pytest.fixture
def old_file(database_path: Path) -> Path:
    """A file as the previous version left it: its schema, one member who hosted one event in Guiyang."""
    connection = duckdb.connect(str(database_path))
    try:
        connection.execute(schema_before_city_zh())
        connection.execute("insert into data_version values (true, 7)")
        connection.execute(
            "insert into members (member_id, name_en, country, city, member_type, joined_on) "
            "values ('M1', 'Guizhou Academy', 'CHN', 'Guiyang', 'comprehensive', date '2023-11-18')"
        )
        connection.execute(
            "insert into events (event_id, title_en, event_type, start_date, end_date, city, country, format) "
            "values ('E1', 'Council meeting', 'council_meeting', date '2023-11-18', date '2023-11-19', "
            "'Guiyang', 'CHN', 'in_person')"
        )
        connection.execute("insert into participation values ('E1', 'M1', 'host')")
    finally:
        connection.close()
    return database_path


def columns_of(path: Path, table: str) -> list[str]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        rows = connection.execute(
            "select column_name from duckdb_columns() where table_name = ? order by column_index", [table]
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def test_the_schema_lists_the_columns_it_adds_to_older_files() -> None:
    assert added_columns() == {("members", "city_zh"), ("events", "city_zh")}


def test_the_old_file_really_lacks_the_column(old_file: Path) -> None:
    assert "city_zh" not in columns_of(old_file, "members")
    assert "city_zh" not in columns_of(old_file, "events")


def test_opening_an_older_file_adds_city_zh_and_keeps_every_row(old_file: Path) -> None:
    database = open_database(old_file)
    try:
        with database.reading() as cursor:
            assert cursor.execute("select member_id, city, city_zh from members").fetchall() == [
                ("M1", "Guiyang", None)
            ]
            assert cursor.execute("select event_id, city, city_zh, start_date from events").fetchall() == [
                ("E1", "Guiyang", None, dt.date(2023, 11, 18))
            ]
            assert cursor.execute("select count(*) from participation").fetchall() == [(1,)]
        assert database.data_version() == 7  # the upgrade is not a data change
        with database.writing() as cursor:  # and the member referenced by participation takes a value
            cursor.execute("update members set city_zh = '贵阳' where member_id = 'M1'")
    finally:
        database.close()
    assert columns_of(old_file, "members")[-1] == "city_zh"  # added at the end of the older layout


def test_a_read_only_open_of_an_older_file_adds_city_zh_first(old_file: Path) -> None:
    database = open_database(old_file, read_only=True)
    try:
        assert database.read_only
        with database.reading() as cursor:
            assert cursor.execute("select city, city_zh from events").fetchall() == [("Guiyang", None)]
    finally:
        database.close()


def test_a_missing_column_alone_triggers_the_upgrade_of_a_read_only_open(old_file: Path) -> None:
    # The older file already holds every current macro, so only the column check can notice it is old.
    connection = duckdb.connect(str(old_file))
    try:
        for macro_file in _macro_files():
            connection.execute(_package_sql(macro_file))
    finally:
        connection.close()

    database = open_database(old_file, read_only=True)
    try:
        with database.reading() as cursor:
            assert cursor.execute("select member_id, city_zh from members").fetchall() == [("M1", None)]
    finally:
        database.close()
