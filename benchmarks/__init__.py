"""The benchmark behind `make bench`: every area adds a `*_bench.py` module here.

Contract: a module `benchmarks/<area>_bench.py` defines `measure(context) -> list[BenchResult]`.
The `bench` command discovers them, runs them in one process and prints one table: sizes, times,
targets and ratios. Speed targets are checked here, never in timed tests.

A module opens the context's databases itself (read-only is enough) and closes them before it
returns, so the next module can open them too (DuckDB refuses a file opened twice with different
settings in one process). It times warm calls with `time_warm`; a module that fails shows as one
row with the error in its note, and the other modules still run.
"""

from __future__ import annotations

import importlib
import pkgutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from analysis.synth import SynthSize
from analysis.synth.generator import GENERATOR_VERSION

# The size the issue sets the speed targets at, and the smaller one `--quick` uses for a smoke run.
LARGE_SIZE = SynthSize(members=100_000, events=20_000, participations=1_000_000, seed=2024)
QUICK_LARGE_SIZE = SynthSize(members=10_000, events=2_000, participations=100_000, seed=2024)
# Demo-sized synthetic data, used only when the demo files cannot be loaded.
DEMO_FALLBACK_SIZE = SynthSize(members=97, events=27, participations=653, seed=2024)


@dataclass(frozen=True)
class BenchResult:
    area: str  # e.g. "metrics", "dashboard", "report", "load"
    case: str  # what was timed, e.g. "headline set (warm)"
    size: str  # e.g. "demo", "100k members / 1M participation"
    seconds: float
    target_seconds: float | None = None
    note: str = ""  # e.g. "5.3x faster than pandas"
    target_label: str | None = None  # a target that is not a time, e.g. ">= 5x faster than pandas"
    passed: bool | None = None  # the verdict for such a target (None: decided by target_seconds)

    @property
    def meets_target(self) -> bool | None:
        if self.passed is not None:
            return self.passed
        return None if self.target_seconds is None else self.seconds <= self.target_seconds

    @property
    def target_text(self) -> str:
        if self.target_label:
            return self.target_label
        return "" if self.target_seconds is None else f"< {format_seconds(self.target_seconds)}"


@dataclass(frozen=True)
class BenchContext:
    work_dir: Path  # scratch folder for synthetic databases
    demo_database: Path  # a database holding the demo data
    large_database: Path  # 100,000 members, 20,000 events, 1,000,000 participation rows
    quick: bool = False  # smaller sizes, for a smoke run
    large_size: SynthSize = LARGE_SIZE  # what large_database holds (QUICK_LARGE_SIZE with --quick)
    demo_note: str = ""  # how the demo database was made, when not from the demo files

    @property
    def large_label(self) -> str:
        return size_label(self.large_size)

    @property
    def repeats(self) -> int:
        """How many warm runs a timing takes the median of."""
        return 2 if self.quick else 5

    def synthetic_database(self, size: SynthSize) -> Path:
        """A database of synthetic data of this size in work_dir, generated the first time it is asked for."""
        path = self.work_dir / synthetic_file_name(size)
        if not path.exists():
            build_synthetic_database(path, size)
        return path


def synthetic_file_name(size: SynthSize) -> str:
    return f"synth_v{GENERATOR_VERSION}_{size.members}m_{size.events}e_{size.participations}p_seed{size.seed}.ducklake"


def build_synthetic_database(path: Path, size: SynthSize) -> None:
    """Create `path` holding synthetic data of `size` (written to a side file first, so a cut-off run leaves none)."""
    from analysis.store.connection import open_database
    from analysis.store.files import move_embedded_store, remove_embedded_store_files
    from analysis.synth import generate_synthetic_data

    partial = path.with_name(path.name + ".partial")
    remove_embedded_store_files(partial)
    database = open_database(partial)
    try:
        generate_synthetic_data(database, size)
    finally:
        database.close()
    move_embedded_store(partial, path)


def size_label(size: SynthSize) -> str:
    """E.g. '100k members / 20k events / 1M participation'."""
    return f"{_short(size.members)} members / {_short(size.events)} events / {_short(size.participations)} participation"


def _short(count: int) -> str:
    if count >= 1_000_000 and count % 100_000 == 0:
        return f"{count / 1_000_000:g}M"
    if count >= 1_000 and count % 100 == 0:
        return f"{count / 1_000:g}k"
    return str(count)


def format_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def time_warm(function: Callable[[], object], repeats: int = 5) -> float:
    """Seconds one call takes warm: one untimed call first, then the median of `repeats` timed calls."""
    return time_warm_with_cpu(function, repeats)[0]


def time_warm_with_cpu(function: Callable[[], object], repeats: int = 5) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process, all threads) of one warm call, medians of `repeats`.

    The CPU figure hardly changes when other jobs share the machine, while the wall time does: a run on a
    busy machine can still be judged by it.
    """
    function()
    walls, cpus = [], []
    for _ in range(max(1, repeats)):
        wall_started, cpu_started = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall_started)
        cpus.append(time.process_time() - cpu_started)
    return statistics.median(walls), statistics.median(cpus)


def bench_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name.endswith("_bench")
    ]


def module_area(module: ModuleType) -> str:
    """The area a bench module measures: `metrics` for benchmarks.metrics_bench."""
    return module.__name__.rsplit(".", 1)[-1].removesuffix("_bench")


def run_benchmarks(context: BenchContext, modules: list[ModuleType] | None = None) -> list[BenchResult]:
    """Every module's results in module order; a module that fails gives one row saying why."""
    results: list[BenchResult] = []
    for module in bench_modules() if modules is None else modules:
        area = module_area(module)
        try:
            results.extend(module.measure(context))
        except Exception as error:  # one broken module must not hide the others' figures
            results.append(
                BenchResult(area, "(module failed)", "-", 0.0, note=f"{type(error).__name__}: {error}")
            )
    return results


def format_table(results: list[BenchResult]) -> str:
    """One plain-text table: area, case, size, time, target, pass/fail, note."""
    header = ("area", "case", "size", "time", "target", "pass/fail", "note")
    rows = [header] + [
        (
            result.area,
            result.case,
            result.size,
            format_seconds(result.seconds),
            result.target_text,
            {True: "pass", False: "FAIL", None: ""}[result.meets_target],
            result.note,
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths) + "  ----")
    return "\n".join(lines)
