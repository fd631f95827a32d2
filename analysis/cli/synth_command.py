"""`synth`: fill a database with a synthetic alliance of a chosen size (for benchmarks and load tests)."""

from __future__ import annotations

import argparse
import time

from analysis.store.database import open_database
from analysis.store.location import store_location
from analysis.synth import SynthSize, generate_synthetic_data
from analysis.synth.generator import existing_rows, validate_size

NAME = "synth"
HELP = "generate a synthetic alliance (deterministic from --seed); replaces the database's data"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--members", type=int, required=True, metavar="N", help="member units to create")
    parser.add_argument("--events", type=int, required=True, metavar="M", help="events to create")
    parser.add_argument(
        "--participations", type=int, required=True, metavar="K", help="participation rows (event, member)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="same seed, same data (default 0)")


def run(args: argparse.Namespace) -> int:
    size = SynthSize(
        members=args.members, events=args.events, participations=args.participations, seed=args.seed
    )
    validate_size(size)
    location = store_location(args.db)
    print(f"{'using' if location.server or location.exists() else 'creating'} store {location.label}")
    database = open_database(args.db)
    try:
        replacing = {table: count for table, count in existing_rows(database).items() if count}
        if replacing:
            held = ", ".join(f"{count:,} {table}" for table, count in replacing.items())
            print(f"replacing its data ({held}) with synthetic data")
        started = time.perf_counter()
        summary = generate_synthetic_data(database, size)
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    if summary.backup is not None:
        print(f"the replaced data was backed up to {summary.backup}")
    written = ", ".join(f"{count:,} {table}" for table, count in summary.rows_written.items())
    print(f"wrote {written} (seed {size.seed}) in {elapsed:.1f} s")
    return 0
