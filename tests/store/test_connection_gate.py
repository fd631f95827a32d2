"""Replacing the connection (restore, reconnect) waits for readers and lets none in meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from analysis.store.backups import backup_before_write, restore_backup
from analysis.store.connection_gate import ConnectionGate
from analysis.store.database import AllianceDatabase, fetch_scalar
from tests.datasets import add_member


def test_the_connection_is_replaced_only_when_no_one_uses_it() -> None:
    gate = ConnectionGate()
    events: list[str] = []
    reader_inside = threading.Event()
    release_reader = threading.Event()

    def reader() -> None:
        with gate.shared():
            events.append("reader in")
            reader_inside.set()
            release_reader.wait(10)
            events.append("reader out")

    def replacer() -> None:
        with gate.exclusive():
            events.append("replaced")

    def late_reader() -> None:
        with gate.shared():
            events.append("late reader in")

    first = threading.Thread(target=reader)
    first.start()
    reader_inside.wait(10)
    replacing = threading.Thread(target=replacer)
    replacing.start()
    time.sleep(0.1)
    late = threading.Thread(target=late_reader)
    late.start()
    time.sleep(0.1)
    assert events == ["reader in"]  # the replacer waits for the reader, the late reader for the replacer
    release_reader.set()
    for thread in (first, replacing, late):
        thread.join(10)
    assert events == ["reader in", "reader out", "replaced", "late reader in"]


def test_a_reader_may_read_again_inside_its_read_but_not_replace_the_connection() -> None:
    gate = ConnectionGate()
    with gate.shared(), gate.shared():  # re-entrant: does not wait behind anyone
        assert gate.held_by_this_thread()
        with pytest.raises(RuntimeError, match="from inside a read or write"), gate.exclusive():
            pass
    assert not gate.held_by_this_thread()


def test_a_restore_while_twenty_readers_read_gives_no_errors(database: AllianceDatabase) -> None:
    for number in range(3):
        add_member(database, f"m{number}", "CHN", "2021-01-01")
    folder = backup_before_write(database, "import")
    assert folder is not None
    for number in range(3, 10):
        add_member(database, f"m{number}", "CHN", "2021-01-01")

    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                with database.reading() as cursor:
                    seen.append(int(fetch_scalar(cursor, "select count(*) from members")))
        except BaseException as error:
            errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(20)]
    for reader in readers:
        reader.start()
    time.sleep(0.2)
    restore_backup(database, folder)
    time.sleep(0.2)
    stop.set()
    for reader in readers:
        reader.join(30)

    assert errors == []
    assert set(seen) == {10, 3}  # 10 members before the restore, the backup's 3 after; nothing else
    assert database.table_counts()["members"] == 3
