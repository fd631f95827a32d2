"""Safe concurrent use: one owner per file, snapshot reads during writes, crash safety, reconnecting."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.errors import DatabaseFatalError, DatabaseLockedError
from analysis.importer import import_files
from analysis.paths import PROJECT_ROOT
from analysis.store.database import AllianceDatabase, fetch_scalar, open_database
from tests.trust.conftest import fill_small_alliance


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


HOLD_OPEN = """
    import sys, time
    from analysis.store.database import open_database
    database = open_database(sys.argv[1])
    print("open", flush=True)
    time.sleep(120)
"""


def test_a_second_process_is_told_which_process_holds_the_file(database_path: Path) -> None:
    holder = start_python(HOLD_OPEN, str(database_path))
    try:
        wait_for_line(holder, "open")
        with pytest.raises(DatabaseLockedError) as refused:
            open_database(database_path)
        message = str(refused.value)
        assert f"(PID {holder.pid})" in message
        assert "-c" in message and "python" in message  # the holder's command line, read from /proc
        assert str(database_path) in message and "--db" in message  # where, and how to get past it
        with pytest.raises(DatabaseLockedError):  # read-only is refused too while a writer holds it
            open_database(database_path, read_only=True)
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_the_command_line_prints_the_holder_without_a_traceback(database_path: Path) -> None:
    holder = start_python(HOLD_OPEN, str(database_path))
    try:
        wait_for_line(holder, "open")
        status = subprocess.run(
            [sys.executable, "-m", "analysis", "status", "--db", str(database_path)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert status.returncode == 2
        assert "in use by another process" in status.stderr and f"(PID {holder.pid})" in status.stderr
        assert "Traceback" not in status.stderr
    finally:
        holder.kill()
        holder.wait(timeout=30)


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
def app_database(database_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AllianceDatabase]:
    """The dashboard's own shared database (pages/ui/database.py) on a small alliance."""
    seeded = open_database(database_path)
    fill_small_alliance(seeded)
    seeded.close()
    monkeypatch.setenv("ALLIANCE_DB", str(database_path))
    import streamlit as st

    from pages.ui.database import shared_database

    st.cache_resource.clear()
    database = shared_database()
    yield database
    database.close()
    st.cache_resource.clear()


def test_twenty_readers_see_before_or_after_an_import_never_a_mix(
    app_database: AllianceDatabase, tmp_path: Path
) -> None:
    from pages.ui.database import shared_database

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
    database_path: Path, large_members_file: Path, kill_at: float | str
) -> None:
    seeded = open_database(database_path)
    fill_small_alliance(seeded)
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


@pytest.fixture
def file_size_limit() -> Iterator[tuple[int, int]]:
    """Lets the test lower RLIMIT_FSIZE (writes past it fail with EFBIG); restores limit and signal after."""
    original = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    yield original
    resource.setrlimit(resource.RLIMIT_FSIZE, original)
    signal.signal(signal.SIGXFSZ, previous_handler)


def test_after_a_fatal_error_the_database_reconnects(
    database: AllianceDatabase, file_size_limit: tuple[int, int]
) -> None:
    """Provokes a real DuckDB FatalException: a checkpoint that cannot grow the file invalidates the database.

    The write itself fits in the write-ahead log; folding it into a file capped at its current size
    (RLIMIT_FSIZE) fails, which DuckDB treats as fatal ("database has been invalidated").
    """
    with database.writing() as cursor:
        cursor.execute("create table filler (i integer, text varchar)")
    database.checkpoint()
    resource.setrlimit(resource.RLIMIT_FSIZE, (database.path.stat().st_size, file_size_limit[1]))
    with database.writing() as cursor:  # 5,000 rows of ~100 bytes: fits in the log, not in the capped file
        cursor.execute("insert into filler select i, repeat('z', 100) from range(5000) as r(i)")
    with pytest.raises(DatabaseFatalError, match="fatal error"):
        database.checkpoint()
    resource.setrlimit(resource.RLIMIT_FSIZE, file_size_limit)

    # the next reader gets a fresh connection; DuckDB replays the log, so the committed write is there
    with database.reading() as cursor:
        assert fetch_scalar(cursor, "select count(*) from filler") == 5000
    assert database.reconnections == 1
    with database.writing() as cursor:  # and writing works again
        cursor.execute("insert into filler values (-1, 'after')")
    assert database.table_counts()["members"] == 0
