"""Copies of the database taken before every import and restore, and restoring one of them.

A backup is a folder `<backups>/<timestamp>-<reason>/` holding `alliance.duckdb` (every table as of
one snapshot of the store, written by DuckDB itself into a plain DuckDB file: the same in the embedded
and the server mode) and `backup.json` (when, why, from where, rows per table and a content hash).
`<backups>` is $ALLIANCE_BACKUP_DIR, else a `backups/` folder next to the store's catalog
(data/backups/ for the default store and for a server store). The newest $ALLIANCE_BACKUPS_KEPT (default 10) are kept;
0 switches automatic backups off.

Contract: `backup_before_write(database, reason)` is called by every writer of user data before it
writes; it returns the backup's folder, or None when backups are switched off.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis.errors import AllianceError, BackupDamagedError
from analysis.queries import load_script
from analysis.store.connection import AllianceDatabase, CommitNote
from analysis.store.contract import ALL_TABLES

BACKUP_DIRECTORY_VARIABLE = "ALLIANCE_BACKUP_DIR"
BACKUPS_KEPT_VARIABLE = "ALLIANCE_BACKUPS_KEPT"
DEFAULT_BACKUPS_KEPT = 10
BACKUP_FILE = "alliance.duckdb"
MANIFEST_FILE = "backup.json"


@dataclass(frozen=True)
class Backup:
    """One backup folder, as its manifest describes it."""

    folder: Path
    taken_at: dt.datetime  # UTC
    reason: str
    source: str
    table_counts: dict[str, int]
    size_bytes: int


def backup_directory(database: AllianceDatabase) -> Path:
    """Where automatic backups of this database go."""
    configured = os.environ.get(BACKUP_DIRECTORY_VARIABLE)
    return Path(configured) if configured else database.location.home / "backups"


def backups_kept() -> int:
    """How many automatic backups to keep ($ALLIANCE_BACKUPS_KEPT, default 10; 0 = none taken)."""
    configured = os.environ.get(BACKUPS_KEPT_VARIABLE, "").strip()
    if not configured:
        return DEFAULT_BACKUPS_KEPT
    if not configured.isdigit():
        raise AllianceError(
            f"${BACKUPS_KEPT_VARIABLE} is {configured!r}, which is not a whole number. "
            f"Set it to how many backups to keep (for example 10), or to 0 to switch backups off."
        )
    return int(configured)


def backup_before_write(database: AllianceDatabase, reason: str, *, prune: bool = True) -> Path | None:
    """Copy the database aside before a write that could lose data; keep the last N copies.

    `prune=False` leaves the older backups alone until the writer knows its write landed
    (`keep_newest_backups`), or withdraws this one (`withdraw_backup`) when the write was refused,
    so refused writes never push good backups out.
    """
    kept = backups_kept()
    if kept == 0:
        return None
    directory = backup_directory(database)
    folder = write_backup(database, directory / _folder_name(directory, reason), reason)
    if prune:
        prune_backups(directory, kept)
    return folder


def keep_newest_backups(database: AllianceDatabase) -> None:
    """Prune the backups folder to the newest $ALLIANCE_BACKUPS_KEPT (after a write that landed)."""
    directory = backup_directory(database)
    kept = backups_kept()
    if kept and directory.is_dir():
        prune_backups(directory, kept)


def withdraw_backup(folder: Path | None) -> None:
    """Remove the backup taken before a write that was then refused: nothing changed, nothing to keep."""
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def write_backup(database: AllianceDatabase, folder: Path, reason: str) -> Path:
    """Write a backup of `database` into `folder` (new or empty); the folder appears only when complete.

    A backup is always of the whole store, also when a scoped editor's import takes it.
    """
    from analysis.store.scoped import whole_store

    database = whole_store(database)
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise AllianceError(
            f"Cannot write a backup into {folder}: it exists and is not an empty folder. "
            "Choose a new folder name."
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        database.write_duckdb_copy(staging / BACKUP_FILE)
        fingerprint = _file_fingerprint(staging / BACKUP_FILE)
        manifest = {
            "taken_at": dt.datetime.now(dt.UTC).isoformat(),
            "reason": reason,
            "source": database.path,
            "duckdb_version": duckdb.__version__,
            "table_counts": {table: count for table, (count, _) in fingerprint.items()},
            "content_md5": {table: digest for table, (_, digest) in fingerprint.items()},
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def list_backups(database: AllianceDatabase) -> list[Backup]:
    """The automatic backups of this database, newest first."""
    directory = backup_directory(database)
    if not directory.is_dir():
        return []
    backups = [read_backup(folder) for folder in directory.iterdir() if _is_backup(folder)]
    return sorted(backups, key=lambda backup: (backup.taken_at, backup.folder.name), reverse=True)


def read_backup(folder: Path) -> Backup:
    """The description of one backup folder; a clear error when it is not one."""
    folder = Path(folder)
    if not (folder / BACKUP_FILE).is_file():
        raise AllianceError(
            f"{folder} is not a backup: it has no {BACKUP_FILE}. A backup folder is one written by "
            "`python -m analysis backup --out DIR` or listed by `python -m analysis backup --list`."
        )
    manifest: dict[str, object] = {}
    manifest_path = folder / MANIFEST_FILE
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            manifest = {}
    taken_at_text = str(manifest.get("taken_at") or "")
    try:
        taken_at = dt.datetime.fromisoformat(taken_at_text)
    except ValueError:
        taken_at = dt.datetime.fromtimestamp((folder / BACKUP_FILE).stat().st_mtime, dt.UTC)
    counts = manifest.get("table_counts")
    return Backup(
        folder=folder,
        taken_at=taken_at,
        reason=str(manifest.get("reason") or "unknown"),
        source=str(manifest.get("source") or ""),
        table_counts={str(k): int(v) for k, v in counts.items()} if isinstance(counts, dict) else {},
        size_bytes=(folder / BACKUP_FILE).stat().st_size,
    )


def prune_backups(directory: Path, kept: int) -> list[Path]:
    """Delete all but the newest `kept` backups in `directory`; returns the folders removed."""
    folders = sorted((folder for folder in directory.iterdir() if _is_backup(folder)), key=lambda f: f.name)
    removed = folders[: max(len(folders) - kept, 0)]
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def restore_backup(database: AllianceDatabase, folder: Path, *, made_by: str | None = None) -> Path | None:
    """Make the store hold what the backup in `folder` holds; the current content is backed up first.

    The whole backup is verified first (`check_restorable`). The restore is one write transaction:
    every table emptied and refilled from the backup, so readers see the old content or the new one,
    and a crash leaves the old. Returns the folder of the safety backup (None when backups are off).
    """
    backup = read_backup(folder)
    check_restorable(backup.folder / BACKUP_FILE, backup.folder / MANIFEST_FILE)
    safety = backup_before_write(database, "before-restore")
    alias = "restore_source"
    with (
        database.attached(backup.folder / BACKUP_FILE, alias, read_only=True),
        database.writing(
            note=CommitNote(
                "restore", made_by, f"restore of backup {backup.folder.name}", {"backup": backup.folder.name}
            )
        ) as cursor,
    ):
        for table in reversed(ALL_TABLES):
            cursor.execute(f"delete from {table}")  # noqa: S608 (names from ALL_TABLES)
        for table in ALL_TABLES:
            cursor.execute(f"insert into {table} by name select * from {alias}.main.{table}")  # noqa: S608
    return safety


def content_fingerprint(cursor: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """Per table: (row count, md5 of its rows cast to text and sorted). Equal fingerprints = same content.

    Reads every row to the end, so a damaged file fails here rather than after a restore.
    """
    fingerprint = {}
    for table in ALL_TABLES:
        columns = ", ".join(_expected_columns()[table])
        count, digest = cursor.execute(
            f"select count(*), md5(coalesce(string_agg(row_text, chr(10) order by row_text), '')) "  # noqa: S608 (names from ALL_TABLES)
            f"from (select cast(row({columns}) as varchar) as row_text from {table})"
        ).fetchall()[0]
        fingerprint[table] = (int(count), str(digest))
    return fingerprint


def _expected_columns() -> dict[str, list[str]]:
    """Every table's columns, in schema order, as schema.sql defines them."""
    text = load_script("store/schema")
    tables: dict[str, list[str]] = {}
    for name, body in re.findall(r"create table if not exists (\w+) \((.*?)\n\);", text, flags=re.S):
        tables[name] = [
            line.split()[0]
            for line in body.splitlines()
            if line.strip() and not line.strip().startswith("--")
        ]
    return tables


def check_restorable(file: Path, manifest_file: Path | None = None) -> None:
    """Verify a whole backup before anything changes: it opens, every table this product expects is there
    with its columns, every row reads, and the rows match the counts and content hash `backup.json` recorded.
    """
    try:
        connection = duckdb.connect(str(file), read_only=True)
    except duckdb.Error as error:
        raise BackupDamagedError(
            f"The backup {file} cannot be opened ({str(error).splitlines()[0]}), so nothing was restored. "
            "Choose another backup."
        ) from error
    try:
        present = {
            (row[0], row[1])
            for row in connection.execute(
                "select table_name, column_name from duckdb_columns() where database_name = current_database()"
            ).fetchall()
        }
        missing = [
            f"{table}.{column}"
            for table, columns in _expected_columns().items()
            for column in columns
            if (table, column) not in present
        ]
        if missing:
            raise BackupDamagedError(
                f"The file {file} is not a backup of this product's store (it lacks "
                f"{', '.join(missing[:6])}{', …' if len(missing) > 6 else ''}), so nothing was restored. "
                "Choose another backup."
            )
        try:
            fingerprint = content_fingerprint(connection)
        except duckdb.Error as error:
            raise BackupDamagedError(
                f"The backup {file} is damaged: its rows cannot all be read ({str(error).splitlines()[0]}). "
                "Nothing was restored. Choose another backup."
            ) from error
    finally:
        connection.close()
    if manifest_file is None or not manifest_file.is_file():
        return
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        manifest = {}
    recorded_counts = manifest.get("table_counts") if isinstance(manifest, dict) else None
    recorded_hashes = manifest.get("content_md5") if isinstance(manifest, dict) else None
    for table, (count, digest) in fingerprint.items():
        if (
            isinstance(recorded_counts, dict)
            and table in recorded_counts
            and int(recorded_counts[table]) != count
        ):
            raise BackupDamagedError(
                f"The backup {file} does not hold what its backup.json says ({table}: {count:,} rows, "
                f"recorded {int(recorded_counts[table]):,}), so nothing was restored. Choose another backup."
            )
        if (
            isinstance(recorded_hashes, dict)
            and table in recorded_hashes
            and recorded_hashes[table] != digest
        ):
            raise BackupDamagedError(
                f"The backup {file} does not hold what its backup.json says (the content of {table} "
                "changed since it was taken), so nothing was restored. Choose another backup."
            )


def _file_fingerprint(file: Path) -> dict[str, tuple[int, str]]:
    connection = duckdb.connect(str(file), read_only=True)
    try:
        return content_fingerprint(connection)
    finally:
        connection.close()


def _folder_name(directory: Path, reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:40] or "write"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    name = f"{stamp}-{slug}"
    suffix = 1
    while (directory / name).exists():
        suffix += 1
        name = f"{stamp}-{slug}-{suffix}"
    return name


def _is_backup(folder: Path) -> bool:
    return folder.is_dir() and not folder.name.startswith(".") and (folder / BACKUP_FILE).is_file()
