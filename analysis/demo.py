"""The demo alliance in data/demo/: loaded through the same importer the secretariat uses.

Which parts are public record and which are illustrative is said in each row's `source` column and in
the README; scripts/build_demo_data.py rebuilds the files.
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import AllianceError
from analysis.paths import DEMO_DIR
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import DATA_TABLES


def demo_files() -> list[Path]:
    """The demo CSV files, one per table."""
    return [DEMO_DIR / f"{table}.csv" for table in DATA_TABLES]


def load_demo_data(database: AllianceDatabase) -> str:
    """Import the demo files in one transaction; returns a one-line summary of what landed."""
    from analysis.importer import import_files

    report = import_files(database, demo_files(), imported_by="demo loader")
    if not report.ok:
        problems = "; ".join(str(problem) for problem in report.problems[:5])
        raise AllianceError(f"the demo data in {DEMO_DIR} did not import: {problems}")
    counts = database.table_counts()
    return ", ".join(f"{counts[table]} {table}" for table in DATA_TABLES)
