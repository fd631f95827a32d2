"""`synth`: fill a database with a synthetic alliance of a chosen size (for benchmarks and load tests)."""

from __future__ import annotations

import argparse
import time

from analysis.errors import AllianceError
from analysis.store.connection import open_database
from analysis.store.location import store_location
from analysis.synth import SynthSize, generate_synthetic_data
from analysis.synth.generator import SHAPES, existing_rows, validate_size

NAME = "synth"
HELP = "generate a synthetic alliance (deterministic from --seed); replaces the database's data"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--shape",
        choices=sorted(SHAPES),
        help="a named size: "
        + "; ".join(
            f"{name} = {size.members:,} members, {size.events:,} events, {size.participations:,} participation"
            for name, size in SHAPES.items()
        )
        + " (seed 2024; --members/--events/--participations/--seed override one part)",
    )
    parser.add_argument("--members", type=int, metavar="N", help="member units to create")
    parser.add_argument("--events", type=int, metavar="M", help="events to create")
    parser.add_argument("--participations", type=int, metavar="K", help="participation rows (event, member)")
    parser.add_argument(
        "--seed", type=int, metavar="S", help="same seed, same data (default 0, or the shape's)"
    )


def run(args: argparse.Namespace) -> int:
    size = _chosen_size(args)
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


def _chosen_size(args: argparse.Namespace) -> SynthSize:
    """The shape's size with any count given on the command line in its place; without a shape, all three."""
    base = SHAPES[args.shape] if args.shape else None
    if base is None:
        missing = [
            f"--{name}" for name in ("members", "events", "participations") if getattr(args, name) is None
        ]
        if missing:
            raise AllianceError(
                f"Give {', '.join(missing)} (or a named size: --shape {' | '.join(sorted(SHAPES))})."
            )
    return SynthSize(
        members=args.members if args.members is not None else base.members if base else 0,
        events=args.events if args.events is not None else base.events if base else 0,
        participations=args.participations
        if args.participations is not None
        else base.participations
        if base
        else 0,
        seed=args.seed if args.seed is not None else base.seed if base else 0,
    )
