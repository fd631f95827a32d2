"""A national registry's size: 10,000 members, 50,000 events, 10,000,000 participation rows (`synth --shape
national`): every page's warm rerun, every page's computations uncached (the first visitor after an
import pays them), and the whole annual pack.

Targets from issue "Fifty people at once": every page's warm rerun under 2 s, the annual pack under 60 s.
The database is generated once into the benchmark's work folder (about 5 minutes on 2 busy cores; reused
with `bench --work-dir`); `--quick` uses `national-small`, the same proportions at a hundredth.
"""

from __future__ import annotations

from analysis.rendering.browser import browser_available
from analysis.store.connection import open_database
from analysis.synth.generator import SHAPES
from benchmarks import BenchContext, BenchResult, size_label
from benchmarks.dashboard_bench import warm_reruns
from benchmarks.page_queries import time_computations
from benchmarks.report_bench import time_pack

RERUN_TARGET_SECONDS = 2.0
PACK_TARGET_SECONDS = 60.0


def measure(context: BenchContext) -> list[BenchResult]:
    size = SHAPES["national-small" if context.quick else "national"]
    label = size_label(size)
    database_path = context.synthetic_database(size)
    results = [
        BenchResult("national", f"{page} page warm rerun (AppTest)", label, seconds, RERUN_TARGET_SECONDS)
        for page, seconds in warm_reruns(database_path, context.repeats).items()
    ]
    database = open_database(database_path, create=False, read_only=True)
    try:
        timings = time_computations(database)
    finally:
        database.close()
    for page, computations in timings.items():
        slowest = max(computations, key=lambda name: computations[name])
        results.append(
            BenchResult(
                "national",
                f"{page}: its computations uncached (first visit after an import)",
                label,
                sum(computations.values()),
                note=f"slowest {slowest} {computations[slowest]:.2f} s; "
                + ", ".join(f"{name} {seconds:.2f}" for name, seconds in computations.items()),
            )
        )
    if browser_available():
        seconds, note = time_pack(database_path, None)
        results.append(
            BenchResult(
                "national", "whole annual pack (cold browser)", label, seconds, PACK_TARGET_SECONDS, note
            )
        )
    else:
        results.append(
            BenchResult("national", "annual pack", label, 0.0, note="skipped: apt-get install chromium")
        )
    return results
