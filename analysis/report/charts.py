"""The report-only charts (`(data, language) -> go.Figure`, or `(data, grain, language)` over time):
joined and left per period, members by type, plan against actual. The other report figures use the
dashboard's own builders in `analysis.figures`.

Titles, filters and the source line are added by `framing.framed_figure`; these builders draw the data
and label its axes and legends in the chosen language.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.figures.theme import themed
from analysis.i18n import Language, translate
from analysis.i18n.labels import period_labels


def _base(
    figure: go.Figure, language: Language, *, x_title: str = "", y_title: str = "", legend: bool = True
) -> go.Figure:
    branding = load_branding()
    figure.update_layout(
        template="plotly_white",
        colorway=list(branding.sequence),
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        xaxis_title=x_title,
        yaxis_title=y_title,
        bargap=0.25,
    )
    return themed(figure, language)


def joined_left_by_period(data: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Joined (up), left (down) and the net change per period (the report draws it per year)."""
    branding = load_branding()
    labels = period_labels(data["period_start"], grain, language)
    figure = go.Figure()
    figure.add_bar(
        x=labels,
        y=data["joined"],
        name=translate("exports.axis.joined", language),
        marker_color=branding.primary,
    )
    figure.add_bar(
        x=labels, y=-data["left"], name=translate("exports.axis.left", language), marker_color=branding.accent
    )
    figure.add_scatter(
        x=labels,
        y=data["net_change"],
        name=translate("exports.axis.net_change", language),
        mode="markers+text",
        text=[f"{value:+d}" for value in data["net_change"].astype(int)],
        textposition="top center",
        marker={"color": branding.neutral, "size": 10, "symbol": "diamond"},
    )
    figure.update_layout(barmode="relative")
    return _base(figure, language, y_title=translate("exports.axis.members", language))


def members_by_type(data: pd.DataFrame, language: Language) -> go.Figure:
    ordered = data.sort_values("members")
    names = [translate(f"common.member_type.{kind}", language) for kind in ordered["member_type"]]
    figure = go.Figure(
        go.Bar(
            x=ordered["members"],
            y=names,
            orientation="h",
            text=ordered["members"],
            textposition="outside",
            marker_color=load_branding().primary,
        )
    )
    return _base(figure, language, x_title=translate("exports.axis.members", language), legend=False)


MOST_RECENT_SHOWN = 30  # a page holds about this many labelled rows or bars; the workbook holds them all


def plan_against_actual(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    names = [translate(f"exports.metric.{metric}", language) for metric in data["metric"]]
    figure = go.Figure()
    figure.add_bar(
        x=names,
        y=data["target"],
        name=translate("exports.axis.target", language),
        marker_color=branding.neutral,
    )
    figure.add_bar(
        x=names,
        y=data["actual"],
        name=translate("exports.axis.actual", language),
        marker_color=branding.primary,
        text=[("" if pd.isna(v) else f"{v * 100:.0f}%") for v in data["attainment"].astype(float)],
        textposition="outside",
    )
    figure.update_layout(barmode="group")
    return _base(figure, language)
