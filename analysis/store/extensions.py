"""The DuckDB extensions the store needs, loaded from their pinned PyPI wheels: never downloaded.

DuckDB checks each extension's signature on LOAD (unsigned extensions stay refused), and automatic
installing or loading of extensions is switched off, so nothing is fetched at run time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

from analysis.errors import AllianceError
from analysis.queries import quoted_literal

# extension name -> the PyPI package (pinned in requirements.txt) that carries its binary
EXTENSION_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}

CONNECTION_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def extension_file(name: str) -> Path:
    """The extension binary shipped in its wheel, for the running DuckDB version."""
    package = EXTENSION_PACKAGES[name]
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise AllianceError(
            f"The DuckDB extension {name} is not installed (package {package.replace('_', '-')}). "
            "Install the pinned requirements: `make setup`."
        )
    candidate = (
        Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    )
    if not candidate.is_file():
        raise AllianceError(
            f"The installed {package.replace('_', '-')} has no build for DuckDB {duckdb.__version__} "
            f"({candidate} is missing). Install the pinned requirements: `make setup`."
        )
    return candidate


def load_extensions(connection: duckdb.DuckDBPyConnection, *names: str) -> None:
    for name in names:
        connection.execute(f"load {quoted_literal(str(extension_file(name)))}")
