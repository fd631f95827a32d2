"""`python -m analysis sql`: the console on the command line, against a database file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from analysis.cli import sql_command
from analysis.errors import AllianceError
from analysis.store.database import AllianceDatabase


def run_sql_command(database: AllianceDatabase, audit_log: Path, *arguments: str) -> int:
    """Parse the arguments as the CLI would (with --db) and run the command on the closed database file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    sql_command.add_arguments(parser)
    path = str(database.path)
    database.close()
    return sql_command.run(parser.parse_args(["--db", path, "--audit-log", str(audit_log), *arguments]))


def test_json_output_holds_the_rows_and_a_truncation_note(
    console_database: AllianceDatabase, audit_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_sql_command(
        console_database, audit_log, "--format", "json", "--limit", "2",
        "SELECT member_id, joined_on FROM members ORDER BY member_id",
    )  # fmt: skip

    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out) == [
        {"member_id": "m1", "joined_on": "2020-09-19T00:00:00.000"},
        {"member_id": "m2", "joined_on": "2021-09-23T00:00:00.000"},
    ]  # m3 is the third of three rows: cut by --limit 2
    assert "2 rows" in err and "truncated at the limit of 2" in err


def test_csv_output(
    console_database: AllianceDatabase, audit_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_sql_command(
        console_database, audit_log, "--format", "csv",
        "SELECT country, count(*) AS members FROM members GROUP BY country ORDER BY country",
    )  # fmt: skip

    out, _ = capsys.readouterr()
    assert code == 0
    assert out.splitlines() == ["country,members", "CHN,1", "DEU,1", "USA,1"]


def test_a_refused_query_exits_2_with_the_reason(
    console_database: AllianceDatabase, audit_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_sql_command(console_database, audit_log, "DELETE FROM members")

    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("Refused: this statement would change data (DELETE)")


def test_a_bad_limit_is_explained(console_database: AllianceDatabase, audit_log: Path) -> None:
    with pytest.raises(AllianceError, match="--limit 0 is not a row count"):
        run_sql_command(console_database, audit_log, "--limit", "0", "SELECT 1")
