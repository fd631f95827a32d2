"""The overview's members-over-time chart with the alliance's events marked on it (its headline cards are
`analysis.narrative.cards`). Pure: data + language in, figure out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.figures.styling import BOTTOM_LEGEND, category_colour, category_label, ordered_codes
from analysis.figures.theme import date_format, themed
from analysis.i18n import Language, format_date, translate


def members_over_time_figure(
    members: pd.DataFrame, events: pd.DataFrame, grain: str, language: Language
) -> go.Figure:
    """Members at the end of each period (stepped line) with every event as a marker on the line.

    An event's marker sits at the members count of the period holding its start day; its hover names it.
    """
    branding = load_branding()
    grain_name = translate(f"common.grain_name.{grain}", language)
    period_start = pd.to_datetime(members["period_start"])
    period_end = pd.to_datetime(members["period_end"])
    figure = go.Figure()
    figure.add_scatter(
        x=period_end,
        y=members["members_end"],
        name=translate("overview.chart.members_series", language, grain=grain_name),
        mode="lines+markers",
        line={"color": branding.primary, "width": 3},
        marker={"size": 5},
        fill="tozeroy",
        fillcolor="rgba(31, 78, 121, 0.08)",
        customdata=[
            ["period", start.date().isoformat(), end.date().isoformat()]
            for start, end in zip(period_start, period_end, strict=True)
        ],
        hovertemplate="%{x}: %{y}<extra></extra>",
    )
    if not events.empty and not members.empty:
        starts = pd.to_datetime(events["start_date"])
        # The period holding each event: the first period whose end is on or after the event's start.
        positions = period_end.searchsorted(starts, side="left").clip(max=len(members) - 1)
        heights = members["members_end"].to_numpy()[positions]
        titles = events["title_zh"].fillna(events["title_en"]) if language == "zh" else events["title_en"]
        labels = [
            f"{title}<br>{format_date(start.date(), language)} · "
            f"{translate(f'common.event_type.{kind}', language)}"
            for title, start, kind in zip(titles, starts, events["event_type"], strict=True)
        ]
        # One trace per event type, in the field's fixed order: the legend shows each type in the colour
        # it has on every chart and under every filter (one "Events" entry took whichever colour came first).
        kinds = events["event_type"].astype(str).to_numpy()
        for kind in ordered_codes("event_types", kinds):
            chosen = kinds == kind
            figure.add_scatter(
                x=starts[chosen],
                y=heights[chosen],
                name=category_label("event_types", kind, language),
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 11,
                    "color": category_colour("event_types", kind),
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                text=[label for label, keep in zip(labels, chosen, strict=True) if keep],
                hovertemplate="%{text}<extra></extra>",
            )
    figure.update_layout(
        title=translate("overview.chart.members_over_time", language),
        yaxis_title=translate("overview.chart.members_axis", language),
        xaxis={
            "title": translate("overview.chart.period_axis", language, grain=grain_name),
            "tickformat": date_format(language, "year" if grain == "year" else "month"),
            "hoverformat": date_format(language, "day"),
        },
        height=440,
        hovermode="closest",
        legend=BOTTOM_LEGEND,
    )
    return themed(figure, language)
