"""The product's log files, kept bounded: each rolls over at LOG_MAX_BYTES and keeps LOG_BACKUP_COUNT older files.

`dashboard.log` (page errors) and `sql_audit.jsonl` (every SQL console query) live in data/logs/.
When a file passes 10 MB it becomes `<name>.1` (the older `.1` becomes `.2`, ... up to `.5`, the oldest
is deleted), so the folder never holds more than 6 x 10 MB per log.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_MAX_BYTES = 10 * 1024 * 1024
LOG_BACKUP_COUNT = 5


def rotating_handler(path: Path) -> logging.Handler:
    """A logging handler writing to `path`, rolled over at the size limit (folders made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT, encoding="utf-8"
    )


def roll_over_if_full(path: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_BACKUP_COUNT) -> bool:
    """Before appending to a plain log file: roll it over when it has reached `max_bytes`.

    Renames are atomic, so two processes rolling at once lose no line; at worst one rolls twice.
    Returns whether it rolled.
    """
    try:
        if path.stat().st_size < max_bytes:
            return False
    except FileNotFoundError:
        return False
    for number in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))
    return True
