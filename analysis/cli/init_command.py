"""`init [--demo]`: create the database (schema and country reference), optionally with the demo data."""

from __future__ import annotations

import argparse

from analysis.errors import AllianceError
from analysis.paths import database_path
from analysis.store.database import open_database

NAME = "init"
HELP = "create the database; with --demo, load the demo alliance (2020-2024)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="load the demo data in data/demo/")
    parser.add_argument("--force", action="store_true", help="replace an existing database file")


def run(args: argparse.Namespace) -> int:
    path = database_path(args.db)
    if path.exists():
        if not args.force:
            raise AllianceError(
                f"{path} exists already. Use `status` to see what it holds, or add --force to replace it."
            )
        path.unlink()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
    database = open_database(path)
    try:
        if args.demo:
            from analysis.demo import load_demo_data

            summary = load_demo_data(database)
            print(f"loaded demo data into {path}: {summary}")
        else:
            print(f"created empty database {path}")
    finally:
        database.close()
    return 0
