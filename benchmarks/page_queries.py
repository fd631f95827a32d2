"""Every computation the dashboard's pages make, by name, for timing each one cold (no cache) at a size.

The pages (pages/*.py) call these through the cache; here they are called directly, with the default
view (the default "as of" day, no filters, by quarter), so `python -m benchmarks.page_queries
--db STORE` shows which one is slow at that size, and `national_bench` times them at a national
registry's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable

from analysis import metrics
from analysis.filters import Filters
from analysis.filters.options import countries_in_use, default_as_of
from analysis.metrics.geography import members_by_country
from analysis.metrics.periods import Grain
from analysis.page_data.geography import geography_data
from analysis.page_data.overview import overview_data
from analysis.store.connection import AllianceDatabase, open_database

GRAIN: Grain = "quarter"


def page_computations(database: AllianceDatabase) -> dict[str, dict[str, Callable[[], object]]]:
    """page -> computation name -> a call of it on the default view."""
    filters = Filters(as_of=default_as_of(database, dt.date.today()))
    first_event = metrics.event_list(database, filters)
    chosen_event = str(first_event["event_id"].iloc[0]) if len(first_event) else ""
    return {
        "frame": {
            "default_as_of": lambda: default_as_of(database, dt.date.today()),
            "countries_in_use": lambda: countries_in_use(database),
        },
        "overview": {
            "overview_data": lambda: overview_data(database, filters, GRAIN),
            "members_by_country": lambda: members_by_country(database, filters),
        },
        "membership": {
            "members_over_time": lambda: metrics.members_over_time(database, filters, GRAIN),
            "member_mix_over_time": lambda: metrics.member_mix_over_time(database, filters, GRAIN),
            "members_by_region_over_time": lambda: metrics.members_by_region_over_time(
                database, filters, GRAIN
            ),
            "cohort_retention": lambda: metrics.cohort_retention(database, filters),
            "member_list": lambda: metrics.member_list(database, filters),
        },
        "geography": {
            "geography_data": lambda: geography_data(database, filters, GRAIN),
        },
        "events": {
            "event_list": lambda: metrics.event_list(database, filters),
            "events_by_period": lambda: metrics.events_by_period(database, filters, GRAIN),
            "engagement_over_time": lambda: metrics.engagement_over_time(database, filters, GRAIN),
            "most_active_members": lambda: metrics.most_active_members(database, filters),
            "event_participants": lambda: metrics.event_participants(database, chosen_event),
        },
        "governance": {
            "role_holders_over_time": lambda: metrics.role_holders_over_time(database, filters, GRAIN),
            "role_holders_on": lambda: metrics.role_holders_on(database, filters),
            "new_members_per_council_meeting": lambda: metrics.new_members_per_council_meeting(
                database, filters
            ),
        },
    }


def time_computations(database: AllianceDatabase) -> dict[str, dict[str, float]]:
    """page -> computation -> seconds of one call (the mirror is brought up to date first, untimed)."""
    with database.reading():
        pass
    return {
        page: {name: _seconds(call) for name, call in calls.items()}
        for page, calls in page_computations(database).items()
    }


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description="Time every page's computations, uncached, on a store.")
    parser.add_argument("--db", required=True, help="the store")
    args = parser.parse_args()
    database = open_database(args.db, create=False, read_only=True)
    try:
        for page, timings in time_computations(database).items():
            print(f"{page}: {sum(timings.values()):.2f} s")
            for name, seconds in sorted(timings.items(), key=lambda item: -item[1]):
                print(f"  {name:<34}{seconds:8.3f} s")
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
