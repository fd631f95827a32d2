"""The store enforces keys, references and checks (rules.sql) in both modes; the country reference is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import DataRuleError
from analysis.store.database import AllianceDatabase, fetch_scalar, open_database, read_country_reference
from tests.datasets import add_event, add_member, add_participation


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
        ({"member_type": "think_tank"}, r"member_type is one of .* \(broken by M1 \(think_tank\)\)"),
        ({"left_on": "2020-01-01"}, r"left_on is after joined_on \(broken by M1\)"),
        (
            {"country": "Serbia"},
            r"country is an ISO3 code of the country reference \(broken by M1 \(Serbia\)\)",
        ),
    ],
)
def test_store_rejects_rows_that_break_its_rules(
    store: AllianceDatabase, fields: dict[str, str], message_part: str
) -> None:
    fields = dict(fields)  # the parametrized dict is shared by both stores
    country = fields.pop("country", "CHN")
    with pytest.raises(DataRuleError, match=message_part):
        add_member(store, "M1", country, "2021-06-01", **fields)
    assert store.table_counts()["members"] == 0


def test_store_rejects_a_participation_of_an_unknown_member(store: AllianceDatabase) -> None:
    add_event(store, "E1", "2021-07-01")
    with pytest.raises(DataRuleError, match=r"participation: member_id names a member \(broken by M404\)"):
        add_participation(store, "E1", "M404")
    assert store.table_counts()["participation"] == 0


def test_deleting_a_member_who_took_part_is_refused(store: AllianceDatabase) -> None:
    add_member(store, "M1", "SRB", "2021-06-01")
    add_event(store, "E1", "2021-07-01")
    add_participation(store, "E1", "M1")
    with (
        pytest.raises(DataRuleError, match="participation: member_id names a member"),
        store.writing() as cursor,
    ):
        cursor.execute("delete from members where member_id = 'M1'")
    assert store.table_counts()["members"] == 1


def test_a_failed_write_rolls_back_everything_and_leaves_the_version(store: AllianceDatabase) -> None:
    database = store
    version = database.data_version()
    with (
        pytest.raises(DataRuleError, match=r"member_id is unique and not blank \(broken by A\)"),
        database.writing() as cursor,
    ):
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
    # References are checked on the data as it stands at commit, so correcting a referenced row works.
    add_member(database, "M1", "SRB", "2021-06-01")
    add_event(database, "E1", "2021-07-01")
    add_participation(database, "E1", "M1")
    with database.writing() as cursor:
        cursor.execute("update members set country = 'DEU' where member_id = 'M1'")
    with database.reading() as cursor:
        assert fetch_scalar(cursor, "select country from members where member_id = 'M1'") == "DEU"
