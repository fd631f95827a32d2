"""`init [--demo]`: create the database (schema and country reference), optionally with the demo data."""

from __future__ import annotations

import argparse

from analysis.errors import AllianceError
from analysis.store.connection import open_database
from analysis.store.files import remove_store
from analysis.store.location import StoreLocation, store_location

NAME = "init"
HELP = "create the database; with --demo, load the demo alliance (2020-2024)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="load the demo data in data/demo/")
    parser.add_argument(
        "--force", action="store_true", help="delete an existing store (its catalog and data files) first"
    )


def run(args: argparse.Namespace) -> int:
    location = store_location(args.db)
    location.check_embedded_file()
    if _initialised(location):
        if not args.force:
            raise AllianceError(
                f"{location.label} holds a store already. Use `status` to see what it holds, or add --force "
                "to delete it and start again."
            )
        remove_store(location)
    database = open_database(args.db)
    try:
        if args.demo:
            from analysis.demo import load_demo_data

            summary = load_demo_data(database)
            print(f"loaded demo data into {location.label}: {summary}")
        else:
            print(f"created empty store {location.label}")
    finally:
        database.close()
    return 0


def _initialised(location: StoreLocation) -> bool:
    if location.server:
        from analysis.store.server_catalog import catalog_exists

        return catalog_exists(location)
    return location.catalog_file.exists()
