"""Where the product's files live.

Two kinds of files:
- **shipped** files, read-only and the same for everyone: the country reference, the demo data, the
  branding defaults, the map outline. In a checkout they are `data/` and `static/`; an installed
  package (`pip install .`) carries them as the `alliance_data` and `alliance_static` packages.
- the **instance's** own files: the store, backups, logs, secrets. They live under the instance
  folder: `$ALLIANCE_HOME` if set, else the checkout the code runs from, else the current folder.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOME_ENVIRONMENT_VARIABLE = "ALLIANCE_HOME"


def _is_checkout(folder: Path) -> bool:
    return (folder / "dashboard.py").is_file() and (folder / "data" / "reference").is_dir()


def _shipped(checkout_folder: str, package: str) -> Path:
    """A folder of shipped files: the checkout's own, else the installed package's."""
    if _is_checkout(PROJECT_ROOT):
        return PROJECT_ROOT / checkout_folder
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the shipped files ({package}) are not installed: reinstall the product")
    return Path(next(iter(spec.submodule_search_locations)))


def instance_home() -> Path:
    """The folder holding this instance's data/ (store, backups, logs) and .streamlit/ (secrets)."""
    from_environment = os.environ.get(HOME_ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser().resolve()
    if _is_checkout(PROJECT_ROOT):
        return PROJECT_ROOT
    return Path.cwd()


SHIPPED_DATA_DIR = _shipped("data", "alliance_data")
SHIPPED_STATIC_DIR = _shipped("static", "alliance_static")
REFERENCE_DIR = SHIPPED_DATA_DIR / "reference"
DEMO_DIR = SHIPPED_DATA_DIR / "demo"
TOPOJSON_DIR = SHIPPED_STATIC_DIR / "topojson"

INSTANCE_HOME = instance_home()
DATA_DIR = INSTANCE_HOME / "data"
LOG_DIR = DATA_DIR / "logs"
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
