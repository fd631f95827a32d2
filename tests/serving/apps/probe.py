"""An analysis function that counts its calls (a computation that really runs, not a cache hit)."""

from __future__ import annotations

from analysis.store.connection import AllianceDatabase
from analysis.store.lake import fetch_scalar

CALLS: list[int] = []


def counted_member_count(database: AllianceDatabase) -> int:
    with database.reading() as cursor:
        count = int(fetch_scalar(cursor, "select count(*) from members") or 0)
    CALLS.append(count)
    return count
