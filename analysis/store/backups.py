"""Copies of the database taken before every import and restore, and restoring one of them.

A backup is a folder `<backups>/<timestamp>-<reason>/` holding `alliance.duckdb` (the database file,
copied after a CHECKPOINT so it holds every committed write) and `backup.json` (when, why, from where,
rows per table). `<backups>` is $ALLIANCE_BACKUP_DIR, else a `backups/` folder next to the database
(data/backups/ for the default database). The newest $ALLIANCE_BACKUPS_KEPT (default 10) are kept;
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

from analysis.errors import AllianceError
from analysis.store.database import ALL_TABLES, DATA_TABLES, AllianceDatabase, fetch_scalar

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
    return Path(configured) if configured else Path(database.path).parent / "backups"


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


def backup_before_write(database: AllianceDatabase, reason: str) -> Path | None:
    """Copy the database aside before a write that could lose data; keep the last N copies."""
    kept = backups_kept()
    if kept == 0 or str(database.path) == ":memory:":
        return None
    directory = backup_directory(database)
    folder = write_backup(database, directory / _folder_name(directory, reason), reason)
    prune_backups(directory, kept)
    return folder


def write_backup(database: AllianceDatabase, folder: Path, reason: str) -> Path:
    """Write a backup of `database` into `folder` (new or empty); the folder appears only when complete."""
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
        database.copy_file_to(staging / BACKUP_FILE)
        manifest = {
            "taken_at": dt.datetime.now(dt.UTC).isoformat(),
            "reason": reason,
            "source": str(database.path),
            "duckdb_version": duckdb.__version__,
            "table_counts": _file_table_counts(staging / BACKUP_FILE),
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


def restore_backup(database: AllianceDatabase, folder: Path) -> Path | None:
    """Make the database what the backup in `folder` holds; the current content is backed up first.

    Returns the folder of that safety backup (None when backups are switched off).
    """
    backup = read_backup(folder)
    check_restorable(backup.folder / BACKUP_FILE)
    safety = backup_before_write(database, "before-restore")
    database.replace_file(backup.folder / BACKUP_FILE)
    return safety


def content_fingerprint(cursor: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """Per table: (row count, md5 of its rows cast to text and sorted). Equal fingerprints = same content."""
    fingerprint = {}
    for table in ALL_TABLES:
        count, digest = cursor.execute(
            f"select count(*), md5(coalesce(string_agg(cast(t as varchar), chr(10) "  # noqa: S608 (names from ALL_TABLES)
            f"order by cast(t as varchar)), '')) from {table} as t"
        ).fetchall()[0]
        fingerprint[table] = (int(count), str(digest))
    return fingerprint


def check_restorable(file: Path) -> None:
    """Open the backup read-only first: a damaged or foreign file is refused before anything changes."""
    try:
        connection = duckdb.connect(str(file), read_only=True)
    except duckdb.Error as error:
        raise AllianceError(
            f"The backup {file} cannot be opened ({str(error).splitlines()[0]}), so nothing was restored. "
            "Choose another backup."
        ) from error
    try:
        tables = {row[0] for row in connection.execute("select table_name from duckdb_tables()").fetchall()}
    finally:
        connection.close()
    missing = [table for table in DATA_TABLES if table not in tables]
    if missing:
        raise AllianceError(
            f"The file {file} is not a backup of this product's database (it has no table "
            f"{', '.join(missing)}), so nothing was restored. Choose another backup."
        )


def _file_table_counts(file: Path) -> dict[str, int]:
    connection = duckdb.connect(str(file), read_only=True)
    try:
        return {
            table: int(fetch_scalar(connection, f"select count(*) from {table}"))  # noqa: S608 (names from ALL_TABLES)
            for table in ALL_TABLES
        }
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
