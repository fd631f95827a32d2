"""Backups before writes, keeping the last N, and a restore that gives back identical content."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import AllianceError
from analysis.paths import PROJECT_ROOT
from analysis.store.backups import (
    BACKUPS_KEPT_VARIABLE,
    backup_before_write,
    backup_directory,
    content_fingerprint,
    list_backups,
    read_backup,
    restore_backup,
)
from analysis.store.database import AllianceDatabase, fetch_scalar, open_database
from tests.datasets import HOSTILE_NAME, add_member


def fingerprint(database: AllianceDatabase) -> dict[str, tuple[int, str]]:
    with database.reading() as cursor:
        return content_fingerprint(cursor)


def change_everything(database: AllianceDatabase) -> None:
    """One member added, one renamed, one participation row and the target removed."""
    add_member(database, "m4", "JPN", "2024-04-28")
    with database.writing() as cursor:
        cursor.execute("update members set name_en = 'Renamed' where member_id = 'm1'")
        cursor.execute("delete from participation where member_id = 'm2'")
        cursor.execute("delete from targets")


def test_backup_change_restore_gives_back_identical_content(
    hostile_name_alliance_store: AllianceDatabase,
) -> None:
    before = fingerprint(hostile_name_alliance_store)
    # fill_small_alliance_store: 3 members, 1 role, 2 events, 3 participation rows, 1 target, 1 import
    assert {table: count for table, (count, _) in before.items() if table != "countries"} == {
        "members": 3,
        "roles": 1,
        "events": 2,
        "participation": 3,
        "targets": 1,
        "imports": 1,
    }
    folder = backup_before_write(hostile_name_alliance_store, "import")
    assert folder is not None and folder.parent == backup_directory(hostile_name_alliance_store)
    assert folder.name.endswith("-import")

    change_everything(hostile_name_alliance_store)
    changed = fingerprint(hostile_name_alliance_store)
    assert changed["members"][0] == 4 and changed["participation"][0] == 2 and changed["targets"][0] == 0
    assert changed["members"][1] != before["members"][1]

    version_before_restore = hostile_name_alliance_store.data_version()
    safety = restore_backup(hostile_name_alliance_store, folder)

    assert fingerprint(hostile_name_alliance_store) == before
    # the restore moved the data version on, so no cached result of either content survives
    assert hostile_name_alliance_store.data_version() > version_before_restore
    # ... and the content it replaced was itself backed up first
    assert safety is not None and read_backup(safety).table_counts["members"] == 4
    with hostile_name_alliance_store.reading() as cursor:
        assert fetch_scalar(cursor, "select name_en from members where member_id = 'm2'") == HOSTILE_NAME


def test_restored_database_survives_reopening(hostile_name_alliance_store: AllianceDatabase) -> None:
    folder = backup_before_write(hostile_name_alliance_store, "import")
    assert folder is not None
    change_everything(hostile_name_alliance_store)
    restore_backup(hostile_name_alliance_store, folder)
    expected = fingerprint(hostile_name_alliance_store)
    hostile_name_alliance_store.close()
    reopened = open_database(hostile_name_alliance_store.location.address, create=False)
    try:
        assert fingerprint(reopened) == expected
        assert fingerprint(reopened)["members"][0] == 3
    finally:
        reopened.close()


def test_only_the_newest_backups_are_kept(
    database: AllianceDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BACKUPS_KEPT_VARIABLE, "3")
    taken = []
    for number in range(5):  # five writes, each backed up with one more member than the last
        folder = backup_before_write(database, f"import {number}")
        assert folder is not None
        taken.append(folder)
        add_member(database, f"m{number}", "CHN", "2021-01-01")
    listed = list_backups(database)
    # 5 taken, 3 kept: the last three, newest first; backup k was taken when k members existed
    assert [backup.folder for backup in listed] == [taken[4], taken[3], taken[2]]
    assert [backup.table_counts["members"] for backup in listed] == [4, 3, 2]
    assert [backup.reason for backup in listed] == ["import 4", "import 3", "import 2"]
    assert not taken[0].exists() and not taken[1].exists()


def test_zero_kept_switches_backups_off(database: AllianceDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKUPS_KEPT_VARIABLE, "0")
    assert backup_before_write(database, "import") is None
    assert list_backups(database) == []


def test_a_bad_kept_setting_is_explained(database: AllianceDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKUPS_KEPT_VARIABLE, "ten")
    with pytest.raises(AllianceError, match="not a whole number"):
        backup_before_write(database, "import")


def test_a_foreign_file_is_refused_and_nothing_changes(
    hostile_name_alliance_store: AllianceDatabase, tmp_path: Path
) -> None:
    before = fingerprint(hostile_name_alliance_store)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "alliance.duckdb").write_bytes(b"this is not a database" * 100)
    with pytest.raises(AllianceError, match="cannot be opened"):
        restore_backup(hostile_name_alliance_store, foreign)
    with pytest.raises(AllianceError, match="is not a backup"):
        restore_backup(hostile_name_alliance_store, tmp_path / "nowhere")
    assert fingerprint(hostile_name_alliance_store) == before
    assert list_backups(hostile_name_alliance_store) == []  # refused before the safety backup was taken


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, BACKUPS_KEPT_VARIABLE: "10"},
    )


def test_backup_and_restore_commands_round_trip(
    hostile_name_alliance_store: AllianceDatabase, tmp_path: Path
) -> None:
    expected = fingerprint(hostile_name_alliance_store)
    change_target = hostile_name_alliance_store.location.address  # kept open: the commands run beside it

    out = tmp_path / "kept-aside"
    made = run_cli("backup", "--db", str(change_target), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert (out / "alliance.duckdb").is_file() and (out / "backup.json").is_file()

    change_everything(hostile_name_alliance_store)

    restored = run_cli("restore", str(out), "--db", str(change_target))
    assert restored.returncode == 0, restored.stderr
    assert "members 3" in restored.stdout

    reopened = open_database(change_target, create=False)
    try:
        assert fingerprint(reopened) == expected
    finally:
        reopened.close()

    refused = run_cli("restore", str(tmp_path / "missing"), "--db", str(change_target))
    assert refused.returncode == 2
    assert "is not a backup" in refused.stderr and "Traceback" not in refused.stderr


def test_a_damaged_database_is_replaced_only_when_asked(
    hostile_name_alliance: AllianceDatabase, tmp_path: Path
) -> None:
    expected = fingerprint(hostile_name_alliance)
    folder = backup_before_write(hostile_name_alliance, "import")
    assert folder is not None
    path = hostile_name_alliance.location.catalog_file
    hostile_name_alliance.close()
    path.write_bytes(b"\x00garbage after a disk fault" * 1000)

    refused = run_cli("restore", str(folder), "--db", str(path))
    assert (
        refused.returncode == 2
        and "--replace-damaged" in refused.stderr
        and "Traceback" not in refused.stderr
    )
    assert path.read_bytes().startswith(b"\x00garbage")  # refused: nothing moved

    replaced = run_cli("restore", str(folder), "--db", str(path), "--replace-damaged")
    assert replaced.returncode == 0, replaced.stderr
    [aside] = list(path.parent.glob(f"{path.name}.damaged-*"))
    assert aside.read_bytes().startswith(b"\x00garbage")  # the damaged file is kept for inspection
    reopened = open_database(path, create=False)
    try:
        assert fingerprint(reopened) == expected
    finally:
        reopened.close()


def test_a_truncated_backup_is_refused_and_nothing_changes(
    hostile_name_alliance_store: AllianceDatabase, tmp_path: Path
) -> None:
    before = fingerprint(hostile_name_alliance_store)
    folder = backup_before_write(hostile_name_alliance_store, "import")
    assert folder is not None
    change_everything(hostile_name_alliance_store)
    changed = fingerprint(hostile_name_alliance_store)
    backup_file = folder / "alliance.duckdb"
    content = backup_file.read_bytes()
    backup_file.write_bytes(content[: len(content) // 3])  # cut to a third, as a failed copy would leave it
    with pytest.raises(AllianceError, match=r"(?i)nothing was restored"):
        restore_backup(hostile_name_alliance_store, folder)
    assert fingerprint(hostile_name_alliance_store) == changed != before


def test_a_backup_whose_rows_differ_from_its_manifest_is_refused(
    hostile_name_alliance_store: AllianceDatabase,
) -> None:
    import duckdb

    folder = backup_before_write(hostile_name_alliance_store, "import")
    assert folder is not None
    connection = duckdb.connect(str(folder / "alliance.duckdb"))
    connection.execute("update members set name_en = 'Tampered' where member_id = 'm1'")
    connection.close()
    before = fingerprint(hostile_name_alliance_store)
    with pytest.raises(
        AllianceError, match=r"does not hold what its backup\.json says \(the content of members"
    ):
        restore_backup(hostile_name_alliance_store, folder)
    assert fingerprint(hostile_name_alliance_store) == before


def test_a_backup_with_other_columns_is_refused_before_anything_changes(
    hostile_name_alliance_store: AllianceDatabase, tmp_path: Path
) -> None:
    import duckdb

    foreign = tmp_path / "hand-made"
    foreign.mkdir()
    connection = duckdb.connect(str(foreign / "alliance.duckdb"))
    for table in ("countries", "members", "roles", "events", "participation", "targets", "imports"):
        connection.execute(f"create table {table} (id integer)")
    connection.close()
    before = fingerprint(hostile_name_alliance_store)
    with pytest.raises(
        AllianceError, match=r"is not a backup of this product's store \(it lacks countries\.iso3"
    ):
        restore_backup(hostile_name_alliance_store, foreign)
    assert fingerprint(hostile_name_alliance_store) == before
    assert list_backups(hostile_name_alliance_store) == []


def test_refused_imports_take_no_backup_and_keep_the_good_ones(
    hostile_name_alliance: AllianceDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.errors import DatabaseBusyError
    from analysis.importer import import_files

    monkeypatch.setenv(BACKUPS_KEPT_VARIABLE, "3")
    good = tmp_path / "members.csv"
    good.write_text(
        "member_id,name_en,country,member_type,joined_on\nm9,Good,DEU,industry,2024-06-01\n", encoding="utf-8"
    )
    assert import_files(hostile_name_alliance, [good]).ok
    [before_good] = list_backups(hostile_name_alliance)  # the backup from before the import that landed
    monkeypatch.setenv("ALLIANCE_WRITE_WAIT_SECONDS", "0")
    from analysis.store.write_lock import exclusive_writer

    with exclusive_writer(hostile_name_alliance.location):  # every later import meets a busy store: refused
        for _ in range(5):
            with pytest.raises(DatabaseBusyError):
                import_files(hostile_name_alliance, [good])
    # five refusals: no new backup, and the one from before the good import is still there
    assert [backup.folder for backup in list_backups(hostile_name_alliance)] == [before_good.folder]
