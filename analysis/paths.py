"""Where the product's files live: the database (chosen by --db, ALLIANCE_DB or the default) and shipped data."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
DEMO_DIR = DATA_DIR / "demo"
DEFAULT_DATABASE = DATA_DIR / "alliance.duckdb"
DATABASE_ENVIRONMENT_VARIABLE = "ALLIANCE_DB"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file: an explicit path first, then $ALLIANCE_DB, then data/alliance.duckdb."""
    if explicit:
        return Path(explicit)
    from_environment = os.environ.get(DATABASE_ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment)
    return DEFAULT_DATABASE
