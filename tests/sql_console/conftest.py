"""Helpers for the SQL console tests."""

from __future__ import annotations

from analysis.store.database import ALL_TABLES, AllianceDatabase, fetch_scalar


def database_fingerprint(database: AllianceDatabase) -> dict[str, tuple[int, str]]:
    """Rows and an ordered content hash per table, read through the app's own connection."""
    with database.reading() as cursor:
        return {
            table: (
                int(fetch_scalar(cursor, f"select count(*) from {table}")),
                str(
                    fetch_scalar(
                        cursor,
                        f"select md5(coalesce(string_agg(t::varchar, '|' order by t::varchar), '')) from {table} as t",
                    )
                ),
            )
            for table in ALL_TABLES
        }
