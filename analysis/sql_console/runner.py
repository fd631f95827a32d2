"""`run_readonly_sql`: the one function behind the Explore page's SQL console and `python -m analysis sql`.

Layers, each enough on its own for most attacks: DuckDB's parser admits one SELECT or CALL with no
data-changing WITH clause and only known tables; it runs in a read-only transaction, on a separate
read-only DuckDB instance with external access and Python replacement scans off and its configuration
locked; a timer interrupts it at the time limit; at most `limit` rows are read from the streaming result.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd

from analysis.i18n import Language, translate
from analysis.sql_console.audit import audit_log_path, open_audit_log, write_audit_entry
from analysis.sql_console.sandbox import Sandbox, sandbox_for
from analysis.sql_console.statement_check import check_statement
from analysis.store.database import AllianceDatabase

DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_SECONDS = 10.0
VECTORS_PER_FETCH = 4  # DuckDB hands rows out in vectors of 2,048

Outcome = Literal["answered", "refused", "failed", "timed_out"]


@dataclass(frozen=True)
class SqlResult:
    """What a console query gave: rows (at most the limit), or why it gave none.

    `truncated` is True when the query had more rows than `limit`. `refused` is True when the query was
    not allowed (by the parser or by the locked-down database); `reason` then says why in plain English,
    and `reason_key`/`reason_values` give the same message from the i18n catalogue for any language.
    """

    frame: pd.DataFrame
    truncated: bool
    elapsed_ms: float
    refused: bool
    reason: str | None
    outcome: Outcome = "answered"
    reason_key: str | None = None
    reason_values: dict[str, Any] = field(default_factory=dict)

    def reason_in(self, language: Language) -> str | None:
        """The reason in `language` (None when the query was answered)."""
        if self.reason_key is None:
            return None
        return translate(self.reason_key, language, **self.reason_values)


def run_readonly_sql(
    database_path_or_db: AllianceDatabase | str | Path,
    sql: str,
    *,
    limit: int = DEFAULT_ROW_LIMIT,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    user: str | None = None,
    audit_log: str | Path | None = None,
) -> SqlResult:
    """Run one read-only statement against the alliance data, at most `limit` rows, within `timeout_seconds`.

    Never changes the database. Every call, refused or not, is appended to the audit log.
    """
    log_path = audit_log_path(audit_log)
    with open_audit_log(log_path) as log:
        started = time.monotonic()
        result = _run(database_path_or_db, sql, limit=limit, timeout_seconds=timeout_seconds)
        elapsed_ms = round((time.monotonic() - started) * 1000, 1)
        result = SqlResult(
            frame=result.frame,
            truncated=result.truncated,
            elapsed_ms=elapsed_ms,
            refused=result.refused,
            reason=result.reason,
            outcome=result.outcome,
            reason_key=result.reason_key,
            reason_values=result.reason_values,
        )
        write_audit_entry(
            log,
            {
                "user": user,
                "database": str(getattr(database_path_or_db, "path", database_path_or_db)),
                "sql": sql,
                "outcome": result.outcome,
                "refused": result.refused,
                "reason": result.reason,
                "rows": len(result.frame),
                "truncated": result.truncated,
                "ms": elapsed_ms,
            },
        )
    return result


def _run(
    database_path_or_db: AllianceDatabase | str | Path, sql: str, *, limit: int, timeout_seconds: float
) -> SqlResult:
    check = check_statement(sql)
    if check.refusal == "syntax":
        return _no_rows("failed", "syntax", detail=check.detail)
    if check.refusal is not None:
        return _no_rows("refused", check.refusal, detail=check.detail)
    with sandbox_for(database_path_or_db) as sandbox:
        unknown = sorted(check.table_names - check.local_names - sandbox.relation_names)
        if unknown:
            return _no_rows("refused", "unknown_table", detail=", ".join(unknown))
        return _execute(sandbox, sql, limit=limit, timeout_seconds=timeout_seconds)


def _execute(sandbox: Sandbox, sql: str, *, limit: int, timeout_seconds: float) -> SqlResult:
    cursor = sandbox.connection.cursor()
    timed_out = threading.Event()

    def stop_query() -> None:
        timed_out.set()
        cursor.interrupt()

    timer = threading.Timer(timeout_seconds, stop_query)
    timer.daemon = True
    try:
        cursor.execute("begin transaction read only")
        timer.start()
        cursor.execute(sql)
        frame, truncated = _read_at_most(cursor, limit)
        return _answered(frame, truncated)
    except duckdb.InterruptException:
        if timed_out.is_set():
            return _no_rows("timed_out", "timed_out", detail=f"{timeout_seconds:g}")
        return _no_rows("failed", "error", detail="interrupted")
    except duckdb.PermissionException as error:
        return _no_rows("refused", "sandbox", detail=_first_line(error))
    except duckdb.Error as error:
        message = _first_line(error)
        if "read-only" in message:
            return _no_rows("refused", "changes_data", detail=message)
        if "configuration has been locked" in message:
            return _no_rows("refused", "settings", detail=message)
        if isinstance(error, duckdb.OutOfMemoryException):
            return _no_rows("failed", "out_of_memory", detail=message)
        return _no_rows("failed", "error", detail=message)
    finally:
        timer.cancel()
        _close_quietly(cursor)


def _read_at_most(cursor: duckdb.DuckDBPyConnection, limit: int) -> tuple[pd.DataFrame, bool]:
    """Up to `limit` rows of the streaming result, and whether there were more (the rest is never read)."""
    chunks: list[pd.DataFrame] = []
    rows = 0
    while rows <= limit:
        chunk = cursor.fetch_df_chunk(VECTORS_PER_FETCH)
        if chunk.empty:
            if not chunks:
                chunks.append(chunk)  # keeps the column names of an empty result
            break
        chunks.append(chunk)
        rows += len(chunk)
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    truncated = len(frame) > limit
    return (frame.iloc[:limit].reset_index(drop=True) if truncated else frame), truncated


def _answered(frame: pd.DataFrame, truncated: bool) -> SqlResult:
    return SqlResult(frame=frame, truncated=truncated, elapsed_ms=0.0, refused=False, reason=None)


def _no_rows(outcome: Outcome, reason_code: str, *, detail: str = "") -> SqlResult:
    key = f"explore.sql.reason.{reason_code}"
    values = {"detail": detail}
    return SqlResult(
        frame=pd.DataFrame(),
        truncated=False,
        elapsed_ms=0.0,
        refused=outcome == "refused",
        reason=translate(key, "en", **values),
        outcome=outcome,
        reason_key=key,
        reason_values=values,
    )


def _close_quietly(cursor: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # an interrupted or failed transaction is already over
        cursor.execute("rollback")
    cursor.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
