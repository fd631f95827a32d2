"""Compare with a year earlier: the same periods one year before, drawn over a chart over time.

The year-earlier series is the same metric under the filters moved back one year (`year_earlier`): its
last period is cut at the same day a year before, so an incomplete period (1 January-28 March 2025) is
set against the same days (1 January-28 March 2024), not against a whole quarter. Each period of the
chart gets the value of the period starting one year before its own start; a period before the data began
has 0. Pure: figure + frames + language in, the same figure out (a finishing step, app_ui/widgets/partial.py).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from analysis.filters import Filters, year_ago
from analysis.i18n import Language, translate
from analysis.i18n.labels import as_date, period_labels

YEAR_EARLIER_COLOUR = "#7F7F7F"


def year_earlier(filters: Filters) -> Filters:
    """`filters` one year back: the as-of day, the start and the end each moved to the same day a year before."""
    return replace(
        filters,
        as_of=year_ago(filters.as_of),
        start=year_ago(filters.start) if filters.start else None,
        end=year_ago(filters.end) if filters.end else None,
    )


def year_earlier_values(current: pd.DataFrame, earlier: pd.DataFrame, column: str) -> list[float]:
    """For each distinct period of `current` (by start, in order), `column` summed over the `earlier`
    rows of the period starting one year before (0 when there is none)."""
    if current.empty:
        return []
    starts = sorted({as_date(value) for value in current["period_start"]})
    totals: dict[object, float] = {}
    if not earlier.empty:
        for start, value in zip(earlier["period_start"], earlier[column], strict=True):
            day = as_date(start)
            totals[day] = totals.get(day, 0.0) + (0.0 if pd.isna(value) else float(value))
    return [totals.get(year_ago(start), 0.0) for start in starts]


def _labels(current: pd.DataFrame, grain: str, language: Language) -> list[str]:
    starts = sorted({as_date(value) for value in current["period_start"]})
    return period_labels(starts, grain, language)


def add_year_earlier_members(
    figure: go.Figure, current: pd.DataFrame, earlier: pd.DataFrame, grain: str, language: Language
) -> go.Figure:
    """On the membership growth chart: joins a year earlier (open markers, left axis) and members at the
    end of the period a year earlier (dotted line, right axis)."""
    if current.empty:
        return figure
    labels = _labels(current, grain, language)
    joined_name = translate("ontrack.compare.joined", language)
    members_name = translate("ontrack.compare.members", language)
    figure.add_scatter(
        x=labels,
        y=year_earlier_values(current, earlier, "joined"),
        name=joined_name,
        mode="markers",
        marker={"symbol": "circle-open", "size": 10, "color": YEAR_EARLIER_COLOUR, "line": {"width": 2}},
        hovertemplate=f"%{{x}}<br>{joined_name}: %{{y:,}}<extra></extra>",
    )
    figure.add_scatter(
        x=labels,
        y=year_earlier_values(current, earlier, "members_end"),
        name=members_name,
        mode="lines",
        line={"color": YEAR_EARLIER_COLOUR, "width": 2, "dash": "dot"},
        yaxis="y2",
        hovertemplate=f"%{{x}}<br>{members_name}: %{{y:,}}<extra></extra>",
    )
    return figure


def add_year_earlier_events(
    figure: go.Figure, current: pd.DataFrame, earlier: pd.DataFrame, grain: str, language: Language
) -> go.Figure:
    """On an events-per-period chart: the events of the same period a year earlier (dashed line)."""
    if current.empty:
        return figure
    name = translate("ontrack.compare.events", language)
    figure.add_scatter(
        x=_labels(current, grain, language),
        y=year_earlier_values(current, earlier, "events"),
        name=name,
        mode="lines+markers",
        line={"color": YEAR_EARLIER_COLOUR, "width": 2, "dash": "dash"},
        marker={"symbol": "circle-open", "size": 8},
        hovertemplate=f"%{{x}}<br>{name}: %{{y:,}}<extra></extra>",
    )
    return figure
