"""Rules that span files: a key given twice across files, references into a file that could not be read,
files that cannot be opened, and CSV text that cannot be parsed."""

from __future__ import annotations

from pathlib import Path

from analysis.importer import ImportProblem, import_files
from analysis.store.database import AllianceDatabase
from tests.importer.conftest import fingerprint, write

MEMBERS_HEADER = "member_id,name_en,country,member_type,joined_on\n"


def test_a_member_given_in_two_files_is_reported_in_both_places(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    before = fingerprint(two_members_one_event)
    first = write(tmp_path, "members.csv", MEMBERS_HEADER + "M05,One,DEU,economic,2021-01-01\n")
    second = write(
        tmp_path,
        "members_new.csv",
        MEMBERS_HEADER + "M06,Two,DEU,economic,2021-01-01\nM05,One again,DEU,economic,2021-01-01\n",
    )

    report = import_files(two_members_one_event, [first, second])

    reason = (
        "member_id 'M05' appears 2 times in this import (members.csv row 2, members_new.csv row 3); "
        "keep one row per member"
    )
    assert report.problems == [
        ImportProblem("members.csv", 2, "member_id", "M05", reason),
        ImportProblem("members_new.csv", 3, "member_id", "M05", reason),
    ]
    assert report.problems[0].reason_in("zh") == (
        "member_id “M05”在本次导入中出现 2 次（第 members.csv 2, members_new.csv 3 行）；每个成员只保留一行"
    )
    assert fingerprint(two_members_one_event) == before


def test_participation_in_a_repeated_event_pair_names_both_ids(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    path = write(tmp_path, "participation.csv", "event_id,member_id,role\nE01,M01,host\nE01,M01,speaker\n")

    report = import_files(two_members_one_event, [path])

    assert [problem.reason for problem in report.problems] == [
        "member 'M01' at event 'E01' appears 2 times in this import (rows 2, 3); keep one row per participation"
    ] * 2
    assert report.problems[0].column == "event_id, member_id"
    assert report.problems[0].value == "E01 / M01"


def test_references_into_an_unreadable_file_are_not_judged(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    # the events file has a header problem, so its ids are unknown: E77 is not called missing as well
    events = write(tmp_path, "events.csv", "event_id,title\nE77,Seminar\n")
    participation = write(tmp_path, "participation.csv", "event_id,member_id,role\nE77,M01,host\n")

    report = import_files(two_members_one_event, [events, participation])

    assert [(problem.file, problem.row) for problem in report.problems] == [("events.csv", 1)]


def test_a_participation_may_name_an_event_and_member_from_the_same_import(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    members = write(tmp_path, "members.csv", MEMBERS_HEADER + "M09,New,DEU,economic,2021-01-01\n")
    events = write(
        tmp_path,
        "events.csv",
        "event_id,title_en,event_type,start_date,end_date,country,format\nE09,New event,forum,2022-01-01,,DEU,online\n",
    )
    participation = write(tmp_path, "participation.csv", "event_id,member_id,role\nE09,M09,host\n")
    roles = write(tmp_path, "roles.csv", "member_id,role,start_date\nM09,vice_chair,2022-01-01\n")

    report = import_files(
        two_members_one_event, [participation, roles, members, events]
    )  # children first on purpose

    assert report.ok, report.problems
    assert report.rows_added == 4


def test_a_file_that_does_not_exist_is_named(two_members_one_event: AllianceDatabase, tmp_path: Path) -> None:
    report = import_files(two_members_one_event, [tmp_path / "members.csv"])

    assert report.problems == [
        ImportProblem(
            "members.csv", None, None, None, "the file cannot be opened (No such file or directory)"
        )
    ]


def test_an_unclosed_quote_is_reported_not_raised(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    path = write(tmp_path, "members.csv", MEMBERS_HEADER + 'M07,"Unclosed name,DEU,economic,2021-01-01\n')

    report = import_files(two_members_one_event, [path])

    assert len(report.problems) == 1
    assert report.problems[0].reason.startswith("the CSV cannot be read (")
    assert report.problems[0].reason.endswith(
        "); a row probably has more cells than the header or an unclosed quote"
    )
