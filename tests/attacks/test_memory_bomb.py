"""Attack 4: a 16 KB members.xlsx whose 1,000 member_id cells all show one shared string of 1,000,000
characters. The importer used to hold a copy per cell and per message (more than 3 GB); now a cell is
limited to 10,000 characters, cut while the sheet is streamed, and every message quotes 80 at most.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.cli.output import EXIT_BAD_DATA
from analysis.importer import import_files
from analysis.importer.files import MAX_SHARED_STRINGS_BYTES
from analysis.store.database import AllianceDatabase
from tests.attacks.conftest import MB, Write, fingerprint, measured
from tests.attacks.workbooks import Cell, Shared, shared_strings_xml, xlsx

HEADER = ["member_id", "name_en", "country", "member_type", "joined_on"]
HUGE = "A" * 1_000_000  # about 1 MB: just under the 1 MiB from which the ZIP ratio is judged
SHOWN = "A" * 80 + "…"


def memory_bomb() -> bytes:
    rows: list[list[Cell]] = [list(HEADER)]
    rows += [[Shared(0), Shared(1), Shared(2), Shared(3), Shared(4)] for _ in range(1000)]
    return xlsx({"members": rows}, [HUGE, "Member", "DEU", "economic", "2021-01-01"])


def test_the_bomb_is_what_the_review_built() -> None:
    content = memory_bomb()
    assert len(content) < 20 * 1024  # about 16 KB on disk


def test_a_thousand_cells_showing_one_huge_string_are_refused_in_bounded_memory(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    before = fingerprint(members_001_and_003)
    path = write("members.xlsx", memory_bomb())

    with measured() as cost:
        report = import_files(members_001_and_003, [path])

    assert not report.ok
    assert [(problem.file, problem.row, problem.column) for problem in report.problems] == [
        ("members.xlsx [members]", row, "member_id") for row in range(2, 1002)
    ]
    first = report.problems[0]
    assert first.value == SHOWN
    assert first.reason == (
        f"member_id holds 1,000,000 characters (it begins '{SHOWN}'), more than the 10,000 one cell "
        "may hold; shorten it, or check that the column is the right one"
    )
    assert first.reason_in("zh") == (
        f"member_id 有 1,000,000 个字符（开头为“{SHOWN}”），超过单个单元格上限 10,000 个字符；"
        "请缩短内容，或检查该列是否填错"
    )
    assert all(problem.value == SHOWN and len(problem.reason) < 300 for problem in report.problems)
    assert cost.peak_bytes < 64 * MB, f"peak {cost.peak_bytes / MB:.0f} MB"
    assert cost.seconds < 30
    assert fingerprint(members_001_and_003) == before


def test_the_command_line_report_of_the_bomb_stays_small(
    members_001_and_003: AllianceDatabase, write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("members.xlsx", memory_bomb())
    report_csv = tmp_path / "problems.csv"
    store = str(members_001_and_003.path)
    members_001_and_003.close()

    exit_code = main(["import", str(path), "--db", store, "--report", str(report_csv)])

    printed = capsys.readouterr()
    assert exit_code == EXIT_BAD_DATA  # 3: the data was refused
    assert printed.out.splitlines()[0] == "1000 problem(s) found; nothing was imported:"
    assert len(printed.out) < 30_000  # 50 lines shown, each quoting 80 characters of the value
    assert report_csv.stat().st_size < 400_000  # 1,000 rows of about 300 characters, not 1 GB
    assert len(report_csv.read_text(encoding="utf-8-sig").splitlines()) == 1001


def test_a_shared_string_table_above_the_limit_is_refused_before_it_is_parsed(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    strings = [f"Member {n:08d} of the alliance" for n in range(1_300_000)]
    table = shared_strings_xml(strings)
    assert MAX_SHARED_STRINGS_BYTES < len(table) < 400 * MB  # over this limit, under the unpacked one
    content = xlsx({"members": [list(HEADER)]}, table)
    assert len(content) < 20 * MB  # under the upload limit, and each part packs less than 200 to 1
    before = fingerprint(members_001_and_003)
    path = write("members.xlsx", content)
    del strings, table, content

    with measured() as cost:
        report = import_files(members_001_and_003, [path])

    size = f"{len(shared_strings_xml([f'Member {n:08d} of the alliance' for n in range(1_300_000)])) / MB:.1f} MB"
    assert [(problem.file, problem.row, problem.column, problem.value) for problem in report.problems] == [
        ("members.xlsx", None, None, None)
    ]
    assert report.problems[0].reason == (
        f"the workbook's table of texts (xl/sharedStrings.xml) unpacks to {size}, more than the 50.0 MB "
        "an import accepts, so it is damaged or built to exhaust memory; save the data as CSV UTF-8, or "
        "split it into smaller workbooks"
    )
    assert report.problems[0].reason_in("zh").startswith("该工作簿的文本表（xl/sharedStrings.xml）解压后为 ")
    assert cost.peak_bytes < 3 * len(path.read_bytes()) + 10 * MB  # the file itself, not its texts parsed
    assert fingerprint(members_001_and_003) == before


CSV_HEADER = ",".join(HEADER) + "\n"


def test_a_cell_of_exactly_the_limit_lands_and_one_more_character_is_refused(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    longest = "N" * 10_000
    too_long = "L" * 10_001
    before = fingerprint(members_001_and_003)
    refused = write(
        "members.csv",
        CSV_HEADER + f"M10,{longest},DEU,economic,2021-01-01\nM11,{too_long},DEU,economic,2021-01-01\n",
    )

    report = import_files(members_001_and_003, [refused])

    assert [(p.row, p.column, p.value, p.reason) for p in report.problems] == [
        (
            3,
            "name_en",
            "L" * 80 + "…",
            f"name_en holds 10,001 characters (it begins '{'L' * 80}…'), more than the 10,000 one cell "
            "may hold; shorten it, or check that the column is the right one",
        )
    ]
    assert fingerprint(members_001_and_003) == before

    landed = import_files(
        members_001_and_003, [write("members.csv", CSV_HEADER + f"M10,{longest},DEU,economic,2021-01-01\n")]
    )

    assert landed.ok and landed.rows_added == 1
    with members_001_and_003.reading() as cursor:
        assert cursor.execute("select length(name_en) from members where member_id = 'M10'").fetchall() == [
            (10_000,)
        ]
