"""Metrics benchmark: the headline set at demo and large size, against pandas, and how cost grows with rows.

The headline set is what the Overview page and the `metrics` command compute: `headline_figures` +
`members_over_time` (monthly) + `members_by_country`. Targets: under 250 ms warm at 100k
members / 20k events / 1M participation rows, at least 5x faster than the same figures in vectorised
pandas from the same tables (loaded outside the timing), and cost growing no worse than linearly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis.filters import Filters
from analysis.metrics import (
    engagement_over_time,
    event_list,
    events_by_period,
    headline_figures,
    members_by_country,
    members_over_time,
    members_projection,
    most_active_members,
    plan_against_actual,
)
from analysis.store.connection import AllianceDatabase, open_database
from analysis.synth import SynthSize
from analysis.synth.generator import LAST_DAY
from benchmarks import BenchContext, BenchResult, size_label, time_warm, time_warm_with_cpu
from benchmarks.pandas_reference import headline_set, load_tables

AREA = "metrics"
HEADLINE_TARGET_SECONDS = 0.250
PANDAS_RATIO_TARGET = 5.0
LINEAR_TOLERANCE = 1.15  # growth exponent allowed: 1.0 is linear; timing noise on a shared machine
DEMO_AS_OF = dt.date(2024, 12, 31)  # the last figure of the public record
SYNTHETIC_AS_OF = LAST_DAY  # the synthetic data's last day


def headline_set_in_duckdb(database: AllianceDatabase, filters: Filters) -> dict[str, Any]:
    """The headline set through the metric engine."""
    headline = headline_figures(database, filters)
    series = members_over_time(database, filters, "month")
    by_country = members_by_country(database, filters)
    return {"headline": headline, "members_over_time": series, "members_by_country": by_country}


def differences(duckdb_set: dict[str, Any], pandas_set: dict[str, Any]) -> list[str]:
    """Names of the figures on which the two computations disagree (empty when they agree)."""
    headline = duckdb_set["headline"]
    series = duckdb_set["members_over_time"]
    by_country = duckdb_set["members_by_country"]
    checks = {
        name: getattr(headline, name) == pandas_set[name]
        for name in (
            "members",
            "countries",
            "regions",
            "new_members_ytd",
            "departed_members_ytd",
            "members_year_ago",
            "countries_year_ago",
            "new_members_ytd_year_ago",
            "chairs",
            "vice_chairs",
            "events_ytd",
            "events_ytd_year_ago",
            "event_attendees_ytd",
            "engaged_members_ytd",
            "new_countries_ytd",
            "members_by_country",
            "members_by_type",
        )
    }
    reference_series = pandas_set["members_over_time"]
    checks["members_over_time"] = (
        list(series["members_end"]) == list(reference_series["members_end"])
        and list(series["joined"]) == list(reference_series["joined"])
        and list(series["left"]) == list(reference_series["left"])
    )
    checks["members_by_country_frame"] = (
        dict(zip(by_country["country"], by_country["members"], strict=True))
        == pandas_set["members_by_country"]
    )
    return [name for name, same in checks.items() if not same]


def time_headline_set(path: Path, as_of: dt.date, repeats: int) -> tuple[float, float, dict[str, Any]]:
    """Warm (wall, CPU) seconds for the headline set on the database at `path`, and its figures."""
    database = open_database(path, read_only=True)
    try:
        filters = Filters(as_of=as_of)
        figures = headline_set_in_duckdb(database, filters)
        wall, cpu = time_warm_with_cpu(lambda: headline_set_in_duckdb(database, filters), repeats)
        return wall, cpu, figures
    finally:
        database.close()


def against_pandas(context: BenchContext, path: Path, label: str, as_of: dt.date) -> list[BenchResult]:
    """The headline set in DuckDB and in pandas on the same data, with the ratio."""
    duckdb_seconds, duckdb_cpu, duckdb_figures = time_headline_set(path, as_of, context.repeats)
    tables = load_tables(path)  # outside the timing
    pandas_figures = headline_set(tables, as_of)
    pandas_seconds, pandas_cpu = time_warm_with_cpu(lambda: headline_set(tables, as_of), context.repeats)
    disagreeing = differences(duckdb_figures, pandas_figures)
    agreement = "same figures" if not disagreeing else "FIGURES DIFFER: " + ", ".join(disagreeing)
    ratio = pandas_seconds / duckdb_seconds if duckdb_seconds > 0 else math.inf
    cpu_ratio = pandas_cpu / duckdb_cpu if duckdb_cpu > 0 else math.inf
    is_large = path == context.large_database
    return [
        BenchResult(
            AREA,
            "headline set, DuckDB (warm)",
            label,
            duckdb_seconds,
            target_seconds=HEADLINE_TARGET_SECONDS if is_large else None,
            note=(
                f"headline figures + monthly members series + members per country "
                f"({duckdb_figures['headline'].members:,} members); CPU {duckdb_cpu * 1000:.0f} ms"
            ),
        ),
        BenchResult(
            AREA,
            "headline set, pandas (warm)",
            label,
            pandas_seconds,
            target_label=f">= {PANDAS_RATIO_TARGET:g}x" if is_large else None,
            passed=(ratio >= PANDAS_RATIO_TARGET and not disagreeing) if is_large else None,
            note=f"DuckDB {ratio:.1f}x faster (CPU {pandas_cpu * 1000:.0f} ms, {cpu_ratio:.1f}x); {agreement}",
        ),
    ]


def scaling_sizes(context: BenchContext) -> list[SynthSize]:
    """A quarter, half and all of the large size (the large database itself is the last)."""
    large = context.large_size
    return [
        SynthSize(large.members // 4, large.events // 4, large.participations // 4, large.seed),
        SynthSize(large.members // 2, large.events // 2, large.participations // 2, large.seed),
        large,
    ]


def scaling(context: BenchContext) -> list[BenchResult]:
    """The headline set at 1/4, 1/2 and the full large size: cost per doubling, and the growth exponent.

    Judged on CPU time (all threads of this process), which other jobs on the machine barely change;
    the wall-clock exponent is shown beside it.
    """
    sizes = scaling_sizes(context)
    measured = [
        time_headline_set(context.synthetic_database(size), SYNTHETIC_AS_OF, context.repeats)[:2]
        for size in sizes
    ]
    walls = [wall for wall, _ in measured]
    cpus = [cpu for _, cpu in measured]
    results = []
    for index, size in enumerate(sizes):
        if index == 0:
            growth = "baseline"
        else:
            growth = (
                f"x{cpus[index] / cpus[index - 1]:.2f} CPU, x{walls[index] / walls[index - 1]:.2f} wall "
                "for 2x the rows (linear: x2)"
            )
        note = f"CPU {cpus[index] * 1000:.0f} ms; {growth}"
        results.append(
            BenchResult(AREA, "headline set, scaling (warm)", size_label(size), walls[index], note=note)
        )
    rows_growth = math.log(sizes[-1].members / sizes[0].members)
    cpu_exponent = math.log(cpus[-1] / cpus[0]) / rows_growth
    wall_exponent = math.log(walls[-1] / walls[0]) / rows_growth
    last = results[-1]
    results[-1] = BenchResult(
        last.area,
        last.case,
        last.size,
        last.seconds,
        note=(
            f"{last.note}; growth exponent over 4x rows {cpu_exponent:.2f} CPU, {wall_exponent:.2f} wall "
            "(1.00 = linear)"
        ),
        target_label="<= linear",
        passed=cpu_exponent <= LINEAR_TOLERANCE,
    )
    return results


def event_metrics(context: BenchContext) -> BenchResult:
    """The Events and plan figures at the large size (no target: for the record)."""
    database = open_database(context.large_database, read_only=True)
    try:
        filters = Filters(as_of=SYNTHETIC_AS_OF)
        calls: dict[str, Callable[[], object]] = {
            "events_by_period": lambda: events_by_period(database, filters, "month"),
            "engagement_over_time": lambda: engagement_over_time(database, filters, "month"),
            "event_list": lambda: event_list(database, filters),
            "most_active_members": lambda: most_active_members(database, filters),
            "plan_against_actual": lambda: plan_against_actual(database, filters),
            "members_projection": lambda: members_projection(database, filters),
        }
        timings = {name: time_warm(call, context.repeats) for name, call in calls.items()}
    finally:
        database.close()
    return BenchResult(
        AREA,
        "events, engagement and plan set (warm)",
        context.large_label,
        sum(timings.values()),
        note="; ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in timings.items()),
    )


def measure(context: BenchContext) -> list[BenchResult]:
    demo_results = against_pandas(context, context.demo_database, "demo", DEMO_AS_OF)
    if context.demo_note:
        first = demo_results[0]
        demo_results[0] = BenchResult(
            first.area, first.case, "demo-size synthetic", first.seconds, note=context.demo_note
        )
    return [
        *demo_results,
        *against_pandas(context, context.large_database, context.large_label, SYNTHETIC_AS_OF),
        *scaling(context),
        event_metrics(context),
    ]
