"""The report pack's speed: the whole 2023 pack (every figure as PNG, SVG and PDF, report.pdf, slides.pptx,
figures.xlsx, highlights.md, ZIP), timed from a cold browser start, on the demo data and at 100,000 members.

Targets from the issue: under 20 s on the demo data, under 30 s at 100,000 members (2-core machine).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from analysis.rendering.browser import browser_available
from analysis.report.catalogue import ReportRequest, report_years
from analysis.report.pack import build_report_pack
from analysis.store.connection import open_database
from benchmarks import BenchContext, BenchResult

DEMO_TARGET_SECONDS = 20.0
LARGE_TARGET_SECONDS = 30.0
DEMO_YEAR = 2023


def time_pack(database_path: Path, year: int | None) -> tuple[float, str]:
    """Seconds for one whole pack (a fresh browser session included), and a note of what it held."""
    database = open_database(database_path, create=False, read_only=True)
    try:
        chosen_year = year if year is not None else report_years(database)[-1]
        with tempfile.TemporaryDirectory(prefix="report-bench-") as folder:
            started = time.perf_counter()
            pack = build_report_pack(database, ReportRequest(year=chosen_year, language="en"), Path(folder))
            seconds = time.perf_counter() - started
            images = sum(1 for path in pack.files if path.parent.name == "figures")
    finally:
        database.close()
    return seconds, f"{chosen_year}: {images} images + report.pdf, slides.pptx, figures.xlsx, ZIP"


def measure(context: BenchContext) -> list[BenchResult]:
    if not browser_available():
        return [BenchResult("report", "annual pack", "-", 0.0, note="skipped: apt-get install chromium")]
    demo_seconds, demo_note = time_pack(context.demo_database, DEMO_YEAR)
    large_seconds, large_note = time_pack(context.large_database, None)
    return [
        BenchResult(
            "report", "whole annual pack (cold browser)", "demo", demo_seconds, DEMO_TARGET_SECONDS, demo_note
        ),
        BenchResult(
            "report",
            "whole annual pack (cold browser)",
            context.large_label,
            large_seconds,
            LARGE_TARGET_SECONDS,
            large_note,
        ),
    ]
