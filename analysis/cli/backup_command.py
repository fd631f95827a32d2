"""`backup [--out DIR]`: copy the database aside now (into DIR, else the backups folder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.output import add_json_flag, print_json
from analysis.store.backups import backup_before_write, backup_directory, list_backups, write_backup
from analysis.store.connection import AllianceDatabase, open_database

NAME = "backup"
HELP = (
    "copy the database into a backup folder (--out DIR, else the automatic backups folder); --list shows them"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help="write the backup into this new (or empty) folder")
    parser.add_argument("--list", action="store_true", help="list the automatic backups, newest first")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    try:
        if args.list:
            return _print_backups(database, as_json=args.json)
        if args.out:
            folder = write_backup(database, Path(args.out), "manual")
        else:
            folder = backup_before_write(database, "manual") or write_backup(
                database, backup_directory(database) / "manual", "manual"
            )
        if args.json:
            print_json({"store": database.path, "backup": folder})
            return 0
        print(f"backed up {database.path} to {folder}")
        print(f"restore it with: python -m analysis restore {folder} --db {database.path}")
    finally:
        database.close()
    return 0


def _print_backups(database: AllianceDatabase, *, as_json: bool = False) -> int:
    backups = list_backups(database)
    if as_json:
        print_json(
            [
                {
                    "folder": backup.folder,
                    "taken_at": backup.taken_at,
                    "reason": backup.reason,
                    "table_counts": backup.table_counts,
                }
                for backup in backups
            ]
        )
        return 0
    if not backups:
        print(f"no backups yet in {backup_directory(database)}")
    for backup in backups:
        members = backup.table_counts.get("members", "?")
        print(
            f"{backup.folder}  {backup.taken_at:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<16} members={members}"
        )
    return 0
