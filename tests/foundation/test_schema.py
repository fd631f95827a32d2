"""The schema enforces keys and checks; the country reference is complete."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analysis.store.database import AllianceDatabase, fetch_scalar, open_database, read_country_reference
from tests.builders import add_event, add_member, add_participation


def test_country_reference_has_every_iso_country_with_region_and_chinese_name() -> None:
    reference = read_country_reference()
    assert len(reference) == 249
    assert reference["iso3"].is_unique and reference["iso2"].is_unique
    for column in ("name_zh", "region", "sub_region", "continent"):
        assert (reference[column].str.len() > 0).all(), column
    namibia = reference.loc[reference["iso3"] == "NAM"].iloc[0]
    assert namibia["iso2"] == "NA"
    assert set(reference["region"]) == {"Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica"}
    china = reference.loc[reference["iso3"] == "CHN"].iloc[0]
    assert (china["name_zh"], china["region"], china["sub_region"]) == ("中国", "Asia", "Eastern Asia")


def test_new_database_holds_countries_and_empty_data_tables(database: AllianceDatabase) -> None:
    counts = database.table_counts()
    assert counts["countries"] == 249
    assert {table: counts[table] for table in ("members", "events", "participation", "roles", "targets")} == {
        "members": 0,
        "events": 0,
        "participation": 0,
        "roles": 0,
        "targets": 0,
    }


@pytest.mark.parametrize(
    ("fields", "message_part"),
    [
        ({"member_type": "think_tank"}, "CHECK constraint"),
        ({"left_on": "2020-01-01"}, "CHECK constraint"),
        ({"country": "Serbia"}, "CHECK constraint"),
    ],
)
def test_database_rejects_rows_that_break_its_rules(
    database: AllianceDatabase, fields: dict[str, str], message_part: str
) -> None:
    country = fields.pop("country", "CHN")
    with pytest.raises(duckdb.ConstraintException, match=f"(?i){message_part}"):
        add_member(database, "M1", country, "2021-06-01", **fields)
    assert database.table_counts()["members"] == 0


def test_a_failed_write_rolls_back_everything_and_leaves_the_version(database: AllianceDatabase) -> None:
    version = database.data_version()
    with pytest.raises(duckdb.ConstraintException), database.writing() as cursor:
        cursor.execute(
            "insert into members (member_id, name_en, country, member_type, joined_on) "
            "values ('A', 'Alpha', 'CHN', 'economic', date '2021-01-01')"
        )
        cursor.execute(
            "insert into members (member_id, name_en, country, member_type, joined_on) "
            "values ('A', 'Again', 'CHN', 'economic', date '2021-01-01')"
        )
    assert database.table_counts()["members"] == 0
    assert database.data_version() == version


def test_member_ids_keep_leading_zeros(database: AllianceDatabase) -> None:
    add_member(database, "007", "NAM", "2021-06-01")
    with database.reading() as cursor:
        assert fetch_scalar(cursor, "select member_id || '/' || country from members") == "007/NAM"


def test_reopening_a_database_keeps_its_data(database_path: Path) -> None:
    first = open_database(database_path)
    add_member(first, "A", "SRB", "2020-09-30")
    first.close()
    second = open_database(database_path)
    try:
        assert second.table_counts()["members"] == 1
        assert second.table_counts()["countries"] == 249
    finally:
        second.close()


def test_a_member_who_attended_events_can_move_to_another_country(database: AllianceDatabase) -> None:
    # Why country is not a foreign key: with one, DuckDB 2.0 refuses this correction while a
    # participation row names the member ("still referenced by a foreign key in a different table").
    add_member(database, "M1", "SRB", "2021-06-01")
    add_event(database, "E1", "2021-07-01")
    add_participation(database, "E1", "M1")
    with database.writing() as cursor:
        cursor.execute("update members set country = 'DEU' where member_id = 'M1'")
    with database.reading() as cursor:
        assert fetch_scalar(cursor, "select country from members where member_id = 'M1'") == "DEU"


def test_a_read_only_open_brings_an_older_file_up_to_date(database_path: Path) -> None:
    # A file made before a macro existed (here: one dropped by hand) must still answer the metrics.
    first = open_database(database_path)
    with first.writing() as cursor:
        cursor.execute("drop macro table filtered_events")
    first.close()
    reopened = open_database(database_path, read_only=True)
    try:
        with reopened.reading() as cursor:
            assert fetch_scalar(cursor, "select count(*) from filtered_events(null, null, null, null)") == 0
    finally:
        reopened.close()
