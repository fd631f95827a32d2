"""Copies of the database taken before every import and restore (STUB until the Trust issue lands).

Contract: `backup_before_write(database, reason)` is called by every writer of user data before it
writes; it returns the backup's folder, or None when backups are switched off.
"""

from __future__ import annotations

from pathlib import Path

from analysis.store.database import AllianceDatabase


def backup_before_write(database: AllianceDatabase, reason: str) -> Path | None:
    """Copy the database aside before a write that could lose data; keep the last N copies."""
    return None
