"""Drill: the members or events behind a clicked bar or country, as rows to list and download.

A click reports points whose `customdata` names what they stand for (app_ui/state/selection.py):
- `["countries", code]`, `["member_types", code, start, end]`, `["regions", name, start, end]`: the
  members of that country / type / region active on the period's last day (the as-of day without one);
- `["period", start, end, ...]` on the membership growth chart: the members who joined in the period (a
  bar above zero) or left in it (a bar below zero);
- `["event_types" | "formats", code, start, end]`: the events of that type or format starting in the
  period; `["period", start, end]` on an events chart: every event starting in the period.
Everything else on the page's filters still applies. Codes and ISO days only, so a drill reads the same
in every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd

from analysis.filters import Filters
from analysis.metrics.events import event_list
from analysis.metrics.membership import member_list
from analysis.store.connection import AllianceDatabase

MEMBER_FIELDS = {"countries": "country", "member_types": "member_type", "regions": "region"}
EVENT_FIELDS = {"event_types": "event_type", "formats": "format"}
Kind = Literal["members", "events"]


@dataclass(frozen=True)
class DrillSpec:
    """What one clicked point stands for: rows of `kind`, how they relate to the period, a category."""

    what: Literal["active", "joined", "left", "events"]
    field: str | None = None  # a customdata field (countries, member_types, ...), None for a period bar
    code: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def drill_specs(points: Iterable[Mapping[str, Any]], kind: Kind) -> list[DrillSpec]:
    """The specs of the points (duplicates once, unreadable points left out), for a members or events list."""
    specs: list[DrillSpec] = []
    for point in points:
        custom = point.get("customdata")
        if not isinstance(custom, list | tuple) or len(custom) < 2:
            continue
        field = str(custom[0])
        days = [_day(value) for value in custom[1:4]]
        spec: DrillSpec | None = None
        if field == "period" and len(custom) >= 3 and days[0] and days[1]:
            if kind == "events":
                spec = DrillSpec("events", start=days[0], end=days[1])
            else:
                below_zero = isinstance(point.get("y"), int | float) and point["y"] < 0
                spec = DrillSpec("left" if below_zero else "joined", start=days[0], end=days[1])
        elif kind == "members" and field in MEMBER_FIELDS:
            spec = DrillSpec(
                "active", field, str(custom[1]), *(days[1:3] if len(custom) >= 4 else (None, None))
            )
        elif kind == "events" and field in EVENT_FIELDS and len(custom) >= 4 and days[1] and days[2]:
            spec = DrillSpec("events", field, str(custom[1]), days[1], days[2])
        if spec is not None and spec not in specs:
            specs.append(spec)
    return specs


def drilled_members(database: AllianceDatabase, filters: Filters, specs: list[DrillSpec]) -> pd.DataFrame:
    """member_list rows behind the specs (each member once, by join day), under `filters`."""
    frames = []
    for spec in specs:
        day = filters.as_of if spec.end is None else min(filters.as_of, spec.end)
        members = member_list(database, filters.with_as_of(day))
        if spec.what == "joined" and spec.start is not None:
            joined = pd.to_datetime(members["joined_on"]).dt.date
            members = members[(joined >= spec.start) & (joined <= day)]
        elif spec.what == "left" and spec.start is not None:
            left = pd.to_datetime(members["left_on"]).dt.date
            members = members[left.notna() & (left >= spec.start) & (left <= day)]
        elif spec.what == "active":
            members = members[members["active"]]
            if spec.field is not None:
                members = members[members[MEMBER_FIELDS[spec.field]] == spec.code]
        frames.append(members)
    if not frames:
        return member_list(database, filters).iloc[0:0]
    combined = pd.concat(frames, ignore_index=True).drop_duplicates("member_id")
    return combined.sort_values(["joined_on", "member_id"]).reset_index(drop=True)


def drilled_events(database: AllianceDatabase, filters: Filters, specs: list[DrillSpec]) -> pd.DataFrame:
    """event_list rows behind the specs (each event once, newest first), under `filters`."""
    frames = []
    for spec in specs:
        window = replace(filters, start=spec.start, end=spec.end) if spec.start and spec.end else filters
        events = event_list(database, window)
        if spec.field is not None:
            events = events[events[EVENT_FIELDS[spec.field]] == spec.code]
        frames.append(events)
    if not frames:
        return event_list(database, filters).iloc[0:0]
    combined = pd.concat(frames, ignore_index=True).drop_duplicates("event_id")
    return combined.sort_values(["start_date", "event_id"], ascending=[False, True]).reset_index(drop=True)
