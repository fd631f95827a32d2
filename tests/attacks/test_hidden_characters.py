"""Attacks 6 and 7: control characters, and invisible characters that make one id pass for another.

Control characters (\\x0b, \\x1b, \\x07, and a NUL after the first 8 KB that the binary sniff samples)
used to be stored, and then every XLSX export failed (openpyxl's IllegalCharacterError). Zero-width,
byte-order-mark and bidirectional characters let `001` + U+200B stand next to `001` as a new member.
Now such a cell is refused with its row and column named, in both languages.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from analysis.importer import import_files
from analysis.spreadsheets.tables import table_frames, workbook_bytes
from analysis.store.database import AllianceDatabase
from tests.attacks.conftest import Write, fingerprint
from tests.attacks.workbooks import xlsx

HEADER = "member_id,name_en,country,member_type,joined_on,city,website\n"


def row(member_id: str, name: str, city: str = "", website: str = "") -> str:
    return f"{member_id},{name},DEU,economic,2021-01-01,{city},{website}\n"


def test_control_characters_are_refused_with_row_and_column(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    padding = "".join(row(f"P{n:03d}", f"Padding member {n:03d} of the alliance") for n in range(200))
    assert len((HEADER + padding).encode()) > 8192  # the NUL below lies past the part that is sniffed
    text = (
        HEADER
        + row("M10", "Vertical\x0btab Institute")
        + row("M11", "Escape Institute", city="Ber\x1b[31mlin")
        + row("M12", "Bell Institute", website="https://bell.example\x07")
        + padding
        + row("M13", "Null\x00Institute")
    )
    before = fingerprint(members_001_and_003)

    report = import_files(members_001_and_003, [write("members.csv", text)])

    assert [(p.file, p.row, p.column, p.value, p.reason) for p in report.problems] == [
        (
            "members.csv",
            2,
            "name_en",
            "Vertical<U+000B>tab Institute",
            "name_en 'Vertical<U+000B>tab Institute' holds the control character U+000B (character 9 of "
            "the cell), which is invisible and cannot be stored in a spreadsheet; delete it (it usually "
            "comes from copying text out of another program)",
        ),
        (
            "members.csv",
            3,
            "city",
            "Ber<U+001B>[31mlin",
            "city 'Ber<U+001B>[31mlin' holds the control character U+001B (character 4 of the cell), which "
            "is invisible and cannot be stored in a spreadsheet; delete it (it usually comes from copying "
            "text out of another program)",
        ),
        (
            "members.csv",
            4,
            "website",
            "https://bell.example<U+0007>",
            "website 'https://bell.example<U+0007>' holds the control character U+0007 (character 21 of "
            "the cell), which is invisible and cannot be stored in a spreadsheet; delete it (it usually "
            "comes from copying text out of another program)",
        ),
        (
            "members.csv",
            205,  # header, three rows, 200 padding rows: the fifth of the file's members after them
            "name_en",
            "Null<U+0000>Institute",
            "name_en 'Null<U+0000>Institute' holds the control character U+0000 (character 5 of the cell), "
            "which is invisible and cannot be stored in a spreadsheet; delete it (it usually comes from "
            "copying text out of another program)",
        ),
    ]
    assert report.problems[0].reason_in("zh") == (
        "name_en“Vertical<U+000B>tab Institute”含有控制字符 U+000B（单元格第 9 个字符），该字符不可见且无法"
        "保存到电子表格；请删除它（通常来自从其他程序复制的文本）"
    )
    assert all("\x1b" not in str(problem) for problem in report.problems)  # a terminal shows no escape
    assert fingerprint(members_001_and_003) == before


def test_line_breaks_and_tabs_inside_a_cell_still_land(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    """What a spreadsheet writes itself (Alt+Enter, a pasted tab) is no control character to refuse."""
    text = HEADER + 'M10,"Two-line\nInstitute",DEU,economic,2021-01-01,"Ber\tlin",\n'

    report = import_files(members_001_and_003, [write("members.csv", text)])

    assert report.ok and report.rows_added == 1
    with members_001_and_003.reading() as cursor:
        assert cursor.execute("select name_en, city from members where member_id = 'M10'").fetchall() == [
            ("Two-line\nInstitute", "Ber\tlin")
        ]


def test_after_a_refused_import_the_workbook_export_still_works(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    report = import_files(
        members_001_and_003, [write("members.csv", HEADER + row("M10", "Vertical\x0btab Institute"))]
    )

    assert not report.ok
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(table_frames(members_001_and_003))))
    assert [row[0] for row in workbook["members"].iter_rows(min_row=2, values_only=True)] == ["001", "003"]


CONFUSABLE = (
    "\ufeff"  # the file's byte-order mark: the encoding marker, allowed
    "member_id,name_en,country,member_type,joined_on\n"
    "001\u200b,Zero Width Institute,DEU,economic,2021-01-01\n"
    "0\u200d01,Joiner Institute,DEU,economic,2021-01-01\n"
    "\ufeff003,Marked Institute,FRA,economic,2021-01-01\n"
    "M20,Evil \u202egnp.exe Institute,DEU,economic,2021-01-01\n"
)


def test_ids_that_only_look_like_stored_ids_are_refused(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    before = fingerprint(members_001_and_003)

    report = import_files(members_001_and_003, [write("members.csv", CONFUSABLE)])

    assert [(p.row, p.column, p.value, p.reason) for p in report.problems] == [
        (
            2,
            "member_id",
            "001<U+200B>",
            "member_id '001<U+200B>' holds the invisible character U+200B ZERO WIDTH SPACE (character 4 of "
            "the cell), which makes the text look like other text (e.g. one id like another); delete it, "
            "or type the cell again",
        ),
        (
            3,
            "member_id",
            "0<U+200D>01",
            "member_id '0<U+200D>01' holds the invisible character U+200D ZERO WIDTH JOINER (character 2 "
            "of the cell), which makes the text look like other text (e.g. one id like another); delete "
            "it, or type the cell again",
        ),
        (
            4,
            "member_id",
            "<U+FEFF>003",
            "member_id '<U+FEFF>003' holds the invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE "
            "(character 1 of the cell), which makes the text look like other text (e.g. one id like "
            "another); delete it, or type the cell again",
        ),
        (
            5,
            "name_en",
            "Evil <U+202E>gnp.exe Institute",
            "name_en 'Evil <U+202E>gnp.exe Institute' holds the invisible character U+202E RIGHT-TO-LEFT "
            "OVERRIDE (character 6 of the cell), which makes the text look like other text (e.g. one id "
            "like another); delete it, or type the cell again",
        ),
    ]
    assert report.problems[0].reason_in("zh") == (
        "member_id“001<U+200B>”含有不可见字符 U+200B ZERO WIDTH SPACE（单元格第 4 个字符），会使文本看起来"
        "与其他文本相同（例如一个编号看起来像另一个编号）；请删除它，或重新输入该单元格"
    )
    assert fingerprint(members_001_and_003) == before


@pytest.mark.parametrize(
    "character",
    [
        chr(code)
        for code in (
            *range(0x200B, 0x2010),
            *range(0x202A, 0x202F),
            *range(0x2060, 0x2065),
            *range(0x2066, 0x206A),
            0xFEFF,
        )
    ],
)
def test_every_listed_invisible_character_is_refused(
    members_001_and_003: AllianceDatabase, write: Write, character: str
) -> None:
    report = import_files(
        members_001_and_003, [write("members.csv", HEADER + row("M10", f"Name{character} Institute"))]
    )

    assert [(p.row, p.column, dict(p.details)["character"]) for p in report.problems] == [
        (2, "name_en", f"U+{ord(character):04X}")
    ]


def test_a_byte_order_mark_at_the_start_of_the_file_is_the_encoding_marker(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    report = import_files(
        members_001_and_003, [write("members.csv", "\ufeff" + HEADER + row("M10", "Marked Institute"))]
    )

    assert report.ok and report.rows_added == 1


def test_confusable_ids_in_a_workbook_are_refused_too(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    before = fingerprint(members_001_and_003)
    content = xlsx(
        {
            "members": [
                ["member_id", "name_en", "country", "member_type", "joined_on"],
                ["001\u2060", "Word Joiner Institute", "DEU", "economic", "2021-01-01"],
                ["M21", "Isolate \u2066Institute", "DEU", "economic", "2021-01-01"],
            ]
        }
    )

    report = import_files(members_001_and_003, [write("members.xlsx", content)])

    assert [(p.file, p.row, p.column, p.value) for p in report.problems] == [
        ("members.xlsx [members]", 2, "member_id", "001<U+2060>"),
        ("members.xlsx [members]", 3, "name_en", "Isolate <U+2066>Institute"),
    ]
    assert fingerprint(members_001_and_003) == before


def test_a_column_name_with_an_invisible_character_is_named(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    text = "member_id\u200b,name_en,country,member_type,joined_on\nM10,Name,DEU,economic,2021-01-01\n"

    report = import_files(members_001_and_003, [write("members.csv", text)])

    assert (report.problems[0].row, report.problems[0].column, report.problems[0].reason) == (
        1,
        None,
        "the name of column A ('member_id<U+200B>') holds the invisible character U+200B ZERO WIDTH SPACE "
        "(character 10); type the column's name again without it",
    )
    assert report.problems[0].reason_in("zh") == (
        "第 A 列的列名（“member_id<U+200B>”）含有不可见字符 U+200B ZERO WIDTH SPACE（第 10 个字符）；"
        "请重新输入列名，不要包含该字符"
    )
