"""`restore DIR`: make the database what a backup folder holds (the current content is backed up first)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb

from analysis.errors import AllianceError, DatabaseLockedError
from analysis.paths import database_path
from analysis.store.backups import BACKUP_FILE, check_restorable, read_backup, restore_backup
from analysis.store.database import AllianceDatabase, open_database

NAME = "restore"
HELP = "replace the database's content with a backup folder's (the current content is backed up first)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a backup folder (see `backup --list`)")
    parser.add_argument(
        "--replace-damaged",
        action="store_true",
        help="when the database file cannot be opened at all, move it aside and put the backup in its place",
    )


def run(args: argparse.Namespace) -> int:
    backup = read_backup(Path(args.folder))
    path = database_path(args.db)
    try:
        database = open_database(path)
    except DatabaseLockedError:
        raise
    except (duckdb.Error, AllianceError) as error:
        if not args.replace_damaged:
            raise AllianceError(
                f"The database {path} cannot be opened ({str(error).splitlines()[0]}), so it cannot be backed "
                f"up before the restore. To move it aside and restore anyway, add --replace-damaged."
            ) from error
        database = _replace_damaged(path, backup.folder / BACKUP_FILE)
    else:
        try:
            safety = restore_backup(database, backup.folder)
        except BaseException:
            database.close()
            raise
        if safety:
            print(f"the content before the restore is kept in {safety}")
    try:
        counts = database.table_counts()
    finally:
        database.close()
    print(f"restored {path} from {backup.folder} (taken {backup.taken_at:%Y-%m-%d %H:%M:%S} UTC)")
    print("  " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    return 0


def _replace_damaged(path: Path, backup_file: Path) -> AllianceDatabase:
    check_restorable(backup_file)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    for damaged in (path, path.with_name(path.name + ".wal")):
        if damaged.exists():
            aside = damaged.with_name(f"{damaged.name}.damaged-{stamp}")
            os.replace(damaged, aside)
            print(f"moved the damaged {damaged.name} aside to {aside}")
    shutil.copyfile(backup_file, path)
    return open_database(path)
