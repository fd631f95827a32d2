"""Every dangerous statement is refused, in plain words, and the database is left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis.errors import AllianceError
from analysis.sql_console import run_readonly_sql
from analysis.sql_console.audit import read_audit_log
from analysis.store.database import AllianceDatabase
from tests.sql_console.conftest import database_fingerprint

# A Python variable of "the app": with replacement scans on, DuckDB would read it as a table.
secret_frame = pd.DataFrame({"password": ["hunter2"]})

REFUSED_STATEMENTS = [
    ("DROP TABLE members", "would create, change or remove tables"),
    ("DELETE FROM members", "would change data (DELETE)"),
    ("SELECT 1; DELETE FROM members", "holds 2 statements"),
    ("COMMIT; DELETE FROM members", "holds 2 statements"),
    ("COPY members TO 'out.csv'", "would read or write files (COPY)"),
    ("SELECT * FROM read_csv('/etc/passwd')", "the table function read_csv is not available"),
    ("SELECT * FROM glob('/etc/*')", "the table function glob is not available"),
    ("ATTACH 'other.db'", "cannot open or close other databases (ATTACH)"),
    ("INSTALL httpfs", "installing or loading DuckDB extensions is not allowed (INSTALL)"),
    ("LOAD httpfs", "installing or loading DuckDB extensions is not allowed (LOAD)"),
    ("SET enable_external_access=true", "settings are locked"),
    ("SET memory_limit='1TB'", "settings are locked"),
    ("PRAGMA threads=4", "settings are locked"),
    ("PRAGMA enable_profiling", "PRAGMA statements can change settings"),
    ("EXPLAIN ANALYZE DELETE FROM members", "EXPLAIN is not offered"),
    ("UPDATE members SET name_en = 'x'", "would change data (UPDATE)"),
    ("INSERT INTO targets VALUES (2030, 'members', 1)", "would change data (INSERT)"),
    ("CREATE TABLE copy AS SELECT * FROM members", "would create, change or remove tables"),
    ("BEGIN TRANSACTION", "transaction commands"),
    ("SELECT * FROM secret_frame", "names secret_frame, which is not a table"),
]


@pytest.mark.parametrize(("sql", "reason_part"), REFUSED_STATEMENTS)
def test_dangerous_statement_is_refused_and_the_database_is_unchanged(
    console_database: AllianceDatabase, audit_log: Path, sql: str, reason_part: str
) -> None:
    before = database_fingerprint(console_database)

    result = run_readonly_sql(console_database, sql, audit_log=audit_log, user="analyst")

    assert result.refused, result
    assert result.outcome == "refused"
    assert result.reason is not None and reason_part in result.reason
    assert result.frame.empty
    assert database_fingerprint(console_database) == before
    assert (
        before["members"][0] == 3 and before["participation"][0] == 3
    )  # the fixture's rows, all still there
    assert not Path("out.csv").exists()


def test_call_of_a_table_function_is_allowed(console_database: AllianceDatabase, audit_log: Path) -> None:
    result = run_readonly_sql(console_database, "CALL pragma_version()", audit_log=audit_log)

    assert not result.refused and result.outcome == "answered"
    assert result.frame.loc[0, "library_version"] == f"v{duckdb.__version__}"


def test_a_delete_inside_a_cte_never_runs(console_database: AllianceDatabase, audit_log: Path) -> None:
    # DuckDB 1.5 does not parse a data-changing CTE at all ("A CTE needs a SELECT"): it fails as a
    # syntax error before anything runs, and the data stays as it was.
    before = database_fingerprint(console_database)
    sql = "WITH x AS (DELETE FROM members RETURNING *) SELECT * FROM x"
    result = run_readonly_sql(console_database, sql, audit_log=audit_log, user="analyst")
    assert result.outcome in {"refused", "failed"} and result.frame.empty
    assert result.reason is not None and ("DELETE" in result.reason or "CTE" in result.reason)
    assert database_fingerprint(console_database) == before


def test_python_variables_stay_out_of_reach_even_by_name_in_a_string(
    console_database: AllianceDatabase, audit_log: Path
) -> None:
    local_secret = pd.DataFrame({"password": ["swordfish"]})  # a local of the calling frame, too
    assert not local_secret.empty
    for sql in ("SELECT * FROM query_table('secret_frame')", "SELECT * FROM query_table('local_secret')"):
        result = run_readonly_sql(console_database, sql, audit_log=audit_log)

        assert result.outcome in {"refused", "failed"}, result
        assert result.frame.empty
        assert result.reason is not None and "table function query_table is not available" in result.reason


def test_text_that_is_not_sql_is_explained_not_run(
    console_database: AllianceDatabase, audit_log: Path
) -> None:
    result = run_readonly_sql(console_database, "SELEC name_en FROM members", audit_log=audit_log)

    assert result.outcome == "failed" and not result.refused
    assert result.reason is not None and result.reason.startswith("DuckDB could not read this SQL")
    assert 'near "SELEC"' in result.reason


def test_refusals_hold_on_a_database_file_opened_by_path(
    console_database: AllianceDatabase, audit_log: Path
) -> None:
    before = database_fingerprint(console_database)
    path = console_database.path
    console_database.close()
    for sql in ("DELETE FROM members", "SELECT * FROM read_csv('/etc/passwd')", "SET threads=8"):
        assert run_readonly_sql(path, sql, audit_log=audit_log).refused, sql
    answered = run_readonly_sql(path, "SELECT count(*) AS members FROM members", audit_log=audit_log)
    assert answered.frame["members"].tolist() == [3]

    from analysis.store.database import open_database

    reopened = open_database(path)
    try:
        assert database_fingerprint(reopened) == before
    finally:
        reopened.close()


def test_every_query_is_written_to_the_audit_log(console_database: AllianceDatabase, audit_log: Path) -> None:
    run_readonly_sql(
        console_database, "SELECT member_id FROM members ORDER BY 1", audit_log=audit_log, user="lin"
    )
    run_readonly_sql(console_database, "DROP TABLE members", audit_log=audit_log, user="lin")
    run_readonly_sql(console_database, "SELECT 1", audit_log=audit_log)

    entries = read_audit_log(audit_log)

    assert [entry["sql"] for entry in entries] == [
        "SELECT member_id FROM members ORDER BY 1",
        "DROP TABLE members",
        "SELECT 1",
    ]
    assert [entry["user"] for entry in entries] == ["lin", "lin", None]
    assert [entry["rows"] for entry in entries] == [3, 0, 1]  # m1, m2, m3; nothing; one row
    assert [entry["refused"] for entry in entries] == [False, True, False]
    assert entries[1]["reason"].startswith("Refused: this statement would create, change or remove tables")
    assert entries[0]["reason"] is None
    assert all(entry["ms"] >= 0 and entry["time"].endswith("+00:00") for entry in entries)


def test_a_missing_database_file_is_explained(tmp_path: Path, audit_log: Path) -> None:
    with pytest.raises(AllianceError, match=r"No alliance store at .*nowhere\.ducklake"):
        run_readonly_sql(tmp_path / "nowhere.ducklake", "SELECT 1", audit_log=audit_log)
