"""Both store modes side by side: the embedded store (SQLite catalog) and server mode (PostgreSQL catalog).

The server store is a throwaway PostgreSQL cluster started for the run (Debian's binaries), filled with
the same 100k-member data through a backup of the embedded store and a restore (the product's own
path). Timed in both: the headline set warm (target < 250 ms, and >= 5x faster than pandas), a
50,000-row import, and a command-line read (`python -m analysis status`) while another process holds
the store open as a running dashboard does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from analysis.filters import Filters
from analysis.importer import import_contents
from analysis.paths import PROJECT_ROOT
from analysis.store.backups import restore_backup, write_backup
from analysis.store.connection import open_database
from benchmarks import BenchContext, BenchResult, time_warm
from benchmarks.import_bench import members_file
from benchmarks.metrics_bench import SYNTHETIC_AS_OF, headline_set_in_duckdb
from benchmarks.pandas_reference import headline_set, load_tables
from benchmarks.postgres_cluster import postgres_available, remove_cluster, start_cluster

HEADLINE_TARGET_SECONDS = 0.25
IMPORT_TARGET_SECONDS = 10.0
COMMAND_TARGET_SECONDS = 5.0
IMPORT_ROWS = 50_000

HOLD_OPEN = """
    import sys, time
    from analysis.store.connection import open_database
    database = open_database(sys.argv[1], read_only=True)
    database.table_counts()
    print("open", flush=True)
    time.sleep(600)
"""


def measure(context: BenchContext) -> list[BenchResult]:
    if not postgres_available():
        return [
            BenchResult("store", "server mode (module skipped)", "-", 0.0, note="PostgreSQL 15 not installed")
        ]
    results: list[BenchResult] = []
    filters = Filters(as_of=SYNTHETIC_AS_OF)
    tables = load_tables(context.large_database)  # loaded outside the timing, as in the metrics area
    pandas_seconds = time_warm(lambda: headline_set(tables, SYNTHETIC_AS_OF), 3)
    cluster = start_cluster()
    scratch = Path(tempfile.mkdtemp(prefix="store-bench-"))
    os.environ.setdefault("ALLIANCE_DATA_FILES", str(scratch / "server-files"))
    try:
        server_address = cluster.create_database()
        server = open_database(server_address)
        source = open_database(context.large_database, create=False, read_only=True)
        try:
            started = time.perf_counter()
            restore_backup(server, write_backup(source, scratch / "copy", "benchmark"))
            copy_seconds = time.perf_counter() - started
        finally:
            source.close()
        server.close()
        results.append(
            BenchResult("store", "server mode: fill by backup + restore", context.large_label, copy_seconds)
        )
        for mode, address in (("embedded", str(context.large_database)), ("server", server_address)):
            database = open_database(address, create=False, read_only=True)
            try:
                seconds = time_warm(lambda db=database: headline_set_in_duckdb(db, filters), context.repeats)  # type: ignore[misc]
            finally:
                database.close()
            ratio = pandas_seconds / seconds if seconds else float("inf")
            results.append(
                BenchResult(
                    "store",
                    f"headline set warm, {mode}",
                    context.large_label,
                    seconds,
                    HEADLINE_TARGET_SECONDS,
                    note=f"{ratio:.1f}x faster than pandas ({pandas_seconds * 1000:.0f} ms)",
                    passed=seconds <= HEADLINE_TARGET_SECONDS and ratio >= 5,
                    target_label="< 250 ms and >= 5x pandas",
                )
            )
        rows = IMPORT_ROWS // 10 if context.quick else IMPORT_ROWS
        for mode, address in (
            ("embedded", str(scratch / "import.ducklake")),
            ("server", cluster.create_database()),
        ):
            database = open_database(address)
            try:
                content = members_file(rows)
                started = time.perf_counter()
                report = import_contents(database, [("members.csv", content)])
                seconds = time.perf_counter() - started
            finally:
                database.close()
            results.append(
                BenchResult(
                    "store",
                    f"import {rows:,} member rows, {mode}",
                    f"{rows:,} rows",
                    seconds,
                    IMPORT_TARGET_SECONDS,
                    note=f"{report.rows_added:,} added",
                )
            )
        for mode, address in (("embedded", str(context.large_database)), ("server", server_address)):
            results.append(_command_beside_a_holder(mode, address, context.large_label))
    finally:
        remove_cluster(cluster)
    return results


def _command_beside_a_holder(mode: str, address: str, size: str) -> BenchResult:
    """`status` from the command line while another process (standing in for the dashboard) holds the store."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HOLD_OPEN), address],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        holder.stdout.readline()
        times = []
        exit_codes = set()
        for _ in range(3):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "analysis", "status", "--db", address],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            times.append(time.perf_counter() - started)
            exit_codes.add(done.returncode)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    return BenchResult(
        "store",
        f"`status` while another process holds the store, {mode}",
        size,
        statistics.median(times),
        COMMAND_TARGET_SECONDS,
        note=f"exit codes {sorted(exit_codes)} (whole process, Python start included)",
        passed=exit_codes == {0} and statistics.median(times) <= COMMAND_TARGET_SECONDS,
    )
