"""The SQL console's worker: a separate process that checks, plans and runs untrusted queries, one at a time,
under operating-system limits.

Started by `analysis.sql_console.pool` as `python -m analysis.sql_console.worker FOLDER` (FOLDER: its
private folder, for DuckDB's spill files). Before it reads any query it limits itself: address space
(`RLIMIT_AS`, everything it maps: parser, planner, DuckDB, Arrow), no core files, and per query the CPU
time (`RLIMIT_CPU`). Each query is then checked (`statement_check`), planned and run on a read-only,
locked-down DuckDB over the snapshot it names, with a timer that interrupts DuckDB at the time limit; the
server kills the whole process shortly after if it has not answered (parsing and planning cannot be
interrupted). At most the row and byte limits of the result are read; the rest is never produced.

It imports only DuckDB, pyarrow and the console's policy and check, so it starts fast and small.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from analysis.sql_console.policy import (
    CPU_ALLOWANCE_SECONDS,
    DUCKDB_MEMORY_LIMIT_BYTES,
    DUCKDB_TEMP_DIRECTORY_BYTES,
    MAX_EXPRESSION_DEPTH,
    MAX_RESULT_BYTES,
    THREADS,
    WORKER_ADDRESS_SPACE_BYTES,
    MiB,
)
from analysis.sql_console.protocol import read_frame_blocking, write_frame
from analysis.sql_console.statement_check import Allowed, StatementCheck, check_statement

BATCH_ROWS = 256  # rows per Arrow batch read from DuckDB (a vector of 2,048 rows is DuckDB's own unit)


def sandbox_settings(folder: Path) -> dict[str, str | bool | int | float | list[str]]:
    """The console instance's settings, fixed at open and then locked: no files, no network, no extensions,
    no Python objects, bounded memory and spill, and the server's own folders nowhere in its settings.

    Applied in this order (DuckDB refuses to set a folder once external access is off), then locked."""
    return {
        "temp_directory": str(folder / "spill"),
        "home_directory": str(folder),
        "extension_directory": str(folder / "extensions"),
        "secret_directory": str(folder / "secrets"),
        "max_temp_directory_size": f"{DUCKDB_TEMP_DIRECTORY_BYTES // MiB}MiB",
        "memory_limit": f"{DUCKDB_MEMORY_LIMIT_BYTES // MiB}MiB",
        "threads": THREADS,
        "max_expression_depth": MAX_EXPRESSION_DEPTH,
        "python_enable_replacements": False,  # a table name never resolves to a Python variable
        "python_scan_all_frames": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_persistent_secrets": False,
        "enable_external_access": False,  # no files read or written, no ATTACH, no INSTALL/LOAD from disk
        "enable_progress_bar": False,
    }


def open_locked(snapshot: Path, folder: Path) -> duckdb.DuckDBPyConnection:
    """`snapshot` opened read-only with `sandbox_settings`, then its configuration locked."""
    settings = sandbox_settings(folder)
    at_open = {name: value for name, value in settings.items() if name not in _SET_AFTER_OPEN}
    connection = duckdb.connect(str(snapshot), read_only=True, config=at_open)
    try:
        for name in _SET_AFTER_OPEN:
            connection.execute(f"set {name} = {str(settings[name]).lower()}")
        connection.execute("set lock_configuration = true")
    except BaseException:
        connection.close()
        raise
    return connection


_SET_AFTER_OPEN = ("enable_external_access", "enable_progress_bar")


class Sandbox:
    """One read-only, locked-down DuckDB on a snapshot file, and what a query there may name."""

    def __init__(self, snapshot: Path, folder: Path) -> None:
        self.snapshot = snapshot
        self.connection = open_locked(snapshot, folder)
        try:
            tables = self.connection.execute(
                "select table_name from duckdb_tables() where database_name = current_database() "
                "and not internal"
            ).fetchall()
            macros = self.connection.execute(
                "select function_name from duckdb_functions() where database_name = current_database() "
                "and function_type = 'table_macro' and not internal"
            ).fetchall()
        except BaseException:
            self.connection.close()
            raise
        self.allowed = Allowed(
            tables=frozenset(str(name).lower() for (name,) in tables),
            table_macros=frozenset(str(name).lower() for (name,) in macros),
        )

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.connection.close()


class Worker:
    """The worker's state between queries: the sandbox of the last snapshot asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sandbox: Sandbox | None = None

    def sandbox_for(self, snapshot: Path) -> Sandbox:
        if self.sandbox is None or self.sandbox.snapshot != snapshot:
            if self.sandbox is not None:
                self.sandbox.close()
                self.sandbox = None
            self.sandbox = Sandbox(snapshot, self.folder)
        return self.sandbox

    def answer(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        """One query, start to end, within `timeout` seconds of its arrival."""
        _reset_peak_memory()
        _limit_cpu(float(request["timeout"]) + CPU_ALLOWANCE_SECONDS)
        timeout = float(request["timeout"])
        deadline = time.monotonic() + timeout
        stopped = threading.Event()
        cursor: duckdb.DuckDBPyConnection | None = None

        def stop() -> None:
            stopped.set()
            if cursor is not None:
                with contextlib.suppress(duckdb.Error):
                    cursor.interrupt()

        timer = threading.Timer(timeout, stop)
        timer.daemon = True
        timer.start()
        try:
            sandbox = self.sandbox_for(Path(request["snapshot"]))
            cursor = sandbox.connection  # one query at a time: its session settings (no progress bar) hold
            if stopped.is_set():
                return _reply("timed_out", "timed_out", f"{timeout:g}"), b""
            check = check_statement(cursor, str(request["sql"]), sandbox.allowed)
            if check.refusal is not None:
                return _refusal(check), b""
            if time.monotonic() >= deadline:
                return _reply("timed_out", "timed_out", f"{timeout:g}"), b""
            cursor.execute(check.sql)
            body, rows, truncated_by = _read_result(
                cursor, int(request["limit"]), int(request.get("max_bytes", MAX_RESULT_BYTES))
            )
            return {**_reply("answered"), "rows": rows, "truncated_by": truncated_by}, body
        except duckdb.InterruptException:
            if stopped.is_set():
                return _reply("timed_out", "timed_out", f"{timeout:g}"), b""
            return _reply("failed", "error", "interrupted"), b""
        except duckdb.OutOfMemoryException as error:
            return {**_reply("failed", "out_of_memory", _scrub(error, request)), "recycle": True}, b""
        except MemoryError:
            return {**_reply("failed", "out_of_memory", "the worker ran out of memory"), "recycle": True}, b""
        except duckdb.PermissionException as error:
            return _reply("refused", "sandbox", _scrub(error, request)), b""
        except duckdb.Error as error:
            message = _scrub(error, request)
            if "read-only" in message:
                return _reply("refused", "changes_data", message), b""
            if "configuration has been locked" in message:
                return _reply("refused", "settings", message), b""
            lowered = message.lower()
            if "out of memory" in lowered or "could not allocate" in lowered or "bad allocation" in lowered:
                return {**_reply("failed", "out_of_memory", message), "recycle": True}, b""
            return _reply("failed", "error", message), b""
        finally:
            timer.cancel()


def _read_result(
    cursor: duckdb.DuckDBPyConnection, limit: int, max_bytes: int
) -> tuple[bytes, int, str | None]:
    """At most `limit` rows and `max_bytes` of the streaming result as an Arrow IPC stream, the rows kept,
    and what cut it ("rows", "bytes" or None). What lies beyond is never read."""
    reader = cursor.to_arrow_reader(BATCH_ROWS)
    kept: list[pa.RecordBatch] = []
    rows = size = 0
    truncated_by: str | None = None
    for batch in reader:
        if batch.num_rows == 0:
            continue
        if rows >= limit:
            truncated_by = "rows"
            break
        if rows + batch.num_rows > limit:
            batch = batch.slice(0, limit - rows)
            truncated_by = "rows"
        if size + batch.nbytes > max_bytes:
            batch = batch.slice(0, _rows_within(batch, max_bytes - size))
            truncated_by = "bytes"
        kept.append(batch)
        rows += batch.num_rows
        size += batch.nbytes
        if truncated_by:
            break
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, reader.schema) as stream:
        for batch in kept:
            stream.write_batch(batch)
    return sink.getvalue().to_pybytes(), rows, truncated_by


def _rows_within(batch: pa.RecordBatch, budget: int) -> int:
    """The most leading rows of `batch` whose Arrow size fits `budget` bytes (binary search)."""
    low, high = 0, batch.num_rows
    while low < high:
        middle = (low + high + 1) // 2
        if batch.slice(0, middle).nbytes <= budget:
            low = middle
        else:
            high = middle - 1
    return low


def _reply(outcome: str, reason: str | None = None, detail: str = "") -> dict[str, Any]:
    return {"outcome": outcome, "reason": reason, "detail": detail}


def _refusal(check: StatementCheck) -> dict[str, Any]:
    if check.refusal == "syntax":
        return _reply("failed", "syntax", check.detail)
    return _reply("refused", check.refusal, check.detail)


def _scrub(error: BaseException, request: dict[str, Any]) -> str:
    """The error's first line, without the snapshot's or the worker's folder (nothing of the server's paths)."""
    text = str(error).strip()
    line = text.splitlines()[0] if text else type(error).__name__
    for folder in (str(Path(request["snapshot"]).parent), os.environ.get("ALLIANCE_SQL_WORKER_DIR", "")):
        if folder:
            line = line.replace(folder, "<console>")
    return line


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_ADDRESS_SPACE_BYTES, WORKER_ADDRESS_SPACE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _limit_cpu(seconds: float) -> None:
    """The soft CPU limit: what this process used so far, plus `seconds` (SIGXCPU ends it past that)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _reset_peak_memory() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from VmRSS


def memory_status() -> dict[str, int]:
    """This process's resident memory now and at its peak (since the last reset), in bytes."""
    values: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values["rss" if name == "VmRSS" else "peak_rss"] = int(rest.split()[0]) * 1024
    return values


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def serve(requests: IO[bytes], replies: IO[bytes], folder: Path) -> None:
    """Answer requests until the server closes the pipe."""
    worker = Worker(folder)
    write_frame(replies, {"ready": True, "pid": os.getpid(), **memory_status()})
    while True:
        frame = read_frame_blocking(requests)
        if frame is None:
            break
        request, _ = frame
        cpu_before = _cpu_seconds()
        try:
            header, body = worker.answer(request)
        except MemoryError:
            header, body = (
                {**_reply("failed", "out_of_memory", "the worker ran out of memory"), "recycle": True},
                b"",
            )
        except Exception as error:  # any failure is an answer, never a dead worker (e.g. Arrow's own errors)
            message = _scrub(error, request)
            if "out of memory" in message.lower() or "failed to allocate" in message.lower():
                header, body = {**_reply("failed", "out_of_memory", message), "recycle": True}, b""
            else:
                header, body = _reply("failed", "error", message), b""
        header.update(memory_status(), cpu_seconds=round(_cpu_seconds() - cpu_before, 3))
        write_frame(replies, header, body)
    if worker.sandbox is not None:
        worker.sandbox.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    os.environ["ALLIANCE_SQL_WORKER_DIR"] = str(folder)
    replies = os.fdopen(os.dup(1), "wb")  # frames only; anything printed goes to stderr
    os.dup2(2, 1)
    _limit_memory()
    serve(sys.stdin.buffer, replies, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
