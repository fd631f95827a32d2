"""A 50,000-row file with three bad rows reports all three; the command line prints the report and fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.cli.output import EXIT_BAD_DATA
from analysis.importer import ImportProblem, import_files
from analysis.store.database import AllianceDatabase
from tests.importer.conftest import fingerprint, write

HEADER = "member_id,name_en,country,member_type,joined_on\n"


def fifty_thousand_members_with_three_bad_rows() -> str:
    lines = [HEADER]
    for index in range(50_000):
        country, member_type, joined = "DEU", "economic", "2021-01-01"
        if index == 10:
            country = "Atlantis"  # spreadsheet row 12 (header is row 1, the first member row 2)
        if index == 25_000:
            joined = "2021-13-01"  # row 25,002
        if index == 49_999:
            member_type = "club"  # row 50,001, the last
        lines.append(f"{index:06d},Member {index},{country},{member_type},{joined}\n")
    return "".join(lines)


@pytest.mark.slow
def test_fifty_thousand_rows_with_three_bad_ones_report_all_three(
    two_members_one_event: AllianceDatabase, tmp_path: Path
) -> None:
    before = fingerprint(two_members_one_event)
    path = write(tmp_path, "members.csv", fifty_thousand_members_with_three_bad_rows())

    report = import_files(two_members_one_event, [path])

    assert report.problems == [
        ImportProblem(
            "members.csv",
            12,
            "country",
            "Atlantis",
            "country 'Atlantis' is not a known country; write its ISO3 code, ISO2 code or English name (for example SRB, RS or Serbia)",
        ),
        ImportProblem(
            "members.csv",
            25_002,
            "joined_on",
            "2021-13-01",
            "joined_on '2021-13-01' is not a date; write it as YYYY-MM-DD, for example 2024-03-31",
        ),
        ImportProblem(
            "members.csv",
            50_001,
            "member_type",
            "club",
            "member_type 'club' is not allowed; use one of: comprehensive, science_technology, economic, industry, publishing_media, enterprise",
        ),
    ]
    assert fingerprint(two_members_one_event) == before


@pytest.mark.slow
def test_fifty_thousand_good_rows_land(database: AllianceDatabase, tmp_path: Path) -> None:
    text = fifty_thousand_members_with_three_bad_rows()
    text = text.replace("Atlantis", "DEU").replace("2021-13-01", "2021-12-01").replace(",club,", ",economic,")

    report = import_files(database, [write(tmp_path, "members.csv", text)])

    assert report.ok and report.rows_added == 50_000
    assert database.table_counts()["members"] == 50_000


def test_cli_import_of_bad_files_prints_every_problem_and_exits_2(
    two_members_one_event: AllianceDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "members.csv", HEADER + "M02,One,Serbai,economic,2021-01-01\nM03,Two,DEU,club,2021-01-01\n"
    )
    report_csv = tmp_path / "problems.csv"
    database_file = str(two_members_one_event.path)
    before = fingerprint(two_members_one_event)
    two_members_one_event.close()  # the command opens the file itself

    exit_code = main(["import", str(path), "--db", database_file, "--report", str(report_csv)])

    printed = capsys.readouterr()
    assert exit_code == EXIT_BAD_DATA  # 3: the data was refused
    assert printed.out.splitlines() == [
        "2 problem(s) found; nothing was imported:",
        "  members.csv, row 2, column country: country 'Serbai' is not a known country; did you mean Serbia?",
        "  members.csv, row 3, column member_type: member_type 'club' is not allowed; use one of: "
        "comprehensive, science_technology, economic, industry, publishing_media, enterprise",
        f"every problem is listed in {report_csv}",
    ]
    assert printed.err == (
        "error: nothing imported: 2 problem(s) found; the database is unchanged; "
        "correct the files and import them again\n"
    )
    assert report_csv.read_text(encoding="utf-8-sig").splitlines()[0] == "file,row,column,value,reason"
    from analysis.store.database import open_database

    reopened = open_database(database_file)
    assert fingerprint(reopened) == before
    reopened.close()


def test_cli_import_then_export_writes_csv_and_workbook(
    database_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_path = tmp_path / "new.ducklake"
    assert main(["init", "--db", str(database_path)]) == 0
    path = write(tmp_path, "members.csv", HEADER + "007,One,NA,economic,2021-01-01\n")

    assert main(["import", str(path), "--db", str(database_path), "--by", "tester"]) == 0
    assert main(["export", "--out", str(tmp_path / "out"), "--template", "--db", str(database_path)]) == 0

    printed = capsys.readouterr().out
    assert "import #1 landed (members.csv):" in printed
    assert "  members              1 added       0 updated       0 unchanged" in printed
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "alliance_data.xlsx",
        "events.csv",
        "import_template.xlsx",
        "members.csv",
        "participation.csv",
        "roles.csv",
        "targets.csv",
    ]
    assert (tmp_path / "out" / "members.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "member_id,name_en,name_zh,country,city,city_zh,member_type,joined_on,left_on,website,source",
        "007,One,,NAM,,,economic,2021-01-01,,,",
    ]
