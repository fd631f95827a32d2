"""Where the product's files live: the store (chosen by --db, ALLIANCE_DB or the default) and shipped data."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
DEMO_DIR = DATA_DIR / "demo"
# The embedded default: a DuckLake whose catalog is this SQLite file, its Parquet files beside it.
DEFAULT_DATABASE = DATA_DIR / "alliance.ducklake"
DATABASE_ENVIRONMENT_VARIABLE = "ALLIANCE_DB"
# Server mode only: where the Parquet files of a new PostgreSQL-catalogued store go (set at `init`).
DATA_FILES_ENVIRONMENT_VARIABLE = "ALLIANCE_DATA_FILES"
SERVER_DATA_FILES_DIR = DATA_DIR / "server-files"


def store_address(explicit: str | os.PathLike[str] | None = None) -> str:
    """The store: an explicit --db first, then $ALLIANCE_DB, then data/alliance.ducklake.

    Either a file path (the embedded store) or a PostgreSQL address (`postgresql://user@host:5432/db`).
    """
    if explicit:
        return os.fspath(explicit)
    from_environment = os.environ.get(DATABASE_ENVIRONMENT_VARIABLE)
    if from_environment:
        return from_environment
    return str(DEFAULT_DATABASE)
