"""The SQL console's audit log: one JSON line per query asked, run or refused.

A file, not a table: the console never has write access to the database. The log is opened before a
query runs, so a query is never run without its line being writable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import IO, Any

from analysis.errors import AllianceError
from analysis.log_files import roll_over_if_full
from analysis.paths import LOG_DIR

AUDIT_LOG_ENVIRONMENT_VARIABLE = "ALLIANCE_SQL_AUDIT_LOG"
DEFAULT_AUDIT_LOG = LOG_DIR / "sql_audit.jsonl"

_write_lock = threading.Lock()


def audit_log_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The log file: explicit, then $ALLIANCE_SQL_AUDIT_LOG, then data/logs/sql_audit.jsonl."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(AUDIT_LOG_ENVIRONMENT_VARIABLE) or DEFAULT_AUDIT_LOG)


def open_audit_log(path: Path) -> IO[str]:
    """The log opened for appending (folders made), or a clear error: no query runs unlogged."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        roll_over_if_full(path)
        return path.open("a", encoding="utf-8")
    except OSError as error:
        raise AllianceError(
            f"The SQL audit log {path} cannot be written ({error.strerror}); no query was run. "
            f"Make its folder writable, or point ${AUDIT_LOG_ENVIRONMENT_VARIABLE} at a writable file."
        ) from error


def write_audit_entry(log: IO[str], entry: dict[str, Any]) -> None:
    """Append one entry (with the time in UTC) as a JSON line and flush it."""
    line = json.dumps({"time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), **entry})
    with _write_lock:
        log.write(line + "\n")
        log.flush()


def read_audit_log(path: Path) -> list[dict[str, Any]]:
    """Every entry of the log, oldest first (empty when there is no log yet)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]
