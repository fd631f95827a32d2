"""The console's limits: rows cut and flagged, runaway queries stopped, the sandbox locked down."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from analysis.sql_console import run_readonly_sql, schema_overview, table_overview
from analysis.sql_console.policy import DUCKDB_MEMORY_LIMIT_BYTES, THREADS, MiB
from analysis.sql_console.sandbox import make_snapshot
from analysis.sql_console.worker import open_locked
from analysis.store.database import AllianceDatabase, open_database
from tests.datasets import add_member


@pytest.mark.slow
def test_a_runaway_cross_join_stops_at_the_time_limit_and_the_next_query_answers(
    large_participation_database: AllianceDatabase, audit_log: Path
) -> None:
    timeout_seconds = 2.0
    # 100,000 x 100,000 = 10^10 pairs to hash: minutes of work without the timer.
    runaway = "SELECT sum(hash(a.member_id, b.event_id)) FROM participation a CROSS JOIN participation b"

    count = "SELECT count(*) AS n FROM participation"
    opened = run_readonly_sql(large_participation_database, count, audit_log=audit_log)  # the console is open
    assert opened.frame["n"].tolist() == [100_000]  # 100 events x 1,000 members

    started = time.monotonic()
    result = run_readonly_sql(
        large_participation_database, runaway, timeout_seconds=timeout_seconds, audit_log=audit_log
    )
    elapsed = time.monotonic() - started

    assert result.outcome == "timed_out"
    assert result.reason is not None and "time limit of 2 seconds" in result.reason
    assert elapsed < timeout_seconds + 2
    following = run_readonly_sql(large_participation_database, count, audit_log=audit_log)
    assert following.outcome == "answered"
    assert following.frame["n"].tolist() == [100_000]


def test_a_million_row_result_is_cut_at_the_limit_and_flagged(
    large_participation_database: AllianceDatabase, audit_log: Path
) -> None:
    million_rows = (
        "SELECT p.event_id, p.member_id, r.range AS copy FROM participation p CROSS JOIN range(10) r"
    )
    size = run_readonly_sql(
        large_participation_database, f"SELECT count(*) AS n FROM ({million_rows})", audit_log=audit_log
    )
    assert size.frame["n"].tolist() == [1_000_000]  # 100,000 participations x 10

    result = run_readonly_sql(large_participation_database, million_rows, audit_log=audit_log)

    assert result.truncated
    assert len(result.frame) == 10_000  # the default limit
    assert list(result.frame.columns) == ["event_id", "member_id", "copy"]
    smaller = run_readonly_sql(large_participation_database, million_rows, limit=5, audit_log=audit_log)
    assert smaller.truncated and len(smaller.frame) == 5


def test_a_result_within_the_limit_is_not_flagged(
    console_database: AllianceDatabase, audit_log: Path
) -> None:
    exact = run_readonly_sql(console_database, "SELECT * FROM members", limit=3, audit_log=audit_log)
    empty = run_readonly_sql(
        console_database, "SELECT member_id FROM members WHERE false", audit_log=audit_log
    )

    assert not exact.truncated and len(exact.frame) == 3  # three members, limit three
    assert not empty.truncated and empty.frame.empty and list(empty.frame.columns) == ["member_id"]


def test_the_sandbox_is_configured_for_untrusted_sql(
    console_database: AllianceDatabase, tmp_path: Path
) -> None:
    snapshot = make_snapshot(console_database)
    connection = open_locked(snapshot.path, tmp_path)  # as the worker opens it
    try:
        settings = dict(
            connection.execute(
                "select name, value from duckdb_settings() where name in ('enable_external_access', "
                "'python_enable_replacements', 'lock_configuration', 'memory_limit', 'threads', 'access_mode', "
                "'temp_directory', 'home_directory')"
            ).fetchall()
        )
        assert settings["enable_external_access"] == "false"
        assert settings["python_enable_replacements"] == "false"
        assert settings["lock_configuration"] == "true"
        assert settings["access_mode"] == "read_only"
        assert settings["threads"] == str(THREADS) == "1"
        assert settings["memory_limit"] == "384.0 MiB" and DUCKDB_MEMORY_LIMIT_BYTES // MiB == 384
        # Only the worker's own folder, never the server's home or working folder.
        assert settings["home_directory"] == str(tmp_path)
        assert settings["temp_directory"] == str(tmp_path / "spill")
        # Even past the statement check, the instance itself refuses writes, files and setting changes.
        for statement, error in [
            ("DELETE FROM members", duckdb.Error),
            ("SELECT * FROM read_csv('/etc/passwd')", duckdb.PermissionException),
            ("SET enable_external_access = true", duckdb.InvalidInputException),
            ("SET memory_limit = '1TB'", duckdb.InvalidInputException),
        ]:
            with pytest.raises(error):
                connection.execute(statement)
    finally:
        connection.close()
        snapshot.retire()


def test_the_console_sees_new_data_after_a_write(console_database: AllianceDatabase, audit_log: Path) -> None:
    count = "SELECT count(*) AS n FROM members"
    assert run_readonly_sql(console_database, count, audit_log=audit_log).frame["n"].tolist() == [3]

    add_member(console_database, "m4", "JPN", "2024-01-01")  # bumps the data version

    assert run_readonly_sql(console_database, count, audit_log=audit_log).frame["n"].tolist() == [4]


def test_the_schema_browser_describes_every_column_in_both_languages(
    console_database: AllianceDatabase,
) -> None:
    for language in ("en", "zh"):
        schema = schema_overview(console_database, language)
        assert {"members", "events", "participation", "roles", "countries", "targets"} <= set(schema["table"])
        missing = schema.loc[schema["meaning"] == "", ["table", "column"]].values.tolist()
        assert missing == [], f"columns without a meaning in {language}: {missing}"
        tables = table_overview(schema, language)
        assert tables["table"].is_unique and (tables["meaning"] != "").all()
    english = schema_overview(console_database, "en").set_index(["table", "column"])
    assert english.loc[("members", "left_on"), "type"] == "DATE"
    assert "no longer counts from this day" in str(english.loc[("members", "left_on"), "meaning"])


def test_the_console_reads_a_database_opened_read_only_or_in_memory(
    console_database: AllianceDatabase, audit_log: Path
) -> None:
    path = console_database.path
    console_database.close()
    read_only = open_database(path, create=False, read_only=True)
    in_memory = open_database(":memory:")
    try:
        add_member(in_memory, "x1", "FRA", "2022-01-01")
        for database, expected in ((read_only, 3), (in_memory, 1)):  # the fixture's m1-m3; x1 alone
            result = run_readonly_sql(database, "SELECT count(*) AS n FROM members", audit_log=audit_log)
            assert result.frame["n"].tolist() == [expected]
            assert run_readonly_sql(database, "DELETE FROM members", audit_log=audit_log).refused
    finally:
        read_only.close()
        in_memory.close()


def test_sessions_can_query_at_the_same_time(console_database: AllianceDatabase, audit_log: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    queries = [f"SELECT count(*) + {offset} AS n FROM members" for offset in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda sql: run_readonly_sql(console_database, sql, audit_log=audit_log), queries)
        )

    assert [result.frame["n"].tolist() for result in results] == [[3 + offset] for offset in range(8)]
    assert len(audit_log.read_text(encoding="utf-8").splitlines()) == 8  # one whole line per query
