"""Files are judged by content, workbooks are read safely, and a workbook may hold every table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest

from analysis.importer import ImportProblem, TableCounts, import_contents, import_files
from analysis.importer.files import MAX_PART_RATIO, MAX_UNPACKED_BYTES
from analysis.limits import max_upload_megabytes
from analysis.store.connection import AllianceDatabase
from tests.importer.conftest import fingerprint, write


def workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    book = openpyxl.Workbook()
    default = book.active
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if default is not None:
        book.remove(default)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MEMBER_HEADER: list[object] = ["member_id", "name_en", "country", "member_type", "joined_on"]


def test_one_workbook_with_a_sheet_per_table_lands_whole(database: AllianceDatabase) -> None:
    content = workbook(
        {
            "members": [
                MEMBER_HEADER,
                ["001", "Windhoek Forum", "NA", "economic", dt.datetime(2021, 3, 4)],  # real date cell
                [None, None, None, None, None],  # a blank row is skipped
                [2, "Numbered", "srb", "industry", "2022-01-10"],  # a number cell as id reads "2"
            ],
            "events": [
                [
                    "event_id",
                    "title_en",
                    "event_type",
                    "start_date",
                    "end_date",
                    "country",
                    "format",
                    "attendees",
                ],
                [
                    "E1",
                    "Forum",
                    "forum",
                    dt.datetime(2023, 5, 1),
                    dt.datetime(2023, 5, 2),
                    "CHN",
                    "hybrid",
                    120.0,
                ],
            ],
            "participation": [["event_id", "member_id", "role"], ["E1", "001", "host"]],
            "allowed values": [["member_type"], ["economic"]],  # a sheet named after no table is ignored
        }
    )

    report = import_contents(database, [("alliance.xlsx", content)])

    assert report.ok, report.problems
    assert report.counts == {
        "members": TableCounts(added=2),
        "events": TableCounts(added=1),
        "participation": TableCounts(added=1),
    }
    with database.reading() as cursor:
        assert cursor.execute("select member_id, country, joined_on from members order by 1").fetchall() == [
            ("001", "NAM", dt.date(2021, 3, 4)),
            ("2", "SRB", dt.date(2022, 1, 10)),
        ]
        assert cursor.execute("select attendees, end_date from events").fetchall() == [
            (120, dt.date(2023, 5, 2))
        ]


def test_workbook_rows_are_numbered_as_the_spreadsheet_shows_them(database: AllianceDatabase) -> None:
    content = workbook(
        {
            "members": [
                MEMBER_HEADER,
                ["001", "Good", "CHN", "economic", dt.datetime(2021, 3, 4)],
                [None, None, None, None, None],
                ["002", "Bad", "CHN", "economic", dt.datetime(2021, 3, 4, 15, 30)],  # row 4, a time of day
            ]
        }
    )

    report = import_contents(database, [("book.xlsx", content)])

    assert report.problems == [
        ImportProblem(
            "book.xlsx [members]",
            4,
            "joined_on",
            "2021-03-04 15:30:00",
            "joined_on '2021-03-04 15:30:00' is not a date; write it as YYYY-MM-DD, for example 2024-03-31",
        )
    ]


def test_a_workbook_named_after_a_table_uses_its_first_sheet(database: AllianceDatabase) -> None:
    content = workbook({"Sheet1": [MEMBER_HEADER, ["001", "One", "CHN", "economic", "2021-01-01"]]})

    report = import_contents(database, [("Members.xlsx", content)])

    assert report.counts == {"members": TableCounts(added=1)}


def test_type_is_judged_by_content_not_by_the_name(database: AllianceDatabase) -> None:
    as_workbook = workbook({"Sheet1": [MEMBER_HEADER, ["001", "One", "CHN", "economic", "2021-01-01"]]})
    as_text = "event_id,title_en,event_type,start_date,end_date,country,format\nE1,Forum,forum,2021-01-01,,CHN,online\n"

    report = import_contents(database, [("members.csv", as_workbook), ("events.xlsx", as_text.encode())])

    assert report.counts == {"members": TableCounts(added=1), "events": TableCounts(added=1)}


def test_semicolons_and_a_byte_order_mark_are_read(database: AllianceDatabase) -> None:
    text = "\ufefftargets_year;metric;target\n".replace("targets_", "") + "2025;members;110\n"

    report = import_contents(database, [("targets.csv", text.encode("utf-8"))])

    assert report.counts == {"targets": TableCounts(added=1)}


def test_openpyxl_parses_workbooks_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def _with_part(content: bytes, part: str, replacement: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                info.filename, replacement if info.filename == part else source.read(info.filename)
            )
    return buffer.getvalue()


def test_an_xml_entity_bomb_is_refused_and_changes_nothing(database: AllianceDatabase) -> None:
    content = workbook({"members": [MEMBER_HEADER, ["001", "One", "CHN", "economic", "2021-01-01"]]})
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    bomb = _with_part(content, "xl/worksheets/sheet1.xml", (laughs + body).encode())
    before = fingerprint(database)

    report = import_contents(database, [("members.xlsx", bomb)])

    assert len(report.problems) == 1
    assert report.problems[0].reason.startswith("the workbook cannot be read (")
    assert report.problems[0].reason.endswith(
        "); open it in Excel and save it again as .xlsx, or as CSV UTF-8"
    )
    assert "Forbidden" in report.problems[0].reason  # defusedxml's DTDForbidden / EntitiesForbidden
    assert fingerprint(database) == before


def test_a_zip_bomb_is_refused_from_its_directory_before_unpacking(database: AllianceDatabase) -> None:
    content = workbook({"members": [MEMBER_HEADER, ["001", "One", "CHN", "economic", "2021-01-01"]]})
    padded = _with_part(content, "xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
    parts = zipfile.ZipFile(io.BytesIO(padded)).infolist()
    unpacked = sum(part.file_size for part in parts)
    sheet = next(part for part in parts if part.filename == "xl/worksheets/sheet1.xml")
    ratio = sheet.file_size / sheet.compress_size  # 8 MB of spaces pack to a few kB: far above 200
    assert ratio > MAX_PART_RATIO

    report = import_contents(database, [("members.xlsx", padded)])

    assert report.problems == [
        ImportProblem(
            "members.xlsx",
            None,
            None,
            None,
            f"the workbook would unpack to {unpacked / 1048576:.1f} MB (up to {ratio:.0f} times its packed size; "
            f"the limits are {MAX_UNPACKED_BYTES / 1048576:.1f} MB and {MAX_PART_RATIO} times), so it is damaged "
            "or built to exhaust memory; save the data as CSV UTF-8 or split it",
        )
    ]


def test_an_oversized_file_is_refused_without_reading_it(database: AllianceDatabase, tmp_path: Path) -> None:
    limit_megabytes = max_upload_megabytes()  # server.maxUploadSize in .streamlit/config.toml
    path = tmp_path / "members.csv"
    with path.open("wb") as file:
        file.truncate((limit_megabytes + 1) * 1024 * 1024)  # one MB above the limit (a sparse file)

    report = import_files(database, [path])

    assert report.problems == [
        ImportProblem(
            "members.csv",
            None,
            None,
            None,
            f"the file is {limit_megabytes + 1}.0 MB, more than the {limit_megabytes}.0 MB an import accepts; "
            "split it into smaller files",
        )
    ]


def test_an_oversized_upload_is_refused(database: AllianceDatabase) -> None:
    size = max_upload_megabytes() * 1024 * 1024 + 1

    report = import_contents(database, [("members.csv", b"x" * size)])

    assert [problem.reason.split(",")[0] for problem in report.problems] == [
        f"the file is {size / 1048576:.1f} MB"
    ]


def test_a_zip_that_is_not_a_workbook_is_named_as_such(database: AllianceDatabase) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("members.csv", "member_id\n")

    report = import_contents(database, [("members.zip", buffer.getvalue())])

    assert [problem.reason for problem in report.problems] == [
        "the file is a ZIP archive but not an Excel .xlsx workbook; open it in Excel and save it again as "
        ".xlsx, or as CSV UTF-8"
    ]


def test_a_workbook_naming_no_table_says_how_to_name_it(database: AllianceDatabase) -> None:
    content = workbook({"Sheet1": [MEMBER_HEADER]})

    report = import_contents(database, [("export (3).xlsx", content)])

    assert [problem.reason for problem in report.problems] == [
        "no sheet is named after a table and neither is the file; name the sheets members, events, roles, "
        "participation, targets (one per table), or name the file after its table, e.g. members.xlsx"
    ]


@pytest.mark.parametrize("name", ["members.csv", "Members.CSV", "members_2024.csv", "members (1).csv"])
def test_file_names_that_name_the_members_table(
    database: AllianceDatabase, tmp_path: Path, name: str
) -> None:
    path = write(tmp_path, name, ",".join(map(str, MEMBER_HEADER)) + "\n001,One,CHN,economic,2021-01-01\n")

    assert import_files(database, [path]).counts == {"members": TableCounts(added=1)}


def test_a_wholly_empty_table_sheet_is_skipped(database: AllianceDatabase) -> None:
    content = workbook(
        {
            "members": [MEMBER_HEADER, ["001", "One", "CHN", "economic", "2021-01-01"]],
            "roles": [],
            "events": [],
        }
    )

    report = import_contents(database, [("alliance.xlsx", content)])

    assert report.ok, report.problems
    assert report.counts == {"members": TableCounts(added=1)}
