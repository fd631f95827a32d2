"""`backup [--out DIR]`: copy the database aside now (into DIR, else the backups folder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.store.backups import backup_before_write, backup_directory, list_backups, write_backup
from analysis.store.database import AllianceDatabase, open_database

NAME = "backup"
HELP = (
    "copy the database into a backup folder (--out DIR, else the automatic backups folder); --list shows them"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help="write the backup into this new (or empty) folder")
    parser.add_argument("--list", action="store_true", help="list the automatic backups, newest first")


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    try:
        if args.list:
            return _print_backups(database)
        if args.out:
            folder = write_backup(database, Path(args.out), "manual")
        else:
            folder = backup_before_write(database, "manual") or write_backup(
                database, backup_directory(database) / "manual", "manual"
            )
        print(f"backed up {database.path} to {folder}")
        print(f"restore it with: python -m analysis restore {folder} --db {database.path}")
    finally:
        database.close()
    return 0


def _print_backups(database: AllianceDatabase) -> int:
    backups = list_backups(database)
    if not backups:
        print(f"no backups yet in {backup_directory(database)}")
    for backup in backups:
        members = backup.table_counts.get("members", "?")
        print(
            f"{backup.folder}  {backup.taken_at:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<16} members={members}"
        )
    return 0
