"""The benchmark behind `make bench`: every area adds a `*_bench.py` module here.

Contract: a module `analysis/benchmark/<area>_bench.py` defines `measure(context) -> list[BenchResult]`.
The `bench` command discovers them, runs them in one process and prints one table: sizes, times,
targets and ratios. Speed targets are checked here, never in timed tests.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class BenchResult:
    area: str  # e.g. "metrics", "dashboard", "report", "load"
    case: str  # what was timed, e.g. "headline set (warm)"
    size: str  # e.g. "demo", "100k members / 1M participation"
    seconds: float
    target_seconds: float | None = None
    note: str = ""  # e.g. "5.3x faster than pandas"

    @property
    def meets_target(self) -> bool | None:
        return None if self.target_seconds is None else self.seconds <= self.target_seconds


@dataclass(frozen=True)
class BenchContext:
    work_dir: Path  # scratch folder for synthetic databases
    demo_database: Path  # a database holding the demo data
    large_database: Path  # 100,000 members, 20,000 events, 1,000,000 participation rows
    quick: bool = False  # smaller sizes, for a smoke run


def bench_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name.endswith("_bench")
    ]
