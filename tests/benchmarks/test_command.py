"""The benchmark framework and `bench --quick` (no timing assertions: speed targets live in the benchmark)."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from analysis.cli import main as alliance
from analysis.store.database import open_database
from analysis.synth import SynthSize
from benchmarks import (
    DEMO_FALLBACK_SIZE,
    QUICK_LARGE_SIZE,
    BenchContext,
    BenchResult,
    format_table,
    run_benchmarks,
    size_label,
    synthetic_file_name,
)
from benchmarks.command import main


def test_table_has_one_line_per_result_and_a_verdict() -> None:
    results = [
        BenchResult("metrics", "fast case", "demo", 0.010, target_seconds=0.25, note="ok"),
        BenchResult("metrics", "slow case", "large", 0.400, target_seconds=0.25),
        BenchResult("metrics", "ratio", "large", 2.0, target_label=">= 5x", passed=True, note="6.0x"),
        BenchResult("load", "untargeted", "large", 12.5),
    ]
    lines = format_table(results).splitlines()
    assert lines[0].split() == ["area", "case", "size", "time", "target", "pass/fail", "note"]
    assert len(lines) == 2 + len(results)  # header, rule, one line each
    assert "10.0 ms" in lines[2] and "< 250.0 ms" in lines[2] and "pass" in lines[2]
    assert "FAIL" in lines[3]
    assert ">= 5x" in lines[4] and "pass" in lines[4]
    assert "12.5 s" in lines[5] and "pass" not in lines[5] and "FAIL" not in lines[5]


def test_a_failing_module_becomes_a_row_and_the_others_still_run(tmp_path: Path) -> None:
    broken = types.ModuleType("benchmarks.broken_bench")

    def fails(context: BenchContext) -> list[BenchResult]:
        raise RuntimeError("no database")

    broken.measure = fails  # type: ignore[attr-defined]
    working = types.ModuleType("benchmarks.working_bench")
    working.measure = lambda context: [BenchResult("working", "case", "demo", 0.001)]  # type: ignore[attr-defined]
    context = BenchContext(tmp_path, tmp_path / "demo.ducklake", tmp_path / "large.ducklake", quick=True)
    results = run_benchmarks(context, [broken, working])
    assert [(result.area, result.case) for result in results] == [
        ("broken", "(module failed)"),
        ("working", "case"),
    ]
    assert results[0].note == "RuntimeError: no database"


def test_unknown_area_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quick", "--only", "nosuch", "--work-dir", str(tmp_path)]) == 2
    assert "--only nosuch: no such benchmark area. The areas are:" in capsys.readouterr().err


def test_the_librarys_bench_command_points_to_the_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    assert alliance(["bench", "--quick", "--only", "metrics"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "run `python -m benchmarks` (or `make bench`)" in line


def test_size_label() -> None:
    assert size_label(SynthSize(100_000, 20_000, 1_000_000)) == "100k members / 20k events / 1M participation"
    assert size_label(SynthSize(2_500, 500, 25_000)) == "2.5k members / 500 events / 25k participation"


@pytest.mark.slow
def test_bench_quick_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # only the metrics module: the other areas' modules are theirs to test (and take minutes)
    assert main(["--quick", "--only", "metrics", "--work-dir", str(tmp_path)]) == 0
    output = capsys.readouterr().out
    header = next(line for line in output.splitlines() if line.startswith("area"))
    assert header.split() == ["area", "case", "size", "time", "target", "pass/fail", "note"]
    metrics_rows = [line for line in output.splitlines() if line.startswith("metrics ")]
    cases = " | ".join(metrics_rows)
    assert "headline set, DuckDB (warm)" in cases and "headline set, pandas (warm)" in cases
    assert "10k members / 2k events / 100k participation" in cases
    assert "growth exponent" in cases and "faster" in cases
    assert "same figures" in cases  # DuckDB and pandas agree on every headline figure
    assert "(module failed)" not in cases
    assert "targets met" in output
    # the databases were built once in the work folder and are reused by the next run
    assert (tmp_path / synthetic_file_name(QUICK_LARGE_SIZE)).exists()


def test_demo_database_falls_back_to_demo_sized_synthetic_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.demo
    from benchmarks.command import _demo_database

    empty = tmp_path / "no-demo-files"
    empty.mkdir()
    monkeypatch.setattr(analysis.demo, "DEMO_DIR", empty)  # the demo files are missing
    path, note = _demo_database(tmp_path)
    assert path.name == "demo_synthetic.ducklake"
    assert note.startswith("demo files did not load (")
    database = open_database(path, read_only=True)
    try:
        assert database.table_counts()["members"] == DEMO_FALLBACK_SIZE.members
    finally:
        database.close()
    assert not (tmp_path / "demo.ducklake.partial").exists()  # the failed attempt left nothing behind
