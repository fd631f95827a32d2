"""The explorer's and the SQL console's speed, on the demo data and on the large synthetic alliance.

- explorer: three questions a person asks on the page (warm, as the page's cache is keyed on data version);
- SQL console: the first query (which makes the console's locked-down snapshot), a warm aggregate, and how
  long after its time limit a runaway cross join actually stops (the issue: within 2 s of the limit).
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from pathlib import Path

from analysis.explore import ExploreQuestion, explore
from analysis.filters import Filters
from analysis.sql_console import run_readonly_sql
from analysis.sql_console.sandbox import forget_snapshots
from analysis.store.connection import open_database
from benchmarks import BenchContext, BenchResult, time_warm

EXPLORER_TARGET_SECONDS = 2.0
CONSOLE_TARGET_SECONDS = 1.0
STOP_LATENCY_TARGET_SECONDS = 2.0
RUNAWAY_TIMEOUT_SECONDS = 1.0
QUESTIONS = (
    ExploreQuestion("members_active", "month", "country"),
    ExploreQuestion("events", "quarter", "format"),
    ExploreQuestion("engaged_members", "year", "role"),
)
AGGREGATE_SQL = "SELECT country, count(*) AS members FROM members GROUP BY country ORDER BY members DESC"
RUNAWAY_SQL = "SELECT sum(hash(a.member_id, b.event_id)) FROM participation a CROSS JOIN participation b"


def measure(context: BenchContext) -> list[BenchResult]:
    results: list[BenchResult] = []
    for label, path in (("demo", context.demo_database), (context.large_label, context.large_database)):
        results.extend(_measure_database(path, label, context))
    return results


def _measure_database(path: Path, label: str, context: BenchContext) -> list[BenchResult]:
    database = open_database(path, create=False, read_only=True)
    audit_log = context.work_dir / "explore_bench_sql_audit.jsonl"
    results = []
    try:
        filters = Filters(as_of=dt.date(2024, 12, 31))
        for question in QUESTIONS:
            seconds = time_warm(partial(explore, database, filters, question), context.repeats)
            case = f"explorer: {question.measure} by {' x '.join(question.dimensions)}"
            results.append(BenchResult("explore", case, label, seconds, EXPLORER_TARGET_SECONDS))
        started = time.perf_counter()
        run_readonly_sql(database, "SELECT 1", audit_log=audit_log)
        results.append(
            BenchResult(
                "explore",
                "SQL console: first query (makes the snapshot)",
                label,
                time.perf_counter() - started,
                note="once per data version",
            )
        )
        seconds = time_warm(
            lambda: run_readonly_sql(database, AGGREGATE_SQL, audit_log=audit_log), context.repeats
        )
        results.append(
            BenchResult("explore", "SQL console: members per country", label, seconds, CONSOLE_TARGET_SECONDS)
        )
        started = time.perf_counter()
        stopped = run_readonly_sql(
            database, RUNAWAY_SQL, timeout_seconds=RUNAWAY_TIMEOUT_SECONDS, audit_log=audit_log
        )
        late = time.perf_counter() - started - RUNAWAY_TIMEOUT_SECONDS
        results.append(
            BenchResult(
                "explore",
                "SQL console: runaway stop, time past the limit",
                label,
                max(late, 0.0),
                STOP_LATENCY_TARGET_SECONDS,
                note=f"outcome {stopped.outcome}"
                if stopped.outcome == "timed_out"
                else f"outcome {stopped.outcome}: finished within the limit",
            )
        )
    finally:
        forget_snapshots()
        database.close()
    return results
