"""An analysis function that counts how often it really runs (the cache test reads the count)."""

from __future__ import annotations

from analysis.store.database import AllianceDatabase, fetch_scalar

CALLS: list[str] = []


def counted_members(database: AllianceDatabase) -> int:
    CALLS.append("members")
    with database.reading() as cursor:
        return int(fetch_scalar(cursor, "select count(*) from members"))
