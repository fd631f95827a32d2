"""Load: how many concurrent sessions one dashboard server holds while the 95th-percentile page time stays
under 2 s, on this machine.

A real server (`streamlit run dashboard.py`, anonymous viewing on, the demo data) is started on localhost;
N websocket sessions (the browser's own protocol, see streamlit_client.py) open at once and each loads the
five dashboard pages in turn, pausing THINK_SECONDS between pages as a reader would. A page's time runs
from the request to the end of its script run (server work and transfer; the browser's drawing is not
included). Levels 1, 2, 5, 7, 10, 20, 40 sessions (1 and 5 with --quick), stopping after the first level
over the target, each bounded in time. The machine's load average is noted: other work inflates the times. Explore and Report are tools used by few at once and are left out.

Run alone: `python -m analysis.benchmark.load_bench [--quick]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.benchmark import BenchContext, BenchResult, format_table
from analysis.benchmark.dashboard_server import dashboard_server, free_port
from analysis.benchmark.streamlit_client import PageLoad, StreamlitSession
from analysis.store.database import copy_embedded_store, remove_embedded_store_files

TARGET_SECONDS = 2.0
LEVELS = (1, 2, 5, 7, 10, 20, 40)
QUICK_LEVELS = (1, 5)
PAGES = ("", "membership", "geography", "events", "governance")  # "" = the default page, Overview
THINK_SECONDS = 2.0
LEVEL_TIME_LIMIT_SECONDS = 300.0
PORTS = range(8690, 8700)
ANONYMOUS_VIEWING = "[access]\nanonymous_viewers = true\n"


@dataclass(frozen=True)
class LevelResult:
    sessions: int
    loads: list[PageLoad]
    errors: list[str]
    wall_seconds: float

    def percentile(self, fraction: float) -> float:
        times = sorted(load.seconds for load in self.loads)
        if not times:
            return float("inf")
        return times[min(len(times) - 1, max(0, round(fraction * len(times)) - 1))]


async def _one_session(url: str, offset: int) -> list[PageLoad]:
    """A visitor: opens the app, then each page in turn (starting at a different page per visitor)."""
    order = PAGES[offset % len(PAGES) :] + PAGES[: offset % len(PAGES)]
    loads = []
    async with StreamlitSession(url) as session:
        for number, page in enumerate(order):
            if number:
                await asyncio.sleep(THINK_SECONDS)
            loads.append(await session.load(page))
    return loads


async def _run_level(url: str, sessions: int) -> LevelResult:
    started = time.perf_counter()
    tasks = [asyncio.create_task(_one_session(url, offset)) for offset in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=LEVEL_TIME_LIMIT_SECONDS)
    for task in pending:
        task.cancel()
    loads: list[PageLoad] = []
    errors = [f"session still loading after {LEVEL_TIME_LIMIT_SECONDS:.0f} s" for _ in pending]
    for task in done:
        if task.exception() is not None:
            errors.append(f"{type(task.exception()).__name__}: {task.exception()}")
        else:
            loads.extend(task.result())
    return LevelResult(sessions, loads, errors, time.perf_counter() - started)


def run_levels(demo_database: Path, work_dir: Path, levels: tuple[int, ...]) -> list[LevelResult]:
    """Start a server on a copy of the demo database and run the levels until one misses the target."""
    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "load.ducklake"
    remove_embedded_store_files(database)
    copy_embedded_store(demo_database, database)
    secrets = work_dir / "load-secrets.toml"
    secrets.write_text(ANONYMOUS_VIEWING, encoding="utf-8")
    results = []
    with dashboard_server(database, secrets, free_port(PORTS), work_dir / "load-server.log") as server:
        asyncio.run(_run_level(server.url, 1))  # warm-up: imports and first computations, not measured
        for sessions in levels:
            level = asyncio.run(_run_level(server.url, sessions))
            results.append(level)
            if level.errors or level.percentile(0.95) > TARGET_SECONDS:
                break
    return results


def results_for(levels: list[LevelResult]) -> list[BenchResult]:
    rows = []
    for level in levels:
        times = [load.seconds for load in level.loads]
        median = statistics.median(times) if times else float("nan")
        worst = max(times) if times else float("nan")
        rows.append(
            BenchResult(
                area="load",
                case=f"{level.sessions} concurrent sessions: page time p95",
                size=f"demo; {level.sessions} x {len(PAGES)} pages, {THINK_SECONDS:.0f} s between pages",
                seconds=level.percentile(0.95),
                target_seconds=TARGET_SECONDS,
                note=(
                    f"p50 {median:.2f} s, max {worst:.2f} s, {len(level.loads)} loads, "
                    f"{len(level.errors)} errors, {level.wall_seconds:.0f} s wall"
                    + (f"; first error: {level.errors[0]}" if level.errors else "")
                ),
            )
        )
    held = [level for level in levels if not level.errors and level.percentile(0.95) <= TARGET_SECONDS]
    best = held[-1] if held else None
    rows.append(
        BenchResult(
            area="load",
            case="concurrent sessions held with page p95 < 2 s",
            size="levels tried: " + ", ".join(str(level.sessions) for level in levels),
            seconds=best.percentile(0.95) if best else levels[0].percentile(0.95) if levels else 0.0,
            target_seconds=None,
            note=f"{best.sessions if best else 0} sessions held (the p95 shown is at that level); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during the run",
        )
    )
    return rows


def measure(context: BenchContext) -> list[BenchResult]:
    levels = run_levels(
        context.demo_database, context.work_dir / "load", QUICK_LEVELS if context.quick else LEVELS
    )
    return results_for(levels)


def main() -> int:
    parser = argparse.ArgumentParser(description="How many concurrent sessions one dashboard server holds.")
    parser.add_argument("--quick", action="store_true", help="levels 1 and 5 only")
    parser.add_argument("--demo-db", metavar="PATH", help="a demo database (default: built from data/demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-bench-") as scratch:
        work_dir = Path(scratch)
        demo = Path(args.demo_db) if args.demo_db else _build_demo(work_dir / "demo.ducklake")
        levels = run_levels(demo, work_dir, QUICK_LEVELS if args.quick else LEVELS)
    print(format_table(results_for(levels)))
    return 0


def _build_demo(path: Path) -> Path:
    """The demo database, made the documented way (`init --demo`)."""
    subprocess.run([sys.executable, "-m", "analysis", "init", "--demo", "--db", str(path)], check=True)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
