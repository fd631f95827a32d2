"""Storage: the DuckDB schema and the one object that owns the database file."""

from analysis.store.database import DATA_TABLES, AllianceDatabase, open_database

__all__ = ["DATA_TABLES", "AllianceDatabase", "open_database"]
