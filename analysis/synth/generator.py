"""Generate a synthetic alliance inside DuckDB: deterministic from a seed, fast at a million rows.

Every row is computed by SQL in `analysis/queries/synth/` from `range()` and a hash of (seed, row,
purpose), so the same seed and sizes always give the same rows, and 100,000 members / 20,000 events /
1,000,000 participation rows take seconds. The schema's keys and checks are respected by construction
(unique (event, member), left_on > joined_on, codes from the schema's lists) and enforced by DuckDB.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import AllianceError
from analysis.queries import bind, load_query, load_script
from analysis.store.backups import backup_before_write
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import DATA_TABLES
from analysis.store.lake import fetch_scalar

GENERATOR_VERSION = 2  # bump when the rows a seed gives change, so saved benchmark databases are rebuilt
FIRST_DAY = dt.date(2020, 9, 1)  # the alliance's founding month
LAST_DAY = dt.date(2026, 10, 31)
MAX_MEMBERS = 9_999_999  # member ids are 'S' + 7 digits
MAX_EVENTS = 9_999_999
# Children before parents when dropping, so no foreign key points at a dropped table.
DROP_ORDER = tuple(reversed(DATA_TABLES))
INSERT_STEPS = ("members", "events", "participation", "roles", "targets")


@dataclass(frozen=True)
class SynthSize:
    """How much to generate."""

    members: int
    events: int
    participations: int
    seed: int = 0


# Named shapes for `synth --shape` and the benchmark: the speed targets are set at these sizes.
SHAPES = {
    # 100,000 members / 20,000 events / 1,000,000 participation rows: the original speed targets.
    "large": SynthSize(members=100_000, events=20_000, participations=1_000_000, seed=2024),
    # A national registry: every think tank of a country, with years of events (issue "Fifty people").
    "national": SynthSize(members=10_000, events=50_000, participations=10_000_000, seed=2024),
    # The same proportions at a hundredth, for tests (10M rows take minutes to generate).
    "national-small": SynthSize(members=1_000, events=5_000, participations=100_000, seed=2024),
}


@dataclass(frozen=True)
class SynthSummary:
    """What the generator wrote, and what it replaced."""

    rows_written: dict[str, int]
    rows_replaced: dict[str, int]
    backup: Path | None = None  # where the replaced data was copied first (None when nothing was replaced)


def validate_size(size: SynthSize) -> None:
    """Refuse sizes the generator cannot honour, saying which and why."""
    if not 1 <= size.members <= MAX_MEMBERS:
        raise AllianceError(f"--members {size.members}: give a count from 1 to {MAX_MEMBERS:,}.")
    if not 1 <= size.events <= MAX_EVENTS:
        raise AllianceError(f"--events {size.events}: give a count from 1 to {MAX_EVENTS:,}.")
    if size.participations < 0:
        raise AllianceError(f"--participations {size.participations}: give a count of 0 or more.")
    if size.participations > size.members * size.events:
        raise AllianceError(
            f"--participations {size.participations:,} is more than members x events "
            f"({size.members:,} x {size.events:,}): each member takes part in an event at most once. "
            "Lower --participations or raise --members/--events."
        )


def existing_rows(database: AllianceDatabase) -> dict[str, int]:
    """Rows in each data table now (what generating would replace)."""
    counts = database.table_counts()
    return {table: counts[table] for table in DATA_TABLES}


def generate_synthetic_data(database: AllianceDatabase, size: SynthSize) -> SynthSummary:
    """Replace every data table's rows with a synthetic alliance of the given size, in one transaction.

    Members join from 1 Sep 2020 to 31 Oct 2026 at an accelerating pace; events are spread evenly over
    the same days; each event's participants are members who had joined by its date where there are
    enough of them. Countries are the reference table's (45% China); targets are set per year.
    """
    validate_size(size)
    replaced = existing_rows(database)
    backup = None
    if any(replaced.values()):
        backup = backup_before_write(database, "synth: replace the data with a synthetic alliance")
    parameters = {
        "seed": size.seed,
        "members": size.members,
        "events": size.events,
        "participations": size.participations,
        "first_day": FIRST_DAY,
        "span_days": (LAST_DAY - FIRST_DAY).days,
    }
    with database.writing() as cursor:
        # Drop and recreate rather than delete: DuckDB refuses to delete parent rows in the transaction
        # that deleted their children (a documented foreign-key limitation), and dropping is faster.
        for table in DROP_ORDER:
            cursor.execute(f"drop table {table}")
        cursor.execute(load_script("store/schema"))
        cursor.execute(load_query("synth/random_macros"))
        for step in INSERT_STEPS:
            name = f"synth/{step}"
            cursor.execute(load_query(name), bind(name, parameters))
        written = {
            table: int(fetch_scalar(cursor, f"select count(*) from {table}"))  # noqa: S608 (names from DATA_TABLES)
            for table in DATA_TABLES
        }
    return SynthSummary(rows_written=written, rows_replaced=replaced, backup=backup)
