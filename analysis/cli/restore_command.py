"""`restore DIR`: make the database what a backup folder holds (the current content is backed up first)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

import duckdb

from analysis.errors import AllianceError, DatabaseBusyError
from analysis.store.backups import (
    BACKUP_FILE,
    MANIFEST_FILE,
    Backup,
    check_restorable,
    read_backup,
    restore_backup,
)
from analysis.store.connection import AllianceDatabase, open_database
from analysis.store.location import StoreLocation, store_location

NAME = "restore"
HELP = "replace the database's content with a backup folder's (the current content is backed up first)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a backup folder (see `backup --list`)")
    parser.add_argument(
        "--replace-damaged",
        action="store_true",
        help="when the embedded store cannot be opened at all, move it aside and restore the backup into a new one",
    )


def run(args: argparse.Namespace) -> int:
    backup = read_backup(Path(args.folder))
    location = store_location(args.db)
    try:
        database = open_database(args.db)
    except DatabaseBusyError:
        raise
    except (duckdb.Error, AllianceError) as error:
        if not args.replace_damaged or location.server:
            raise AllianceError(
                f"The store {location.label} cannot be opened ({str(error).splitlines()[0]}), so it cannot be "
                "backed up before the restore. "
                + (
                    "Check that PostgreSQL is running and try again."
                    if location.server
                    else "To move it aside and restore anyway, add --replace-damaged."
                )
            ) from error
        database = _replace_damaged(location, backup)
    else:
        try:
            safety = restore_backup(database, backup.folder, made_by=_login_name())
        except BaseException:
            database.close()
            raise
        if safety:
            print(f"the content before the restore is kept in {safety}")
    try:
        counts = database.table_counts()
    finally:
        database.close()
    print(f"restored {location.label} from {backup.folder} (taken {backup.taken_at:%Y-%m-%d %H:%M:%S} UTC)")
    print("  " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    return 0


def _replace_damaged(location: StoreLocation, backup: Backup) -> AllianceDatabase:
    """Move a damaged embedded store (catalog and data files) aside, create a new one, restore into it."""
    check_restorable(backup.folder / BACKUP_FILE, backup.folder / MANIFEST_FILE)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    catalog = location.catalog_file
    for damaged in (
        catalog,
        catalog.with_name(catalog.name + "-wal"),
        catalog.with_name(catalog.name + "-shm"),
        location.default_data_files(),
    ):
        if damaged.exists():
            aside = damaged.with_name(f"{damaged.name}.damaged-{stamp}")
            os.replace(damaged, aside)
            print(f"moved the damaged {damaged.name} aside to {aside}")
    database = open_database(location.address)
    try:
        restore_backup(database, backup.folder)
    except BaseException:
        database.close()
        raise
    return database


def _login_name() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
