"""`status`: rows per table and the last imports."""

from __future__ import annotations

import argparse

from analysis.cli.output import add_json_flag, print_json
from analysis.importer.history import recent_imports
from analysis.store.connection import open_database

NAME = "status"
HELP = "show the number of rows in each table and the last imports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--imports", type=int, default=5, metavar="N", help="how many recent imports to list")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False, read_only=True)
    try:
        counts = database.table_counts()
        recent = [
            (import_id, at, "-" if by is None else by, files, added, updated)
            for import_id, at, by, files, added, updated in recent_imports(database, args.imports)
        ]
        if args.json:
            print_json(
                {
                    "store": database.path,
                    "tables": counts,
                    "imports": [
                        {
                            "import_id": import_id,
                            "imported_at": at,
                            "imported_by": by,
                            "files": files,
                            "rows_added": added,
                            "rows_updated": updated,
                        }
                        for import_id, at, by, files, added, updated in recent
                    ],
                }
            )
            return 0
        print(f"database: {database.path}")
        for table, count in counts.items():
            print(f"  {table:<14}{count:>10,}")
        print("last imports:" if recent else "no imports yet")
        for import_id, at, by, files, added, updated in recent:
            print(f"  #{import_id} {at:%Y-%m-%d %H:%M} by {by}: {files} (+{added} added, {updated} updated)")
    finally:
        database.close()
    return 0
