"""Attack 5: a workbook with hundreds of junk sheets of about 1 MiB each. Every sheet used to be parsed
(`read_excel(sheet_name=None)`); now a workbook of more than 50 sheets is refused before any sheet is
read, and of the others only the sheets named after a table are parsed.
"""

from __future__ import annotations

import pytest

from analysis.importer import import_files
from analysis.store.database import AllianceDatabase
from tests.attacks.conftest import MB, Write, fingerprint, measured
from tests.attacks.workbooks import MAIN, Sheet, xlsx

MEMBERS = [
    ["member_id", "name_en", "country", "member_type", "joined_on"],
    ["M10", "Tenth Institute", "DEU", "economic", "2021-01-01"],
]
TOO_MANY = (
    "the workbook has {count} sheets, more than the 50 an import accepts; keep only the sheets named "
    "after tables (members, events, roles, participation, targets) and save it again, or import each "
    "table as a CSV UTF-8 file"
)


def junk_sheet() -> bytes:
    """About 1 MiB of numbers (cells without addresses, as OOXML allows): it packs about 60 to 1."""
    rows = "".join(
        "<row>" + "".join(f"<c><v>{(n % 64) * k}</v></c>" for k in range(8)) + "</row>" for n in range(7_500)
    )
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def test_hundreds_of_junk_sheets_are_refused_before_any_is_parsed(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    junk = junk_sheet()
    assert MB <= len(junk) < 1.3 * MB
    sheets: dict[str, Sheet] = {"members": MEMBERS}  # type: ignore[dict-item]
    sheets.update({f"junk {n}": junk for n in range(300)})
    content = xlsx(sheets)
    assert len(content) < 20 * MB  # under the upload limit and the ZIP limits (300 MiB unpacked, 60 to 1)
    before = fingerprint(members_001_and_003)
    path = write("alliance.xlsx", content)

    with measured() as cost:
        report = import_files(members_001_and_003, [path])

    assert [(p.file, p.row, p.column, p.value, p.reason) for p in report.problems] == [
        ("alliance.xlsx", None, None, None, TOO_MANY.format(count=301))
    ]
    assert report.problems[0].reason_in("zh") == (
        "该工作簿有 301 个工作表，超过导入上限 50 个；请只保留以表名命名的工作表"
        "（members, events, roles, participation, targets）后重新保存，或将每个表分别导出为 CSV UTF-8 文件导入"
    )
    assert cost.seconds < 10  # every one of the 300 MiB of sheets used to be parsed
    assert fingerprint(members_001_and_003) == before


@pytest.mark.parametrize(("sheet_count", "refused"), [(50, False), (51, True)])
def test_the_sheet_limit_is_fifty(
    members_001_and_003: AllianceDatabase, write: Write, sheet_count: int, refused: bool
) -> None:
    sheets: dict[str, Sheet] = {"members": MEMBERS}  # type: ignore[dict-item]
    sheets.update({f"notes {n}": [["a note"]] for n in range(sheet_count - 1)})

    report = import_files(members_001_and_003, [write("alliance.xlsx", xlsx(sheets))])

    if refused:
        assert [p.reason for p in report.problems] == [TOO_MANY.format(count=51)]
    else:
        assert report.ok and report.rows_added == 1


def test_only_the_table_sheets_are_parsed(members_001_and_003: AllianceDatabase, write: Write) -> None:
    """Other sheets are not even opened: 49 sheets of broken XML next to `members` do not matter."""
    broken = b"<worksheet><sheetData><row r='1'><c r='A1'"  # not XML: parsing it would fail
    sheets: dict[str, Sheet] = {f"scratch {n}": broken for n in range(49)}
    sheets["Members"] = MEMBERS  # type: ignore[assignment]  # a table's sheet, in any case, anywhere

    with measured() as cost:
        report = import_files(members_001_and_003, [write("alliance.xlsx", xlsx(sheets))])

    assert report.ok, [str(problem) for problem in report.problems]
    assert report.rows_added == 1
    assert cost.seconds < 10
    with members_001_and_003.reading() as cursor:
        assert cursor.execute("select name_en from members where member_id = 'M10'").fetchall() == [
            ("Tenth Institute",)
        ]


def test_the_operations_guide_states_each_limit_with_its_number() -> None:
    from analysis.importer.cells import MAX_CELL_CHARS, SHOWN_CHARS
    from analysis.importer.files import MAX_SHARED_STRINGS_BYTES, MAX_SHEETS
    from analysis.paths import PROJECT_ROOT

    operations = (PROJECT_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    limits = operations.split("## Limits", 1)[1].split("\n## ", 1)[0]
    assert f"at most {MAX_SHEETS} sheets" in limits
    assert f"at most {MAX_CELL_CHARS:,} characters each" in limits
    assert f"at most {SHOWN_CHARS} characters of any value" in limits
    assert f"at most\n  {MAX_SHARED_STRINGS_BYTES // MB} MB" in limits
