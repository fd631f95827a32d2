"""Deleting rows through an import file, the preview of an import, and likely duplicates: on both store modes."""

from __future__ import annotations

from analysis.importer import import_contents
from analysis.store.database import AllianceDatabase
from tests.datasets import add_member
from tests.importer.conftest import fingerprint


def rows(database: AllianceDatabase, sql: str) -> list[tuple[object, ...]]:
    with database.reading() as cursor:
        return cursor.execute(sql).fetchall()


def test_a_delete_column_deletes_a_member_with_its_rows(two_members_two_events: AllianceDatabase) -> None:
    file = b"member_id,name_en,delete\nM01,,yes\n007,Windhoek Policy Forum,\n"
    report = import_contents(two_members_two_events, [("members.csv", file)], imported_by="ana")
    # 007 is an ordinary row: its required columns are checked as always
    assert [p.key for p in report.problems] == ["header_missing"]

    file = b"member_id,delete\nM01,Yes\n"
    preview = import_contents(two_members_two_events, [("members.csv", file)], dry_run=True)
    assert preview.ok and preview.dry_run
    assert preview.preview["members"].deleted == ["M01"]
    assert preview.preview["members"].going_with == {"roles": 1, "participation": 2}

    report = import_contents(two_members_two_events, [("members.csv", file)], imported_by="ana")
    assert report.ok and report.landed
    assert {table: c.deleted for table, c in report.counts.items()} == {
        "members": 1,
        "roles": 1,
        "participation": 2,
    }
    assert rows(two_members_two_events, "select member_id from members") == [("007",)]
    assert rows(two_members_two_events, "select event_id, member_id from participation") == [("E02", "007")]


def test_deletion_problems_are_reported_like_any_other_and_nothing_lands(
    two_members_two_events: AllianceDatabase,
) -> None:
    before = fingerprint(two_members_two_events)
    members = b"member_id,name_en,country,member_type,joined_on,delete\nM01,Institute,SRB,economic,2020-09-19,yes\nX9,,,,,yes\n007,W,NAM,economic,2021-01-05,perhaps\n"
    participation = b"event_id,member_id,role,delete\nE01,M01,host,\n"
    report = import_contents(
        two_members_two_events, [("members.csv", members), ("participation.csv", participation)]
    )
    assert not report.ok
    found = {(p.file, p.row, p.key) for p in report.problems}
    assert found == {
        ("members.csv", 4, "delete_unclear"),
        ("members.csv", 3, "delete_unknown"),
        ("participation.csv", 2, "reference_unknown"),  # M01 is being deleted: it can no longer be named
    }
    unclear = next(p for p in report.problems if p.key == "delete_unclear")
    assert (
        unclear.reason
        == "the delete column says “perhaps”; write yes to delete the row, or leave it empty to keep it"
    )
    assert unclear.reason_in("zh") == "delete 列的值为“perhaps”；填写 yes 表示删除该行，留空表示保留"
    roles = b"member_id,role,start_date,end_date,delete\nM01,chair,2020-09-19,,yes\nM01,chair,2020-09-19,2023-01-01,\n"
    report = import_contents(two_members_two_events, [("roles.csv", roles)])
    assert [p.key for p in report.problems] == ["delete_and_keep"]
    assert fingerprint(two_members_two_events) == before


def test_a_role_is_deleted_by_its_whole_key(two_members_two_events: AllianceDatabase) -> None:
    roles = b"member_id,role,start_date,delete\nM01,chair,2020-09-19,x\n"
    report = import_contents(two_members_two_events, [("roles.csv", roles)])
    assert report.landed and report.counts["roles"].deleted == 1
    assert rows(two_members_two_events, "select count(*) from roles") == [(0,)]


def test_the_preview_says_what_will_be_added_and_changed_and_writes_nothing(
    two_members_two_events: AllianceDatabase,
) -> None:
    before = fingerprint(two_members_two_events)
    file = (
        "member_id,name_en,name_zh,country,member_type,joined_on\n"
        "M01,Institute of Belgrade,贝尔格莱德研究所,SRB,comprehensive,2020-09-19\n"
        "007,Windhoek Policy Forum,温得和克政策论坛,NAM,comprehensive,2021-01-05\n"
        "N01,New One,,CHN,economic,2024-01-01\n"
    ).encode()
    report = import_contents(two_members_two_events, [("members.csv", file)], dry_run=True)
    assert fingerprint(two_members_two_events) == before
    preview = report.preview["members"]
    assert (preview.added, preview.changed_rows, preview.deleted, preview.unchanged) == (["N01"], 1, [], 1)
    assert [(c.key, c.column, c.old, c.new) for c in preview.changed] == [
        ("M01", "name_zh", None, "贝尔格莱德研究所")
    ]


def test_likely_duplicates_are_warned_about_within_the_file_and_against_the_store(
    two_members_two_events: AllianceDatabase,
) -> None:
    add_member(
        two_members_two_events,
        "G01",
        "USA",
        "2019-01-01",
        name_en="Grandview Institution",
        name_zh="格兰维研究院",
        website="https://grandview.example.org/en",
    )
    # minutes earlier, another import added "Harbour Lab"
    import_contents(
        two_members_two_events,
        [
            (
                "members.csv",
                b"member_id,name_en,country,member_type,joined_on\nH01,Harbour Lab,JPN,economic,2024-01-01\n",
            )
        ],
    )
    file = (
        "member_id,name_en,name_zh,country,member_type,joined_on,website\n"
        "G99,The GRANDVIEW Institution.,,USA,comprehensive,2024-02-01,\n"  # name, same country
        "H99,harbour-lab,,JPN,economic,2024-02-01,\n"  # the member imported minutes earlier
        "Z01,Zeta,格兰维 研究院,USA,economic,2024-02-01,\n"  # Chinese name
        "W01,Web Twin,,GBR,economic,2024-02-01,http://www.grandview.example.org\n"  # website domain
        "F01,Grandview Institution,,FRA,economic,2024-02-01,\n"  # same name, another country: not a match
        "F02,New Thing,,KEN,economic,2024-02-01,\n"
        "F03,new thing,,KEN,economic,2024-02-01,\n"  # within the file
    ).encode()
    before = fingerprint(two_members_two_events)
    report = import_contents(two_members_two_events, [("members.csv", file)], confirmed=False)
    assert report.ok and report.awaiting_confirmation and not report.landed
    assert fingerprint(two_members_two_events) == before
    found = {(w.row, w.member_id, w.other_id, w.other_row, w.matched_on) for w in report.warnings}
    assert found == {
        (2, "G99", "G01", None, ("name_en",)),
        (3, "H99", "H01", None, ("name_en",)),
        (4, "Z01", "G01", None, ("name_zh",)),
        (5, "W01", "G01", None, ("website",)),
        (8, "F03", "F02", 7, ("name_en",)),
    }
    # nothing is refused for a warning alone: confirmed, it lands (the command line confirms by default)
    landed = import_contents(two_members_two_events, [("members.csv", file)])
    assert landed.landed and landed.counts["members"].added == 7
    assert len(landed.warnings) == 5
