"""`status`: rows per table and the last imports."""

from __future__ import annotations

import argparse

from analysis.cli.output import add_json_flag, print_json
from analysis.store.database import open_database

NAME = "status"
HELP = "show the number of rows in each table and the last imports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--imports", type=int, default=5, metavar="N", help="how many recent imports to list")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False, read_only=True)
    try:
        counts = database.table_counts()
        with database.reading() as cursor:
            recent = cursor.execute(
                "select import_id, imported_at, coalesce(imported_by, '-'), files, rows_added, rows_updated "
                "from imports order by import_id desc limit $n",
                {"n": args.imports},
            ).fetchall()
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
