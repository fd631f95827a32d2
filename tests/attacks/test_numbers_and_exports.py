"""Attack 8: whole numbers beyond what the store's column holds; attack 13: formulas in CSV we write.

attendees = 3000000000 used to pass the check and then fail in DuckDB with a raw "Conversion Error
... INT32" and no row; now it is refused at import with the row named. `sql --format csv` and
`import --report` wrote =HYPERLINK(...), +cmd|..., @SUM(...) as they are; now as text, like every export.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.cli.output import EXIT_BAD_DATA
from analysis.importer import import_files
from analysis.store.database import AllianceDatabase, open_database
from tests.attacks.conftest import Write, fingerprint
from tests.datasets import add_member

EVENTS = "event_id,title_en,event_type,start_date,end_date,country,format,attendees,countries_represented,online_viewers\n"


def event(event_id: str, attendees: str = "", countries: str = "", viewers: str = "") -> str:
    return f"{event_id},Forum {event_id},forum,2024-06-12,2024-06-12,CHN,hybrid,{attendees},{countries},{viewers}\n"


def test_numbers_beyond_the_database_column_are_refused_with_the_row(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    before = fingerprint(members_001_and_003)
    text = EVENTS + event("E10", attendees="3000000000") + event("E11", countries="2147483648")
    targets = "year,metric,target\n2025,members,3000000000\n"

    report = import_files(members_001_and_003, [write("events.csv", text), write("targets.csv", targets)])

    assert [(p.file, p.row, p.column, p.value, p.reason) for p in report.problems] == [
        (
            "events.csv",
            2,
            "attendees",
            "3000000000",
            "attendees 3000000000 is more than the database can store; give a whole number from 0 to "
            "2,147,483,647",
        ),
        (
            "events.csv",
            3,
            "countries_represented",
            "2147483648",
            "countries_represented 2147483648 is more than the database can store; give a whole number "
            "from 0 to 2,147,483,647",
        ),
        (
            "targets.csv",
            2,
            "target",
            "3000000000",
            "target 3000000000 is more than the database can store; give a whole number from 0 to "
            "2,147,483,647",
        ),
    ]
    assert report.problems[0].reason_in("zh") == (
        "attendees 为 3000000000，超出数据库可存储的范围；请填写 0 到 2,147,483,647 之间的整数"
    )
    assert fingerprint(members_001_and_003) == before


def test_the_largest_numbers_each_column_holds_land(
    members_001_and_003: AllianceDatabase, write: Write
) -> None:
    """INTEGER holds 2,147,483,647; online_viewers is a BIGINT, so three billion viewers are fine."""
    text = EVENTS + event("E10", attendees="2147483647", countries="2147483647", viewers="3000000000")

    report = import_files(members_001_and_003, [write("events.csv", text)])

    assert report.ok, [str(problem) for problem in report.problems]
    with members_001_and_003.reading() as cursor:
        assert cursor.execute(
            "select attendees, countries_represented, online_viewers from events where event_id = 'E10'"
        ).fetchall() == [(2_147_483_647, 2_147_483_647, 3_000_000_000)]


def test_the_command_line_names_the_row_not_a_conversion_error(
    members_001_and_003: AllianceDatabase, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("events.csv", EVENTS + event("E10", attendees="3000000000"))
    store = str(members_001_and_003.path)
    members_001_and_003.close()

    exit_code = main(["import", str(path), "--db", store])

    printed = capsys.readouterr()
    assert exit_code == EXIT_BAD_DATA  # 3: the data was refused
    assert printed.out.splitlines() == [
        "1 problem(s) found; nothing was imported:",
        "  events.csv, row 2, column attendees: attendees 3000000000 is more than the database can store; "
        "give a whole number from 0 to 2,147,483,647",
    ]
    assert "Conversion Error" not in printed.out + printed.err


FORMULAS = ('=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)")


def test_sql_csv_output_writes_formulas_as_text(
    database: AllianceDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_member(
        database, "M01", "DEU", "2021-01-01", name_en=FORMULAS[0], city=FORMULAS[1], website=FORMULAS[2]
    )
    store = str(database.path)
    database.close()

    exit_code = main(
        [
            "sql",
            "select member_id, name_en, city, website from members",
            "--db",
            store,
            "--format",
            "csv",
            "--audit-log",
            str(tmp_path / "audit.jsonl"),
        ]
    )

    printed = capsys.readouterr().out
    assert exit_code == 0
    assert list(csv.reader(printed.splitlines())) == [
        ["member_id", "name_en", "city", "website"],
        ["M01", "'" + FORMULAS[0], "'" + FORMULAS[1], "'" + FORMULAS[2]],
    ]


def test_the_import_report_csv_writes_the_offending_values_as_text(
    members_001_and_003: AllianceDatabase, write: Write, tmp_path: Path
) -> None:
    header = "member_id,name_en,country,member_type,joined_on\n"
    text = header + "".join(
        f"M{n},Name {n},DEU,{formula},2021-01-01\n"
        for n, formula in enumerate(["=HYPERLINK(1)", "+cmd", "@SUM(1)"])
    )
    report_csv = tmp_path / "problems.csv"
    store = str(members_001_and_003.path)
    before = fingerprint(members_001_and_003)
    members_001_and_003.close()

    exit_code = main(["import", str(write("members.csv", text)), "--db", store, "--report", str(report_csv)])

    assert exit_code == EXIT_BAD_DATA  # 3: the data was refused
    rows = list(csv.reader(report_csv.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["file", "row", "column", "value", "reason"]
    assert [row[:4] for row in rows[1:]] == [
        ["members.csv", "2", "member_type", "'=HYPERLINK(1)"],
        ["members.csv", "3", "member_type", "'+cmd"],
        ["members.csv", "4", "member_type", "'@SUM(1)"],
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    reopened = open_database(store)
    assert fingerprint(reopened) == before
    reopened.close()
