"""`restore DIR`: make the database what a backup folder holds (the current content is backed up first)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.store.backups import read_backup, restore_backup
from analysis.store.database import open_database

NAME = "restore"
HELP = "replace the database's content with a backup folder's (the current content is backed up first)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a backup folder (see `backup --list`)")


def run(args: argparse.Namespace) -> int:
    backup = read_backup(Path(args.folder))
    database = open_database(args.db)
    try:
        safety = restore_backup(database, backup.folder)
        counts = database.table_counts()
    finally:
        database.close()
    print(f"restored {database.path} from {backup.folder} (taken {backup.taken_at:%Y-%m-%d %H:%M:%S} UTC)")
    print("  " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    if safety:
        print(f"the content before the restore is kept in {safety}")
    return 0
