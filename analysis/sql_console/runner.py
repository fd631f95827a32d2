"""`run_readonly_sql`: the one function behind the Explore page's SQL console and `python -m analysis sql`.

Layers, each enough on its own for most attacks (the numbers are in `analysis.sql_console.policy`):

1. Here, before anything parses: the text's length (`MAX_SQL_CHARACTERS`).
2. In a separate worker process (`analysis.sql_console.worker`) limited by the operating system (address
   space, CPU time) and killed by this process at the time limit plus a grace: DuckDB's parser admits
   one SELECT-shaped statement naming only the alliance tables, allowed table functions and functions
   (`statement_check`); it runs on a read-only, locked-down DuckDB over a prepared snapshot without the
   columns that name people (`sandbox`); DuckDB's own memory limit and a timer interrupt apply; at most
   the row and byte limits of the result are read.
3. Every query, answered or not, is written to the audit log first.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.i18n import Language, catalog, translate
from analysis.sql_console.audit import audit_log_path, open_audit_log, write_audit_entry
from analysis.sql_console.policy import (
    CPU_ALLOWANCE_SECONDS,
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_EXPRESSION_DEPTH,
    MAX_RESULT_BYTES,
    MAX_SQL_CHARACTERS,
    QUEUE_SECONDS,
    WORKER_ADDRESS_SPACE_BYTES,
    MiB,
)
from analysis.sql_console.pool import WorkerAnswer, console_pool
from analysis.sql_console.sandbox import snapshot_for
from analysis.store.connection import AllianceDatabase

Outcome = Literal["answered", "refused", "failed", "timed_out"]
TruncatedBy = Literal["rows", "bytes"]
LOGGED_SQL_CHARACTERS = MAX_SQL_CHARACTERS  # a longer text is logged cut, with its length


@dataclass(frozen=True)
class SqlResult:
    """What a console query gave: rows (at most the limits), or why it gave none.

    `truncated` is True when the query had more rows than `limit` or more bytes than the result limit
    (`truncated_by` says which). `refused` is True when the query was not allowed; `reason` then says
    why in plain English, and `reason_key`/`reason_values` give the same message from the i18n catalogue
    for any language. `peak_memory_bytes` and `cpu_seconds` are the worker's, for this query.
    """

    frame: pd.DataFrame
    truncated: bool
    elapsed_ms: float
    refused: bool
    reason: str | None
    outcome: Outcome = "answered"
    reason_key: str | None = None
    reason_values: dict[str, Any] = field(default_factory=dict)
    truncated_by: TruncatedBy | None = None
    peak_memory_bytes: int = 0
    cpu_seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

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
        result = _with_elapsed(result, elapsed_ms)
        write_audit_entry(
            log,
            {
                "user": user,
                "database": str(getattr(database_path_or_db, "path", database_path_or_db)),
                "sql": sql[:LOGGED_SQL_CHARACTERS],
                "sql_characters": len(sql),
                "outcome": result.outcome,
                "refused": result.refused,
                "reason": result.reason,
                "rows": len(result.frame),
                "truncated": result.truncated,
                "ms": elapsed_ms,
                "run_ms": round(result.timings.get("run_ms", 0.0), 1),
                "peak_memory_mb": round(result.peak_memory_bytes / MiB, 1),
                "cpu_seconds": result.cpu_seconds,
            },
        )
    return result


def _run(
    database_path_or_db: AllianceDatabase | str | Path, sql: str, *, limit: int, timeout_seconds: float
) -> SqlResult:
    if len(sql) > MAX_SQL_CHARACTERS:  # before anything parses it, here or in a worker
        return _no_rows("refused", "too_long", length=f"{len(sql):,}", limit=f"{MAX_SQL_CHARACTERS:,}")
    pool = console_pool()
    with snapshot_for(database_path_or_db) as snapshot:
        answer = pool.run(snapshot.path, sql, limit=limit, timeout=timeout_seconds)
    return _result_of(answer, timeout_seconds)


def _result_of(answer: WorkerAnswer, timeout_seconds: float) -> SqlResult:
    header = answer.header
    measured: dict[str, Any] = {
        "peak_memory_bytes": int(header.get("peak_rss", 0)),
        "cpu_seconds": float(header.get("cpu_seconds", 0.0)),
        "timings": answer.timings,
    }
    outcome = answer.outcome
    if outcome == "answered":
        frame = _frame_of(answer.body)
        truncated_by = header.get("truncated_by")
        return SqlResult(
            frame=frame,
            truncated=truncated_by is not None,
            elapsed_ms=0.0,
            refused=False,
            reason=None,
            truncated_by=truncated_by,
            **measured,
        )
    reason = str(header.get("reason") or "error")
    detail = str(header.get("detail", ""))
    values: dict[str, Any] = {"detail": detail}
    if reason == "timed_out":
        outcome = "timed_out"
        values = {"detail": f"{timeout_seconds:g}"}
    elif reason == "stopped":
        values["memory"] = f"{WORKER_ADDRESS_SPACE_BYTES // MiB:,} MiB"
    elif reason == "cpu":
        values["seconds"] = f"{timeout_seconds + CPU_ALLOWANCE_SECONDS:g}"
    elif reason == "too_deep":
        values["limit"] = f"{MAX_EXPRESSION_DEPTH:,}"
    elif reason == "busy":
        values["seconds"] = f"{QUEUE_SECONDS:g}"
    return _no_rows(_outcome(outcome), reason, **values, **measured)


def _frame_of(body: bytes) -> pd.DataFrame:
    """The Arrow result as pandas, converted by DuckDB as before (dates as datetimes, decimals as floats)."""
    table = pa.ipc.open_stream(body).read_all()
    converter = duckdb.connect(":memory:")
    try:
        return converter.from_arrow(table).df()
    finally:
        converter.close()


def _outcome(value: str) -> Outcome:
    return value if value in ("answered", "refused", "failed", "timed_out") else "failed"  # type: ignore[return-value]


def reason_key(code: str) -> str:
    """The catalogue key of a refusal or failure code (the console's older ones live under explore.sql)."""
    older = f"explore.sql.reason.{code}"
    return older if older in catalog("en") else f"sqlconsole.reason.{code}"


def _no_rows(outcome: Outcome, reason_code: str, **values: Any) -> SqlResult:
    measured = {
        name: values.pop(name) for name in ("peak_memory_bytes", "cpu_seconds", "timings") if name in values
    }
    values.setdefault("detail", "")
    key = reason_key(reason_code)
    return SqlResult(
        frame=pd.DataFrame(),
        truncated=False,
        elapsed_ms=0.0,
        refused=outcome == "refused",
        reason=translate(key, "en", **values),
        outcome=outcome,
        reason_key=key,
        reason_values=values,
        **measured,
    )


def _with_elapsed(result: SqlResult, elapsed_ms: float) -> SqlResult:
    return replace(result, elapsed_ms=elapsed_ms)


__all__ = [
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_TIMEOUT_SECONDS",
    "MAX_RESULT_BYTES",
    "SqlResult",
    "reason_key",
    "run_readonly_sql",
]
