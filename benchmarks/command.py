"""`python -m benchmarks [--quick]`: run every `benchmarks/*_bench.py` and print one table of times and targets.

The benchmark is tooling, not product: it is not installed by `pip install .`, and the library never
imports it. It runs from a checkout (`make bench`), where `analysis/` is importable beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from analysis.cli.output import exit_code_for
from analysis.errors import AllianceError
from analysis.store.connection import open_database
from analysis.store.files import move_embedded_store, remove_embedded_store_files
from benchmarks import (
    DEMO_FALLBACK_SIZE,
    LARGE_SIZE,
    QUICK_LARGE_SIZE,
    BenchContext,
    BenchResult,
    bench_modules,
    build_synthetic_database,
    format_table,
    module_area,
    run_benchmarks,
    size_label,
)

DESCRIPTION = "time the product at demo size and at 100k members / 1M participation rows; print one table"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=DESCRIPTION)
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run at 10k members / 100k participation, fewer repeats"
    )
    parser.add_argument(
        "--work-dir",
        metavar="DIR",
        help="keep the benchmark databases here and reuse them next time (default: a temporary folder)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target is missed")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="AREA",
        help=f"run only these areas' modules (of: {', '.join(module_area(m) for m in bench_modules())})",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; a usage error (an unknown area) prints one line and exits 2."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except AllianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return exit_code_for(error)


def run(args: argparse.Namespace) -> int:
    modules = _chosen_modules(args.only)  # refuse an unknown area before building anything
    if args.work_dir:
        work_dir = Path(args.work_dir)
        work_dir.mkdir(parents=True, exist_ok=True)
        return _run_in(work_dir, args, modules)
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as scratch:
        return _run_in(Path(scratch), args, modules)


def _run_in(work_dir: Path, args: argparse.Namespace, modules: list[ModuleType]) -> int:
    large_size = QUICK_LARGE_SIZE if args.quick else LARGE_SIZE
    print(f"benchmark databases in {work_dir}")
    started = time.perf_counter()
    demo_database, demo_note = _demo_database(work_dir)
    provisional = BenchContext(work_dir, demo_database, work_dir / "unused", args.quick, large_size)
    large_database = provisional.synthetic_database(large_size)
    print(f"built the demo and {size_label(large_size)} databases in {time.perf_counter() - started:.1f} s")
    context = BenchContext(work_dir, demo_database, large_database, args.quick, large_size, demo_note)
    load_before = os.getloadavg()[0]
    results = run_benchmarks(context, modules)
    print()
    print(format_table(results))
    # Wall-clock times on a busy machine are longer than on a quiet one: say how busy it was.
    print(
        f"\n{os.cpu_count()} cores; load average {load_before:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} after (a load above the core count means the times are inflated)"
    )
    return _exit_status(results, strict=args.strict)


def _chosen_modules(areas: list[str] | None) -> list[ModuleType]:
    modules = bench_modules()
    if not areas:
        return modules
    known = {module_area(module): module for module in modules}
    unknown = sorted(set(areas) - known.keys())
    if unknown:
        raise AllianceError(
            f"--only {' '.join(unknown)}: no such benchmark area. The areas are: {', '.join(sorted(known))}."
        )
    return [known[area] for area in areas]


def _demo_database(work_dir: Path) -> tuple[Path, str]:
    """The demo database (from the demo files), else demo-sized synthetic data and a note saying so."""
    path = work_dir / "demo.ducklake"
    if path.exists():
        return path, ""
    partial = work_dir / "demo.ducklake.partial"
    remove_embedded_store_files(partial)
    try:
        from analysis.demo import load_demo_data

        database = open_database(partial)
        try:
            load_demo_data(database)
        finally:
            database.close()
        move_embedded_store(partial, path)
        return path, ""
    except Exception as error:  # any failure to load the demo: fall back, and say so in the table
        remove_embedded_store_files(partial)
        fallback = work_dir / "demo_synthetic.ducklake"
        if not fallback.exists():
            build_synthetic_database(fallback, DEMO_FALLBACK_SIZE)
        return fallback, f"demo files did not load ({error}); synthetic data of demo size instead"


def _exit_status(results: list[BenchResult], *, strict: bool) -> int:
    missed = [result for result in results if result.meets_target is False]
    judged = [result for result in results if result.meets_target is not None]
    print()
    print(f"{len(judged) - len(missed)} of {len(judged)} targets met")
    return 1 if strict and missed else 0
