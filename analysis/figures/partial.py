"""The last, incomplete period of a chart over time: drawn lighter and labelled "to 28 Mar" / "截至3月28日".

A period series ends with the period holding its last day, cut at that day (analysis/metrics/periods.py):
a quarter series to 28 March 2025 ends with 1 January-28 March. Drawn like the others, that period reads
as a fall. `mark_partial_period` takes a finished figure and the series' periods and, when the last period
is cut short, makes its bars and markers lighter, shades it, and puts "to 28 Mar" in its axis label (on a
date axis, as a note at the top of the shaded band). Pure: figure + periods in, the same figure out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import Language
from analysis.i18n.labels import as_date, period_label
from analysis.metrics.periods import check_grain, period_end
from analysis.narrative.comparison import partial_period_note

PARTIAL_OPACITY = 0.4  # of the incomplete period's bars and markers (the others keep theirs)
PARTIAL_BAND = "rgba(120, 120, 120, 0.10)"


def last_partial_period(periods: pd.DataFrame, grain: str) -> tuple[dt.date, dt.date] | None:
    """(start, last day) of the series' last period when it ends before its calendar end, else None.

    `periods` holds period_start and period_end columns (any number of rows per period).
    """
    if periods.empty or "period_start" not in periods or "period_end" not in periods:
        return None
    starts = [as_date(value) for value in periods["period_start"]]
    ends = [as_date(value) for value in periods["period_end"]]
    start = max(starts)
    end = max(end for begin, end in zip(starts, ends, strict=True) if begin == start)
    if end < period_end(start, check_grain(grain)):
        return start, end
    return None


def _faded(values: object, count: int, index: int) -> list[float]:
    """Per-point opacities: the trace's own (a number or a list) with the point at `index` lighter."""
    if isinstance(values, list | tuple) and len(values) == count:
        opacities = [1.0 if value is None else float(value) for value in values]
    else:
        opacities = [1.0 if values is None else float(values)] * count  # type: ignore[arg-type]
    opacities[index] = opacities[index] * PARTIAL_OPACITY
    return opacities


def mark_partial_period(
    figure: go.Figure, periods: pd.DataFrame, grain: str, language: Language
) -> go.Figure:
    """`figure` with the incomplete last period of `periods` drawn lighter and labelled (see the module)."""
    found = last_partial_period(periods, grain)
    if found is None:
        return figure
    start, last_day = found
    note = partial_period_note(last_day, language)
    label = period_label(start, grain, language)
    marked_label = f"{label}<br>{note}"
    end_stamp = pd.Timestamp(last_day)
    category_index: int | None = None
    on_date_axis = False
    for trace in figure.data:
        if trace.type not in ("bar", "scatter") or trace.x is None:
            continue
        x = list(trace.x)
        if label in x:
            index = x.index(label)
            x[index] = marked_label
            trace.x = x
            category_index = index
        elif x and _same_day(x[-1], end_stamp):
            index = len(x) - 1
            on_date_axis = True
        else:
            continue
        if trace.type == "bar" or (trace.mode and "markers" in trace.mode):
            trace.marker.opacity = _faded(trace.marker.opacity, len(x), index)
    if category_index is not None:
        figure.add_vrect(
            x0=category_index - 0.5,
            x1=category_index + 0.5,
            fillcolor=PARTIAL_BAND,
            line_width=0,
            layer="below",
        )
    elif on_date_axis:
        figure.add_vrect(
            x0=pd.Timestamp(start), x1=end_stamp, fillcolor=PARTIAL_BAND, line_width=0, layer="below"
        )
        figure.add_annotation(
            x=end_stamp,
            y=0,
            xref="x",
            yref="paper",
            text=note,
            showarrow=False,
            xanchor="right",
            yanchor="bottom",  # at the foot of the band: the line and its markers run along the top
            font={"size": 11, "color": "#666666"},
        )
    return figure


def _same_day(value: object, day: pd.Timestamp) -> bool:
    try:
        return bool(pd.Timestamp(value).normalize() == day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
