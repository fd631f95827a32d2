"""Load: how many people at once the dashboard holds with the 95th-percentile page time under 2 s, on this
machine, with 1, 2 and 3 server processes behind nginx (`python -m analysis serve`, analysis/serving/).

Each replica count gets its own deployment (N `streamlit run dashboard.py` on a copy of the demo data,
anonymous viewing on, nginx in front on one 127.0.0.1 port). Simulated people (the browser's own
websocket protocol, see streamlit_client.py; the proxy's route cookie first, as a browser gets it) arrive
spread over ARRIVAL_SECONDS, as when a link is shared in a meeting, and each does what a person does:

    open the Overview; change a filter (the "as of" day: one of FILTER_DAYS, so some people share a
    view and some do not); open two more pages; download one chart (PNG, drawn by the server's browser)

pausing THINK_SECONDS between steps. A page's time runs from the request to the end of its script run
(server work and transfer; the browser's drawing is not included). The download is timed apart: it is
not a page. The levels (sessions at once) are tried in order until one misses the target; 10, 25 and 50
are always measured, for the p50/p95 table. Every level is bounded in time, every request goes to
127.0.0.1, and the server processes' peak memory (resident set, with their children: the browser that
draws images) is sampled throughout. The load average is noted: other work on a shared machine inflates
the times.

Run alone: `python -m benchmarks.load_bench [--quick]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis.store.files import copy_embedded_store, remove_embedded_store_files
from benchmarks import BenchContext, BenchResult, format_table
from benchmarks.dashboard_server import free_port
from benchmarks.streamlit_client import Download, PageLoad, StreamlitSession, first_visit_cookies

TARGET_SECONDS = 2.0
REPLICA_COUNTS = (1, 2, 3)
QUICK_REPLICA_COUNTS = (1, 2)
LEVELS = (5, 10, 15, 25, 35, 50)  # tried in order; a level over the target ends the search...
ALWAYS_MEASURED = (10, 25, 50)  # ...except these, measured for the table whatever happened before
QUICK_LEVELS = (2, 5)
QUICK_ALWAYS_MEASURED = (5,)
# A person's visit: the Overview, a filter change on it, two more pages (which two depends on the person),
# then one chart's PNG from the last page.
OTHER_PAGES = ("membership", "geography", "events", "governance")
FILTER_DAYS = ("2024-12-31", "2023-12-31", "2025-03-28")
DOWNLOAD = "-download-png"
THINK_SECONDS = 2.0
ARRIVAL_SECONDS = 10.0  # people arrive spread evenly over this many seconds
LEVEL_TIME_LIMIT_SECONDS = 240.0
PORTS = range(8690, 8700)
ANONYMOUS_VIEWING = "[access]\nanonymous_viewers = true\n"
MEMORY_SAMPLE_SECONDS = 0.5


@dataclass(frozen=True)
class LevelResult:
    sessions: int
    loads: list[PageLoad]
    errors: list[str]
    wall_seconds: float
    downloads: list[Download] = field(default_factory=list)
    replicas: int = 1
    peak_memory_mb: float = 0.0
    load_average: float = 0.0
    server_cpu_seconds: float = 0.0  # CPU the replicas (and their image browsers) used during the level

    def percentile(self, fraction: float) -> float:
        times = sorted(load.seconds for load in self.loads)
        if not times:
            return float("inf")
        return times[min(len(times) - 1, max(0, round(fraction * len(times)) - 1))]

    @property
    def held(self) -> bool:
        return not self.errors and self.percentile(0.95) <= TARGET_SECONDS


def visit_pages(person: int) -> tuple[str, str]:
    """The two pages after the Overview: every pair of the four other pages, in turn."""
    first = OTHER_PAGES[person % len(OTHER_PAGES)]
    second = OTHER_PAGES[(person + 1 + person // len(OTHER_PAGES)) % len(OTHER_PAGES)]
    if second == first:
        second = OTHER_PAGES[(person + 2) % len(OTHER_PAGES)]
    return first, second


async def _one_person(url: str, person: int, delay: float) -> tuple[list[PageLoad], Download]:
    await asyncio.sleep(delay)
    cookies = await asyncio.to_thread(first_visit_cookies, url)
    day = FILTER_DAYS[person % len(FILTER_DAYS)]
    first, second = visit_pages(person)
    loads = []
    async with StreamlitSession(url, cookies=cookies) as session:
        loads.append(await session.load(""))
        await asyncio.sleep(THINK_SECONDS)
        loads.append(await session.load("", f"as_of={day}"))
        for page in (first, second):
            await asyncio.sleep(THINK_SECONDS)
            loads.append(await session.load(page, f"as_of={day}"))
        await asyncio.sleep(THINK_SECONDS)
        download = await session.download(DOWNLOAD)
    return loads, download


async def _run_level(url: str, sessions: int) -> LevelResult:
    started = time.perf_counter()
    spacing = ARRIVAL_SECONDS / sessions if sessions > 1 else 0.0
    tasks = [asyncio.create_task(_one_person(url, person, person * spacing)) for person in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=LEVEL_TIME_LIMIT_SECONDS)
    for task in pending:
        task.cancel()
    loads: list[PageLoad] = []
    downloads: list[Download] = []
    errors = [f"session still running after {LEVEL_TIME_LIMIT_SECONDS:.0f} s" for _ in pending]
    for task in done:
        error = task.exception()
        if error is not None:
            errors.append(f"{type(error).__name__}: {error}")
        else:
            person_loads, download = task.result()
            loads.extend(person_loads)
            downloads.append(download)
    return LevelResult(sessions, loads, errors, time.perf_counter() - started, downloads)


def _process_table() -> tuple[dict[int, int], dict[int, int], dict[int, float]]:
    """pid -> parent, pid -> resident kB, pid -> CPU seconds used (user + system), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                counters = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(entry)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
        cpu[pid] = (int(counters[11]) + int(counters[12])) / ticks  # utime, stime
    return parents, rss, cpu


def _tree(root_pids: list[int], parents: dict[int, int]) -> set[int]:
    wanted = set(root_pids)
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    return wanted


def _tree_rss_mb(root_pids: list[int]) -> float:
    """Resident memory of these processes and all their descendants, in MB."""
    parents, rss, _cpu = _process_table()
    return sum(rss.get(pid, 0) for pid in _tree(root_pids, parents)) / 1024


def _tree_cpu_seconds(root_pids: list[int]) -> dict[int, float]:
    """CPU seconds used so far by each of these processes and their descendants."""
    parents, _rss, cpu = _process_table()
    return {pid: cpu.get(pid, 0.0) for pid in _tree(root_pids, parents)}


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings (a process that started meanwhile counts from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@contextmanager
def _peak_memory(pids: list[int]) -> Iterator[list[float]]:
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(pids))
            stop.wait(MEMORY_SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join(timeout=10)
        peak[0] = max(peak[0], _tree_rss_mb(pids))


def _levels_to_run(
    results: list[LevelResult], planned: tuple[int, ...], always: tuple[int, ...]
) -> Iterator[int]:
    searching = True
    for sessions in planned:
        if searching or sessions in always:
            yield sessions
            if results and not results[-1].held:
                searching = False


FIRST_VISITORS = 3


@dataclass(frozen=True)
class FirstVisits:
    """The first visitors' Overview, one after another, on a server that has just started (server time:
    the request to the end of the run; the browser's drawing adds ~0.6-0.8 s, dashboard_bench)."""

    replicas: int
    seconds: tuple[float, ...]


async def _first_visits(url: str, visitors: int) -> tuple[float, ...]:
    times = []
    for _ in range(visitors):
        cookies = await asyncio.to_thread(first_visit_cookies, url)
        async with StreamlitSession(url, cookies=cookies) as session:
            times.append((await session.load("")).seconds)
    return tuple(times)


FIRST_VISITS: list[FirstVisits] = []  # filled by run_replica_count, read by results_for


def run_replica_count(
    demo_database: Path, work_dir: Path, replicas: int, levels: tuple[int, ...], always: tuple[int, ...]
) -> list[LevelResult]:
    """A deployment of `replicas` behind nginx on a copy of the demo data, and the levels run against it."""
    from analysis.serving.replicas import Deployment

    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "load.ducklake"
    remove_embedded_store_files(database)
    copy_embedded_store(demo_database, database)
    secrets = work_dir / "load-secrets.toml"
    secrets.write_text(ANONYMOUS_VIEWING, encoding="utf-8")
    results: list[LevelResult] = []
    deployment = Deployment(
        replicas=replicas,
        port=free_port(PORTS),
        run_dir=work_dir / f"serve-{replicas}",
        store=str(database),
        secrets=secrets,
        say=lambda _line: None,
    )
    with deployment:
        if replicas == 1:
            FIRST_VISITS.append(
                FirstVisits(replicas, asyncio.run(_first_visits(deployment.url, FIRST_VISITORS)))
            )
        # Warm-up, not measured: every replica's imports, first computations and image browser. Enough
        # people that the route cookies reach every replica.
        asyncio.run(_run_level(deployment.url, 4 * replicas))
        replica_pids = [member.process.pid for member in deployment.members if member.process is not None]
        for sessions in _levels_to_run(results, levels, always):
            cpu_before = _tree_cpu_seconds(replica_pids)
            with _peak_memory(replica_pids) as peak:
                level = asyncio.run(_run_level(deployment.url, sessions))
            cpu_used = _cpu_used(cpu_before, _tree_cpu_seconds(replica_pids))
            results.append(
                LevelResult(
                    level.sessions,
                    level.loads,
                    level.errors,
                    level.wall_seconds,
                    level.downloads,
                    replicas,
                    peak[0],
                    os.getloadavg()[0],
                    cpu_used,
                )
            )
    return results


def run_all(
    demo_database: Path,
    work_dir: Path,
    replica_counts: tuple[int, ...],
    levels: tuple[int, ...],
    always: tuple[int, ...],
) -> list[LevelResult]:
    results: list[LevelResult] = []
    for replicas in replica_counts:
        results.extend(
            run_replica_count(demo_database, work_dir / f"replicas-{replicas}", replicas, levels, always)
        )
    return results


def results_for(levels: list[LevelResult]) -> list[BenchResult]:
    rows = []
    for level in levels:
        times = [load.seconds for load in level.loads]
        median = statistics.median(times) if times else float("nan")
        downloads = sorted(download.seconds for download in level.downloads)
        download_note = (
            f"PNG download p50 {statistics.median(downloads):.1f} s, max {downloads[-1]:.1f} s; "
            if downloads
            else ""
        )
        rows.append(
            BenchResult(
                area="load",
                case=f"{level.replicas} replica(s), {level.sessions} people at once: page p95",
                size=f"demo; {level.sessions} x (Overview, a filter, 2 pages, 1 PNG) behind nginx",
                seconds=level.percentile(0.95),
                target_seconds=TARGET_SECONDS,
                note=(
                    f"p50 {median:.2f} s, max {max(times, default=float('nan')):.2f} s, {len(level.loads)} pages, "
                    f"{download_note}{len(level.errors)} errors, {level.wall_seconds:.0f} s wall, "
                    f"peak memory {level.peak_memory_mb:.0f} MB (servers + their image browsers), "
                    f"server CPU {level.server_cpu_seconds:.1f} s = {cpu_per_person(level):.2f} s a person, "
                    f"load average {level.load_average:.1f}"
                    + (f"; first error: {level.errors[0]}" if level.errors else "")
                ),
            )
        )
    for visits in FIRST_VISITS:
        rest = visits.seconds[1:]
        rows.append(
            BenchResult(
                area="load",
                case="first visitor's Overview on a fresh server (server time)",
                size="demo",
                seconds=visits.seconds[0],
                target_seconds=None,
                note=f"later visitors, one after another: {', '.join(f'{seconds:.2f}' for seconds in rest)} s "
                f"({'faster' if rest and max(rest) < visits.seconds[0] else 'NOT faster'} than the first); "
                f"load average {os.getloadavg()[0]:.1f}",
            )
        )
    for replicas in sorted({level.replicas for level in levels}):
        tried = [level for level in levels if level.replicas == replicas]
        held = [level for level in _until_first_miss(tried) if level.held]
        best = held[-1] if held else None
        rows.append(
            BenchResult(
                area="load",
                case=f"{replicas} replica(s): people at once held with page p95 < 2 s",
                size="levels tried: " + ", ".join(str(level.sessions) for level in tried),
                seconds=best.percentile(0.95) if best else tried[0].percentile(0.95),
                target_seconds=None,
                note=f"{best.sessions if best else 0} held (the p95 shown is at that level); "
                f"peak memory {max(level.peak_memory_mb for level in tried):.0f} MB; "
                f"{os.cpu_count()} cores, load average {max(level.load_average for level in tried):.1f} at most",
            )
        )
    return rows


def cpu_per_person(level: LevelResult) -> float:
    """Server CPU seconds (replicas and their image browsers) one person's visit cost at this level."""
    people = len(level.downloads) or level.sessions
    return level.server_cpu_seconds / people if people else float("nan")


def _until_first_miss(levels: list[LevelResult]) -> list[LevelResult]:
    """The levels up to and including the first one that missed (those after it were measured for the table)."""
    kept = []
    for level in levels:
        kept.append(level)
        if not level.held:
            break
    return kept


def measure(context: BenchContext) -> list[BenchResult]:
    results = run_all(
        context.demo_database,
        context.work_dir / "load",
        QUICK_REPLICA_COUNTS if context.quick else REPLICA_COUNTS,
        QUICK_LEVELS if context.quick else LEVELS,
        QUICK_ALWAYS_MEASURED if context.quick else ALWAYS_MEASURED,
    )
    return results_for(results)


def main() -> int:
    parser = argparse.ArgumentParser(
        description="How many people at once 1, 2 and 3 dashboard processes hold."
    )
    parser.add_argument("--quick", action="store_true", help="1 and 2 replicas, levels 2 and 5 only")
    parser.add_argument("--demo-db", metavar="PATH", help="a demo database (default: built from data/demo)")
    parser.add_argument("--replicas", type=int, nargs="+", help="replica counts to try (default 1 2 3)")
    parser.add_argument("--levels", type=int, nargs="+", help="people at once to try, in order")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-bench-") as scratch:
        work_dir = Path(scratch)
        demo = Path(args.demo_db) if args.demo_db else _build_demo(work_dir / "demo.ducklake")
        replica_counts = (
            tuple(args.replicas) if args.replicas else QUICK_REPLICA_COUNTS if args.quick else REPLICA_COUNTS
        )
        levels = tuple(args.levels) if args.levels else QUICK_LEVELS if args.quick else LEVELS
        always = () if args.levels else QUICK_ALWAYS_MEASURED if args.quick else ALWAYS_MEASURED
        results = run_all(demo, work_dir, replica_counts, levels, always)
    print(format_table(results_for(results)))
    return 0


def _build_demo(path: Path) -> Path:
    """The demo database, made the documented way (`init --demo`)."""
    subprocess.run([sys.executable, "-m", "analysis", "init", "--demo", "--db", str(path)], check=True)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
