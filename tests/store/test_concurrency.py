"""Safe concurrent use of one store by many processes, in both modes: readers beside writers, one writer
at a time, snapshot reads during writes, crash safety, reconnecting after PostgreSQL went away."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.cli.output import EXIT_STORE_UNREACHABLE
from analysis.errors import DatabaseBusyError, DatabaseUnavailableError
from analysis.importer import import_files
from analysis.paths import PROJECT_ROOT
from analysis.store.database import AllianceDatabase, fetch_scalar, open_database
from benchmarks.postgres_cluster import PostgresCluster
from tests.datasets import add_member, fill_hostile_name_alliance


def start_python(code: str, *arguments: str) -> subprocess.Popen[str]:
    """A separate Python process running `code` from the project root (so `analysis` imports)."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *arguments],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], expected: str) -> None:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line == expected, f"child said {line!r}; stderr: {process.stderr.read() if process.stderr else ''}"


HOLD_OPEN_AND_READ = """
    import sys, time
    from analysis.store.database import open_database
    database = open_database(sys.argv[1])
    print("open", flush=True)
    for line in sys.stdin:  # each line asks for the member count, as a dashboard's next click would
        print(database.table_counts()["members"], flush=True)
"""


def test_a_second_process_reads_and_writes_while_the_first_holds_the_store(store_address: str) -> None:
    seeded = open_database(store_address)
    fill_hostile_name_alliance(seeded)
    seeded.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HOLD_OPEN_AND_READ), store_address],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        wait_for_line(holder, "open")
        holder.stdin.write("count\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "3"
        second = open_database(store_address)  # the same store, while the first process has it open
        try:
            add_member(second, "m4", "DEU", "2024-06-01")
        finally:
            second.close()
        holder.stdin.write("count\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "4"  # the holder sees the write at its next read
    finally:
        holder.kill()
        holder.wait(timeout=30)


HOLD_THE_WRITE_LOCK = """
    import sys, time
    from analysis.store.location import store_location
    from analysis.store.write_lock import exclusive_writer
    with exclusive_writer(store_location(sys.argv[1])):
        print("holding", flush=True)
        time.sleep(120)
"""


def test_a_write_that_meets_a_long_write_says_the_data_is_busy_and_changes_nothing(
    store_address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(store_address)
    holder = start_python(HOLD_THE_WRITE_LOCK, store_address)
    try:
        wait_for_line(holder, "holding")
        monkeypatch.setenv("ALLIANCE_WRITE_WAIT_SECONDS", "1")
        members = tmp_path / "members.csv"
        members.write_text(
            "member_id,name_en,country,member_type,joined_on\nb1,Busy,DEU,industry,2024-06-01\n",
            encoding="utf-8",
        )
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError, match=r"being changed by another process.*Nothing was changed"):
            import_files(database, [members])
        assert 1 <= time.monotonic() - started < 10
        command = subprocess.run(
            [sys.executable, "-m", "analysis", "import", str(members), "--db", store_address],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "ALLIANCE_WRITE_WAIT_SECONDS": "1"},
        )
        assert command.returncode == EXIT_STORE_UNREACHABLE, command.stderr  # 4: busy
        assert "Try again in a minute" in command.stderr and "Traceback" not in command.stderr
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert database.table_counts()["members"] == 0
    database.close()


IMPORT_ONE_FILE = """
    import sys
    from analysis.importer import import_files
    from analysis.store.database import open_database
    database = open_database(sys.argv[1])
    report = import_files(database, [sys.argv[2]])
    print("ok" if report.ok else report.problems, flush=True)
"""


def test_two_processes_importing_at_once_both_land_one_after_the_other(
    store_address: str, tmp_path: Path
) -> None:
    open_database(store_address).close()
    files = []
    for office in ("a", "b"):
        path = tmp_path / office / "members.csv"
        path.parent.mkdir()
        path.write_text(
            "member_id,name_en,country,member_type,joined_on\n"
            + "".join(
                f"{office}{i},Office {office} member {i},FRA,economic,2024-01-01\n" for i in range(2000)
            ),
            encoding="utf-8",
        )
        files.append(path)
    importers = [start_python(IMPORT_ONE_FILE, store_address, str(path)) for path in files]
    for importer in importers:
        wait_for_line(importer, "ok")
        importer.wait(timeout=120)
    database = open_database(store_address, read_only=True)
    try:
        assert database.table_counts()["members"] == 4000
        with database.reading() as cursor:
            assert sorted(row[0] for row in cursor.execute("select import_id from imports").fetchall()) == [
                1,
                2,
            ]
    finally:
        database.close()


ADDED_MEMBERS = 400


def import_members_and_participation(database: AllianceDatabase, folder: Path) -> None:
    """One import through the real importer: 400 members and a participation row for each, landing together."""
    folder.mkdir(parents=True, exist_ok=True)
    members = folder / "members.csv"
    members.write_text(
        "member_id,name_en,country,member_type,joined_on\n"
        + "".join(f"bulk{i},Bulk member {i},DEU,industry,2024-06-01\n" for i in range(ADDED_MEMBERS)),
        encoding="utf-8",
    )
    participation = folder / "participation.csv"
    participation.write_text(
        "event_id,member_id,role\n" + "".join(f"e2,bulk{i},participant\n" for i in range(ADDED_MEMBERS)),
        encoding="utf-8",
    )
    report = import_files(database, [members, participation])
    assert report.ok, report.problems


@pytest.fixture
def app_database(store_address: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AllianceDatabase]:
    """The dashboard's own shared database (app_ui/state/database.py) on a small alliance, in either mode."""
    seeded = open_database(store_address)
    fill_hostile_name_alliance(seeded)
    seeded.close()
    monkeypatch.setenv("ALLIANCE_DB", store_address)
    import streamlit as st

    from app_ui.state.database import shared_database

    st.cache_resource.clear()
    database = shared_database()
    yield database
    database.close()
    st.cache_resource.clear()


def test_twenty_readers_see_before_or_after_an_import_never_a_mix(
    app_database: AllianceDatabase, tmp_path: Path
) -> None:
    from app_ui.state.database import shared_database

    # fill_small_alliance: 3 members, 3 participation rows; the import adds 400 of each
    before, after = (3, 3), (3 + ADDED_MEMBERS, 3 + ADDED_MEMBERS)
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    write_done = threading.Event()
    start = threading.Barrier(21)

    def read_until_the_write_is_done() -> None:
        try:
            start.wait()
            rounds_after_write = 0
            while rounds_after_write < 3:
                if write_done.is_set():
                    rounds_after_write += 1
                with shared_database().reading() as cursor:  # the app's cursor factory, one cursor per read
                    members = int(fetch_scalar(cursor, "select count(*) from members"))
                    time.sleep(0.001)  # let the writer commit between the two queries if it is going to
                    participation = int(fetch_scalar(cursor, "select count(*) from participation"))
                seen.append((members, participation))
        except BaseException as error:
            errors.append(error)

    readers = [threading.Thread(target=read_until_the_write_is_done) for _ in range(20)]
    for reader in readers:
        reader.start()
    start.wait()
    time.sleep(0.05)
    import_members_and_participation(app_database, tmp_path / "import")
    write_done.set()
    for reader in readers:
        reader.join(timeout=120)

    assert errors == []
    assert set(seen) <= {before, after}
    assert after in seen  # every reader read three times after the write landed
    assert app_database.table_counts()["members"] == 3 + ADDED_MEMBERS


IMPORT_THEN_WAIT = """
    import sys, time
    from analysis.importer import import_files
    from analysis.store.database import open_database
    database = open_database(sys.argv[1])
    print("importing", flush=True)
    report = import_files(database, [sys.argv[2]])
    assert report.ok, report.problems
    print("imported", flush=True)
    time.sleep(120)
"""
IMPORTED_MEMBERS = 30_000


@pytest.fixture(scope="module")
def large_members_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30,000 new members (1.6 MB): an import that takes seconds, so a kill can land inside it."""
    path = tmp_path_factory.mktemp("kill") / "members.csv"
    path.write_text(
        "member_id,name_en,country,member_type,joined_on\n"
        + "".join(f"k{i},Imported member {i},FRA,economic,2024-01-01\n" for i in range(IMPORTED_MEMBERS)),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("kill_at", ["at once", 0.5, 1.5, 3.0, "after the import"])
def test_kill_9_during_an_import_leaves_the_old_or_the_new_content(
    store_address: str, large_members_file: Path, kill_at: float | str
) -> None:
    database_path = store_address
    seeded = open_database(database_path)
    fill_hostile_name_alliance(seeded)
    seeded.close()

    importer = start_python(IMPORT_THEN_WAIT, str(database_path), str(large_members_file))
    wait_for_line(importer, "importing")
    if kill_at == "after the import":
        wait_for_line(importer, "imported")
    elif isinstance(kill_at, float):
        time.sleep(kill_at)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)
    assert importer.returncode == -signal.SIGKILL

    reopened = open_database(database_path, create=False)
    try:
        members = reopened.table_counts()["members"]
        # old: the 3 seeded members; new: 3 + 30,000 imported; nothing in between
        assert members in {3, 3 + IMPORTED_MEMBERS}
        if kill_at == "at once":
            assert members == 3  # killed before the file was even read
        if kill_at == "after the import":
            assert members == 3 + IMPORTED_MEMBERS  # an import that reported success is durable
    finally:
        reopened.close()


def test_when_postgresql_goes_away_readers_are_asked_to_retry_and_the_next_request_reconnects(
    postgres_cluster: PostgresCluster, server_address: str
) -> None:
    database = open_database(server_address)
    try:
        add_member(database, "m1", "CHN", "2020-09-01")
        postgres_cluster.stop()
        try:
            with pytest.raises(DatabaseUnavailableError, match=r"is not answering.*again in a moment"):
                database.table_counts()
        finally:
            postgres_cluster.start()
        assert database.table_counts()["members"] == 1  # the next request attaches the store again
        assert database.reconnections == 1
        add_member(database, "m2", "DEU", "2021-09-23")  # and writing works again
        assert database.table_counts()["members"] == 2
    finally:
        database.close()
