"""Imports upsert by key: the same file twice changes nothing, a corrected row updates, files see each other."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from analysis.importer import TableCounts, import_files
from analysis.store.database import AllianceDatabase, fetch_scalar
from tests.importer.conftest import fingerprint, write

MEMBERS = (
    "member_id,name_en,name_zh,country,city,member_type,joined_on,left_on\n"
    '001,"Institute of Policy, Economics and ""Practice""",政策研究院,NA,Windhoek,economic,2021-03-04,\n'
    '002,"Line one\nline two",,serbia,,comprehensive,2022-01-10,2024-06-30\n'
    "003,Deutsches Institut,德国研究所,de,Berlin,industry,2023-11-19,\n"
)
EVENTS = (
    "event_id,title_en,event_type,start_date,end_date,country,format,attendees\n"
    "E10,Belgrade seminar,seminar,2023-05-01,,SRB,hybrid,40\n"
)
PARTICIPATION = "event_id,member_id,role\nE10,001,host\nE10,002,speaker\n"


def rows(database: AllianceDatabase, sql: str) -> list[tuple[object, ...]]:
    with database.reading() as cursor:
        return cursor.execute(sql).fetchall()


def test_import_lands_every_table_with_values_as_written(database: AllianceDatabase, tmp_path: Path) -> None:
    files = [
        write(tmp_path, "members.csv", MEMBERS),
        write(tmp_path, "participation.csv", PARTICIPATION),  # names E10 from the same import
        write(tmp_path, "events.csv", EVENTS),
    ]

    report = import_files(database, files, imported_by="secretariat")

    assert report.ok, report.problems
    assert report.counts == {
        "members": TableCounts(added=3),
        "events": TableCounts(added=1),
        "participation": TableCounts(added=2),
    }
    assert rows(
        database,
        "select member_id, name_en, name_zh, country, city, joined_on, left_on from members order by 1",
    ) == [
        (
            "001",
            'Institute of Policy, Economics and "Practice"',
            "政策研究院",
            "NAM",
            "Windhoek",
            dt.date(2021, 3, 4),
            None,
        ),
        ("002", "Line one\nline two", None, "SRB", None, dt.date(2022, 1, 10), dt.date(2024, 6, 30)),
        ("003", "Deutsches Institut", "德国研究所", "DEU", "Berlin", dt.date(2023, 11, 19), None),
    ]
    # an empty end_date is a one-day event
    assert rows(database, "select end_date, attendees from events") == [(dt.date(2023, 5, 1), 40)]
    record = rows(database, "select imported_by, files, rows_added, rows_updated, summary from imports")
    assert record[0][:4] == ("secretariat", "members.csv, participation.csv, events.csv", 6, 0)
    assert json.loads(str(record[0][4]))["members"] == {"added": 3, "updated": 0, "unchanged": 0}


def test_importing_the_same_files_twice_changes_nothing(database: AllianceDatabase, tmp_path: Path) -> None:
    files = [write(tmp_path, "members.csv", MEMBERS), write(tmp_path, "events.csv", EVENTS)]
    import_files(database, files)
    data_before = {
        table: value
        for table, value in fingerprint(database).items()
        if table not in ("imports", "snapshot")  # the import row itself is a new snapshot
    }

    again = import_files(database, files)

    assert again.ok
    assert again.counts == {"members": TableCounts(unchanged=3), "events": TableCounts(unchanged=1)}
    assert (again.rows_added, again.rows_updated) == (0, 0)
    after = {
        table: value
        for table, value in fingerprint(database).items()
        if table not in ("imports", "snapshot")  # the import row itself is a new snapshot
    }
    assert after == data_before


def test_a_corrected_row_updates_and_the_others_stay(database: AllianceDatabase, tmp_path: Path) -> None:
    import_files(database, [write(tmp_path, "members.csv", MEMBERS)])
    corrected = MEMBERS.replace(
        "003,Deutsches Institut,德国研究所,de,Berlin", "003,Deutsches Institut,德国研究所,de,Munich"
    )

    report = import_files(database, [write(tmp_path, "members.csv", corrected)])

    assert report.counts == {"members": TableCounts(added=0, updated=1, unchanged=2)}
    assert rows(database, "select member_id, city from members order by 1") == [
        ("001", "Windhoek"),
        ("002", None),
        ("003", "Munich"),
    ]


def test_a_column_left_out_keeps_its_stored_values(database: AllianceDatabase, tmp_path: Path) -> None:
    import_files(database, [write(tmp_path, "members.csv", MEMBERS)])
    # only the required columns: name_zh, city and left_on are not in this file, so they stay as stored
    slim = "member_id,name_en,country,member_type,joined_on\n002,Renamed institute,SRB,comprehensive,2022-01-10\n"

    report = import_files(database, [write(tmp_path, "members.csv", slim)])

    assert report.counts == {"members": TableCounts(updated=1)}
    assert rows(database, "select name_en, left_on from members where member_id = '002'") == [
        ("Renamed institute", dt.date(2024, 6, 30))
    ]


def test_an_empty_cell_in_a_given_column_clears_the_value(database: AllianceDatabase, tmp_path: Path) -> None:
    import_files(database, [write(tmp_path, "members.csv", MEMBERS)])
    rejoined = MEMBERS.replace("2022-01-10,2024-06-30", "2022-01-10,")

    import_files(database, [write(tmp_path, "members.csv", rejoined)])

    assert fetch_scalar(database.cursor(), "select left_on from members where member_id = '002'") is None


def test_codes_and_choices_are_read_in_any_case(database: AllianceDatabase, tmp_path: Path) -> None:
    members = (
        "Member_ID,Name_EN,Country,Member Type,Joined_On\n"
        "A1,One,na,Science-Technology,2021-01-01\n"  # ISO2 of Namibia, lower case
        "A2,Two,chn,PUBLISHING MEDIA,2021-01-01\n"  # ISO3, lower case
        "A3,Three,Serbia,Economic,2021-01-01\n"  # English name
        "A4,Four,中国,economic,2021-01-01\n"  # Chinese name
    )

    report = import_files(database, [write(tmp_path, "members.csv", members)])

    assert report.ok, report.problems
    assert rows(database, "select member_id, country, member_type from members order by 1") == [
        ("A1", "NAM", "science_technology"),
        ("A2", "CHN", "publishing_media"),
        ("A3", "SRB", "economic"),
        ("A4", "CHN", "economic"),
    ]


def test_a_successful_import_records_one_import_row_and_bumps_the_data_version(
    database: AllianceDatabase, tmp_path: Path
) -> None:
    version = database.data_version()

    report = import_files(
        database, [write(tmp_path, "targets.csv", "year,metric,target\n2025,members,110\n")]
    )

    assert report.import_id == 1
    assert database.data_version() == version + 1
    assert rows(database, "select import_id, rows_added from imports") == [(1, 1)]
    assert rows(database, "select * from targets") == [(2025, "members", 110)]


def test_a_member_that_others_refer_to_can_be_corrected(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    # M01 hosts event E01 (participation) in the stocked database; an update must not trip the foreign key
    corrected = "member_id,name_en,country,member_type,joined_on\nM01,Institute of Belgrade (renamed),SRB,economic,2020-09-19\n"
    event = "event_id,title_en,event_type,start_date,end_date,country,format\nE01,Founding forum (corrected),forum,2021-03-18,,CHN,hybrid\n"

    report = import_files(
        two_members_one_event,
        [write(tmp_path, "members.csv", corrected), write(tmp_path, "events.csv", event)],
    )

    assert report.ok, report.problems
    assert report.counts == {"members": TableCounts(updated=1), "events": TableCounts(updated=1)}
    assert rows(
        two_members_one_event, "select name_en, member_type from members where member_id = 'M01'"
    ) == [("Institute of Belgrade (renamed)", "economic")]
    assert rows(two_members_one_event, "select title_en, format from events") == [
        ("Founding forum (corrected)", "hybrid")
    ]
    assert rows(two_members_one_event, "select event_id, member_id, role from participation") == [
        ("E01", "M01", "host")
    ]


def test_moving_a_member_no_one_refers_to_works(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    moved = "member_id,name_en,country,member_type,joined_on\n007,Windhoek Policy Forum,ZAF,comprehensive,2021-01-05\n"

    report = import_files(two_members_one_event, [write(tmp_path, "members.csv", moved)])

    assert report.counts == {"members": TableCounts(updated=1)}
    assert rows(two_members_one_event, "select country from members where member_id = '007'") == [("ZAF",)]


def test_moving_a_member_others_refer_to_works(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    # M01 has participation rows; correcting its country must still land (see schema.sql on why
    # country is checked by the importer rather than by a foreign key).
    moved = "member_id,name_en,country,member_type,joined_on\nM01,Institute of Belgrade,DEU,comprehensive,2020-09-19\n"

    report = import_files(two_members_one_event, [write(tmp_path, "members.csv", moved)])

    assert report.ok
    assert report.counts == {"members": TableCounts(updated=1)}
    assert rows(two_members_one_event, "select country from members where member_id = 'M01'") == [("DEU",)]
