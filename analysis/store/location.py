"""What `--db` names: an embedded store (a SQLite catalog file) or a server store (a PostgreSQL address).

Both are DuckLake stores: the catalog (tables, snapshots) lives in SQLite or PostgreSQL, the rows in
Parquet files in a folder. For the embedded store that folder is `<catalog>.files/` beside the catalog
file; for a server store it is chosen once, at `init` ($ALLIANCE_DATA_FILES, else
data/server-files/<database>/), and recorded in the catalog, so the address alone opens it afterwards.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from analysis.errors import AllianceError
from analysis.paths import DATA_DIR, DATA_FILES_ENVIRONMENT_VARIABLE, SERVER_DATA_FILES_DIR, store_address

_SERVER_PREFIXES = ("postgresql://", "postgres://")
_DUCKDB_MAGIC = b"DUCK"
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class StoreLocation:
    """Where one store lives. `address` is what the user gave; `label` is safe to show (no password)."""

    address: str
    server: bool

    @property
    def catalog_file(self) -> Path:
        """The embedded store's SQLite catalog."""
        if self.server:
            raise AllianceError("A server store has no catalog file; it lives in PostgreSQL.")
        return Path(self.address)

    @property
    def label(self) -> str:
        if not self.server:
            return self.address
        parts = urlsplit(self.address)
        host = parts.hostname or "localhost"
        netloc = f"{parts.username + '@' if parts.username else ''}{host}{':' + str(parts.port) if parts.port else ''}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    @property
    def database_name(self) -> str:
        name = urlsplit(self.address).path.lstrip("/") if self.server else Path(self.address).stem
        return name or "alliance"

    @property
    def home(self) -> Path:
        """The folder under which this store's backups and logs go by default."""
        if self.server:
            return DATA_DIR
        return self.catalog_file.parent

    def default_data_files(self) -> Path:
        """Where a new store's Parquet files go."""
        if not self.server:
            return self.catalog_file.with_name(self.catalog_file.name + ".files")
        configured = os.environ.get(DATA_FILES_ENVIRONMENT_VARIABLE, "").strip()
        if configured:
            return Path(configured)
        return SERVER_DATA_FILES_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "_", self.database_name)

    def ducklake_catalog(self) -> str:
        """The catalog part of DuckLake's ATTACH string."""
        if self.server:
            return f"postgres:{self.address}"
        return f"sqlite:{self.catalog_file}"

    def exists(self) -> bool:
        """Whether an embedded catalog file is there (a server store is asked in `server_catalog`)."""
        return self.server or self.catalog_file.exists()

    def check_embedded_file(self) -> None:
        """Refuse, with what to do, a file that is not a DuckLake catalog (an old single-file DuckDB store)."""
        if self.server or not self.catalog_file.is_file():
            return
        with self.catalog_file.open("rb") as handle:
            head = handle.read(16)
        if head[8:12] == _DUCKDB_MAGIC:
            raise AllianceError(
                f"{self.address} is a single-process DuckDB file from an earlier release of this product, "
                "not the shared store it now uses. Export its data with that release "
                "(`python -m analysis export --out DIR`), then create the shared store with "
                "`python -m analysis init` and import the exported files (`python -m analysis import DIR/*.csv`)."
            )
        if head and head != _SQLITE_MAGIC:
            raise AllianceError(
                f"{self.address} is not an alliance store: it is neither a DuckLake catalog nor empty. "
                "Point --db at the store's catalog file (data/alliance.ducklake by default), or at a new path "
                "and run `python -m analysis init`."
            )


def store_location(explicit: str | os.PathLike[str] | None = None) -> StoreLocation:
    """The store `--db` (else $ALLIANCE_DB, else the default) names."""
    address = store_address(explicit)
    if address.startswith(_SERVER_PREFIXES):
        return StoreLocation(address=address, server=True)
    if "://" in address:
        raise AllianceError(
            f"--db {address!r} is neither a file path nor a PostgreSQL address. Give a path (for example "
            "data/alliance.ducklake) or postgresql://user@host:5432/alliance."
        )
    return StoreLocation(address=str(Path(address).expanduser()), server=False)
