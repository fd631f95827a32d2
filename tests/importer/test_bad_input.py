"""Bad input gets a clear message (file, row as the spreadsheet shows it, column, value, reason) and loses nothing.

Every case imports into a database that already holds data, asserts the exact problems, and then
asserts that every table (and the data version) is exactly as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.importer import ImportProblem, import_files
from analysis.store.database import AllianceDatabase
from tests.importer.conftest import fingerprint, write

MEMBERS_HEADER = "member_id,name_en,country,member_type,joined_on,left_on\n"
EVENTS_HEADER = "event_id,title_en,event_type,start_date,end_date,country,format,attendees\n"
MEMBER_TYPES = "comprehensive, science_technology, economic, industry, publishing_media, enterprise"
PNG_START = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)

CASES = {
    "unknown country": (
        {"members.csv": MEMBERS_HEADER + "M02,Serbian Institute,Serbai,economic,2021-03-04,\n"},
        [
            (
                "members.csv",
                2,
                "country",
                "Serbai",
                "country 'Serbai' is not a known country; did you mean Serbia?",
            )
        ],
    ),
    "unknown country with nothing close": (
        {"members.csv": MEMBERS_HEADER + "M02,Nowhere Institute,Qqqzz,economic,2021-03-04,\n"},
        [
            (
                "members.csv",
                2,
                "country",
                "Qqqzz",
                "country 'Qqqzz' is not a known country; write its ISO3 code, ISO2 code or English name "
                "(for example SRB, RS or Serbia)",
            )
        ],
    ),
    "bad date": (
        {"members.csv": MEMBERS_HEADER + "M02,Serbian Institute,SRB,economic,04/03/2021,\n"},
        [
            (
                "members.csv",
                2,
                "joined_on",
                "04/03/2021",
                "joined_on '04/03/2021' is not a date; write it as YYYY-MM-DD, for example 2024-03-31",
            )
        ],
    ),
    "date that is not in the calendar": (
        {"members.csv": MEMBERS_HEADER + "M02,Serbian Institute,SRB,economic,2021-02-30,\n"},
        [
            (
                "members.csv",
                2,
                "joined_on",
                "2021-02-30",
                "joined_on '2021-02-30' is not a date; write it as YYYY-MM-DD, for example 2024-03-31",
            )
        ],
    ),
    "left_on before joined_on": (
        {"members.csv": MEMBERS_HEADER + "M02,Serbian Institute,SRB,economic,2021-03-04,2020-01-01\n"},
        [
            (
                "members.csv",
                2,
                "left_on",
                "2020-01-01",
                "left_on 2020-01-01 is not after joined_on 2021-03-04; a member leaves after the day it joins",
            )
        ],
    ),
    "duplicate member_id inside one file": (
        {
            "members.csv": MEMBERS_HEADER
            + "M02,First,SRB,economic,2021-03-04,\n"
            + "M03,Other,DEU,economic,2021-03-04,\n"
            + "M02,Second,SRB,economic,2021-03-04,\n"
        },
        [
            (
                "members.csv",
                row,
                "member_id",
                "M02",
                "member_id 'M02' appears 2 times in this import (rows 2, 4); keep one row per member",
            )
            for row in (2, 4)
        ],
    ),
    "participation naming an unknown member": (
        {"participation.csv": "event_id,member_id,role\nE01,M01,speaker\nE01,M99,speaker\n"},
        [
            (
                "participation.csv",
                3,
                "member_id",
                "M99",
                "member_id 'M99' is not in members, neither in the database nor in this import; "
                "add that member to members first, or correct the id",
            )
        ],
    ),
    "leading zeros dropped by a spreadsheet (a new member)": (
        {
            "members.csv": MEMBERS_HEADER + "7,Windhoek Policy Forum,NAM,economic,2021-01-05,\n"
        },  # stocked has 007
        [
            (
                "members.csv",
                2,
                "member_id",
                "7",
                "member_id '7' is not in the database, but member '007' is: a spreadsheet probably dropped its "
                "leading zeros; write '007' (in Excel, format the column as Text first)",
            )
        ],
    ),
    "leading zeros dropped by a spreadsheet (a reference)": (
        {"participation.csv": "event_id,member_id,role\nE01,7,speaker\n"},
        [
            (
                "participation.csv",
                2,
                "member_id",
                "7",
                "member_id '7' is not in the database, but member '007' is: a spreadsheet probably dropped its "
                "leading zeros; write '007' (in Excel, format the column as Text first)",
            )
        ],
    ),
    "negative attendees": (
        {"events.csv": EVENTS_HEADER + "E02,Seminar,seminar,2021-05-01,2021-05-01,CHN,online,-5\n"},
        [("events.csv", 2, "attendees", "-5", "attendees -5 is negative; give 0 or more")],
    ),
    "attendees that is not a number": (
        {"events.csv": EVENTS_HEADER + "E02,Seminar,seminar,2021-05-01,2021-05-01,CHN,online,about 40\n"},
        [("events.csv", 2, "attendees", "about 40", "attendees 'about 40' is not a whole number")],
    ),
    "unknown member_type": (
        {"members.csv": MEMBERS_HEADER + "M02,Serbian Institute,SRB,university,2021-03-04,\n"},
        [
            (
                "members.csv",
                2,
                "member_type",
                "university",
                f"member_type 'university' is not allowed; use one of: {MEMBER_TYPES}",
            )
        ],
    ),
    "required value left empty": (
        {"members.csv": MEMBERS_HEADER + "M02,,SRB,economic,2021-03-04,\n"},
        [("members.csv", 2, "name_en", None, "name_en is empty; every member needs one")],
    ),
    "wrong header": (
        {
            "members.csv": "member_id,name,country,member_type,joined_on\nM02,Serbian Institute,SRB,economic,2021-03-04\n"
        },
        [
            (
                "members.csv",
                1,
                None,
                None,
                "missing required column(s): name_en; unexpected column(s): name. A file for members has the "
                "columns member_id, name_en, country, member_type, joined_on (required) and name_zh, city, city_zh, "
                "left_on, website, source (optional)",
            )
        ],
    ),
    "missing header (first row is data)": (
        {"targets.csv": "2025,members,110\n2025,events,30\n"},
        [
            (
                "targets.csv",
                1,
                None,
                None,
                "missing required column(s): year, metric, target; unexpected column(s): 2025, members, 110. "
                "A file for targets has the columns year, metric, target (required) and none (optional)",
            )
        ],
    ),
    "empty file": (
        {"members.csv": b""},
        [
            (
                "members.csv",
                None,
                None,
                None,
                "the file is empty (0 bytes); it needs a header row and data rows",
            )
        ],
    ),
    "header only in the only file": (
        {"members.csv": MEMBERS_HEADER},
        [("members.csv", None, None, None, "nothing to import: the files hold a header but no data rows")],
    ),
    "a picture named members.csv": (
        {"members.csv": PNG_START * 20},
        [
            (
                "members.csv",
                None,
                None,
                None,
                "the file is neither an Excel workbook (.xlsx) nor a CSV text file; save it from Excel as .xlsx "
                "or as 'CSV UTF-8 (Comma delimited)'",
            )
        ],
    ),
    "an old .xls workbook": (
        {"members.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600},
        [
            (
                "members.xls",
                None,
                None,
                None,
                "the file is an old-style Excel workbook (.xls) or a password-protected workbook; open it in "
                "Excel and save it as .xlsx without a password, or as CSV UTF-8",
            )
        ],
    ),
    "CSV saved in a legacy encoding": (
        {
            "members.csv": (MEMBERS_HEADER + "M02,Institut für Politik,DEU,economic,2021-03-04,\n").encode(
                "latin-1"
            )
        },
        [
            (
                "members.csv",
                None,
                None,
                None,
                "the file is not UTF-8 text (line 2 holds the byte 0xFC, which UTF-8 does not allow); in Excel "
                "use Save As > 'CSV UTF-8 (Comma delimited)', or upload the .xlsx",
            )
        ],
    ),
    "file named after no table": (
        {"people.csv": MEMBERS_HEADER + "M02,Serbian Institute,SRB,economic,2021-03-04,\n"},
        [
            (
                "people.csv",
                None,
                None,
                None,
                "cannot tell which table the file is for; name it after its table "
                "(members, events, roles, participation, targets), e.g. members.csv",
            )
        ],
    ),
    "a good file and a bad one: neither lands": (
        {
            "members.csv": MEMBERS_HEADER + "M02,Serbian Institute,SRB,economic,2021-03-04,\n",
            "events.csv": EVENTS_HEADER + "E02,Seminar,seminar,2021-05-01,2021-04-30,CHN,online,12\n",
        },
        [
            (
                "events.csv",
                2,
                "end_date",
                "2021-04-30",
                "end_date 2021-04-30 is before start_date 2021-05-01; an event ends on or after its first day",
            )
        ],
    ),
}


@pytest.mark.parametrize(("files", "expected"), list(CASES.values()), ids=list(CASES))
def test_bad_input_is_reported_exactly_and_changes_nothing(
    two_members_one_event: AllianceDatabase,
    tmp_path: Path,
    files: dict[str, str | bytes],
    expected: list[tuple[str, int | None, str | None, str | None, str]],
) -> None:
    before = fingerprint(two_members_one_event)
    paths = [write(tmp_path, name, content) for name, content in files.items()]

    report = import_files(two_members_one_event, paths)

    assert not report.ok
    assert report.problems == [ImportProblem(*problem) for problem in expected]
    assert report.import_id is None
    assert fingerprint(two_members_one_event) == before


def test_every_problem_in_every_file_is_reported_not_only_the_first(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    before = fingerprint(two_members_one_event)
    members = write(
        tmp_path,
        "members.csv",
        MEMBERS_HEADER
        + "M02,Good,SRB,economic,2021-03-04,\n"  # row 2: fine
        + "M03,Bad country,Atlantis,economic,2021-03-04,\n"  # row 3
        + "M04,Bad type and date,DEU,club,yesterday,\n",  # row 4: two problems
    )
    participation = write(tmp_path, "participation.csv", "event_id,member_id,role\nE99,M02,keynote\n")

    report = import_files(two_members_one_event, [members, participation])

    assert [(p.file, p.row, p.column) for p in report.problems] == [
        ("members.csv", 3, "country"),
        ("members.csv", 4, "member_type"),
        ("members.csv", 4, "joined_on"),
        ("participation.csv", 2, "event_id"),  # E99 is nowhere
        ("participation.csv", 2, "role"),  # keynote is not a participation role
    ]
    assert fingerprint(two_members_one_event) == before


def test_problems_frame_is_the_report_as_a_table(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "members.csv", MEMBERS_HEADER + "M02,Serbian Institute,Serbai,economic,2021-03-04,\n"
    )

    frame = import_files(two_members_one_event, [path]).problems_frame()

    assert list(frame.columns) == ["file", "row", "column", "value", "reason"]
    assert frame.to_dict("records") == [
        {
            "file": "members.csv",
            "row": 2,
            "column": "country",
            "value": "Serbai",
            "reason": "country 'Serbai' is not a known country; did you mean Serbia?",
        }
    ]


@pytest.mark.parametrize(("files", "expected"), list(CASES.values()), ids=list(CASES))
def test_every_reason_can_be_said_in_chinese(
    two_members_one_event: AllianceDatabase,
    tmp_path: Path,
    files: dict[str, str | bytes],
    expected: list[tuple[str, int | None, str | None, str | None, str]],
) -> None:
    paths = [write(tmp_path, name, content) for name, content in files.items()]

    report = import_files(two_members_one_event, paths)

    for problem in report.problems:
        assert problem.key, problem  # said through the catalogue, so both languages have it
        chinese = problem.reason_in("zh")
        assert chinese != problem.reason
        assert re.search("[\u4e00-\u9fff]", chinese), chinese
    assert report.problems_frame("zh")["reason"].tolist() == [p.reason_in("zh") for p in report.problems]


def test_a_chinese_reason_names_the_same_value_and_suggestion(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "members.csv", MEMBERS_HEADER + "M02,Serbian Institute,Serbai,economic,2021-03-04,\n"
    )

    (problem,) = import_files(two_members_one_event, [path]).problems

    assert problem.reason_in("zh") == "国家“Serbai”无法识别；您是否指 Serbia？"
