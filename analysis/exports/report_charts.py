"""The report's charts: one builder per report figure, `(data, language) -> go.Figure`, in the brand's colours.

Titles, filters and the source line are added by `framing.framed_figure`; these builders draw the data
and label its axes and legends in the chosen language.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.figures.labels import period_labels
from analysis.figures.theme import themed
from analysis.i18n import Language, country_name, translate


def _text(key: str, language: Language) -> str:
    return translate(f"exports.axis.{key}", language)


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


def members_over_time(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    labels = period_labels(data["period_start"], "quarter", language)
    figure = go.Figure()
    figure.add_bar(x=labels, y=data["joined"], name=_text("joined", language), marker_color=branding.accent)
    figure.add_scatter(
        x=labels,
        y=data["members_end"],
        name=_text("members_end", language),
        mode="lines+markers",
        line={"color": branding.primary, "width": 3},
    )
    return _base(figure, language, y_title=_text("members", language))


def joined_left_per_year(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    labels = period_labels(data["period_start"], "year", language)
    figure = go.Figure()
    figure.add_bar(x=labels, y=data["joined"], name=_text("joined", language), marker_color=branding.primary)
    figure.add_bar(x=labels, y=-data["left"], name=_text("left", language), marker_color=branding.accent)
    figure.add_scatter(
        x=labels,
        y=data["net_change"],
        name=_text("net_change", language),
        mode="markers+text",
        text=[f"{value:+d}" for value in data["net_change"].astype(int)],
        textposition="top center",
        marker={"color": branding.neutral, "size": 10, "symbol": "diamond"},
    )
    figure.update_layout(barmode="relative")
    return _base(figure, language, y_title=_text("members", language))


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
    return _base(figure, language, x_title=_text("members", language), legend=False)


def members_by_region_over_time(data: pd.DataFrame, language: Language) -> go.Figure:
    figure = go.Figure()
    for region, rows in data.groupby("region", sort=True):
        figure.add_bar(
            x=period_labels(rows["period_start"], "year", language),
            y=rows["members"],
            name=translate(f"common.region.{region}", language),
        )
    figure.update_layout(barmode="stack")
    return _base(figure, language, y_title=_text("members", language))


def members_map(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    names = [country_name(code, language) for code in data["country"]]
    figure = go.Figure(
        go.Choropleth(
            locations=data["country"],
            z=data["members"],
            text=names,
            colorscale=[
                [index / (len(branding.scale) - 1), colour] for index, colour in enumerate(branding.scale)
            ],
            marker_line_color="white",
            marker_line_width=0.5,
            colorbar={"title": {"text": _text("members", language)}},
        )
    )
    figure.update_geos(
        fitbounds=False,
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#BBBBBB",
        showland=True,
        landcolor="#F2F2F2",
        showframe=False,
        showcoastlines=False,
    )
    return _base(figure, language, legend=False)


def countries_over_time(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    labels = period_labels(data["period_start"], "year", language)
    figure = go.Figure()
    figure.add_bar(
        x=labels, y=data["new_countries"], name=_text("new_countries", language), marker_color=branding.accent
    )
    figure.add_scatter(
        x=labels,
        y=data["countries"],
        name=_text("countries", language),
        mode="lines+markers+text",
        text=data["countries"],
        textposition="top center",
        line={"color": branding.primary, "width": 3},
    )
    return _base(figure, language, y_title=_text("countries", language))


MOST_RECENT_SHOWN = 30  # a page holds about this many labelled rows or bars; the workbook holds them all


def country_first_join(data: pd.DataFrame, language: Language) -> go.Figure:
    """One dot per country at its first join; with more than 30 countries, the 30 most recent."""
    ordered = data.sort_values(["first_joined_on", "country"], ascending=[False, True]).head(
        MOST_RECENT_SHOWN
    )
    figure = go.Figure(
        go.Scatter(
            x=pd.to_datetime(ordered["first_joined_on"]),
            y=[country_name(code, language) for code in ordered["country"]],
            mode="markers",
            marker={"size": 12, "color": load_branding().primary},
        )
    )
    figure.update_yaxes(type="category")
    return _base(figure, language, x_title=_text("first_joined_on", language), legend=False)


def cohort_retention(data: pd.DataFrame, language: Language) -> go.Figure:
    table = data.assign(year=pd.to_datetime(data["year_end"]).dt.year).pivot_table(
        index="join_year", columns="year", values="share_active", aggfunc="first"
    )
    figure = go.Figure(
        go.Heatmap(
            z=table.to_numpy() * 100,
            x=[str(year) for year in table.columns],
            y=[str(year) for year in table.index],
            colorscale=[[0, "#FFFFFF"], [1, load_branding().primary]],
            zmin=0,
            zmax=100,
            text=[[("" if pd.isna(v) else f"{v * 100:.0f}%") for v in row] for row in table.to_numpy()],
            texttemplate="%{text}",
            colorbar={"title": {"text": "%"}},
        )
    )
    figure.update_yaxes(type="category", autorange="reversed")
    figure.update_xaxes(type="category")
    return _base(
        figure,
        language,
        x_title=_text("year_end", language),
        y_title=_text("join_year", language),
        legend=False,
    )


def events_per_year(data: pd.DataFrame, language: Language) -> go.Figure:
    totals = data.groupby(["period_start", "event_type"], as_index=False)["events"].sum()
    figure = go.Figure()
    for event_type, rows in totals.groupby("event_type", sort=True):
        figure.add_bar(
            x=period_labels(rows["period_start"], "year", language),
            y=rows["events"],
            name=translate(f"common.event_type.{event_type}", language),
        )
    figure.update_layout(barmode="stack")
    return _base(figure, language, y_title=_text("events", language))


def attendees_and_viewers(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    totals = data.groupby("period_start", as_index=False)[["attendees", "online_viewers"]].sum()
    labels = period_labels(totals["period_start"], "year", language)
    figure = go.Figure()
    figure.add_bar(
        x=labels, y=totals["attendees"], name=_text("attendees", language), marker_color=branding.primary
    )
    figure.add_scatter(
        x=labels,
        y=totals["online_viewers"],
        name=_text("online_viewers", language),
        yaxis="y2",
        mode="lines+markers",
        line={"color": branding.accent, "width": 3},
    )
    figure.update_layout(
        yaxis2={"title": {"text": _text("online_viewers", language)}, "overlaying": "y", "side": "right"}
    )
    return _base(figure, language, y_title=_text("attendees", language))


def engagement_rate(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    labels = period_labels(data["period_start"], "year", language)
    rates = data["engagement_rate"].astype(float) * 100
    figure = go.Figure(
        go.Scatter(
            x=labels,
            y=rates,
            mode="lines+markers+text",
            text=[("" if pd.isna(v) else f"{v:.0f}%") for v in rates],
            textposition="top center",
            line={"color": branding.primary, "width": 3},
        )
    )
    figure.update_yaxes(range=[0, 105], ticksuffix="%")
    return _base(figure, language, y_title=_text("engagement_rate", language), legend=False)


def role_holders(data: pd.DataFrame, language: Language) -> go.Figure:
    figure = go.Figure()
    for role, rows in data.groupby("role", sort=True):
        figure.add_bar(
            x=period_labels(rows["period_start"], "year", language),
            y=rows["holders"],
            name=translate(f"common.role.{role}", language),
        )
    figure.update_layout(barmode="group")
    return _base(figure, language, y_title=_text("holders", language))


def plan_against_actual(data: pd.DataFrame, language: Language) -> go.Figure:
    branding = load_branding()
    names = [translate(f"exports.metric.{metric}", language) for metric in data["metric"]]
    figure = go.Figure()
    figure.add_bar(x=names, y=data["target"], name=_text("target", language), marker_color=branding.neutral)
    figure.add_bar(
        x=names,
        y=data["actual"],
        name=_text("actual", language),
        marker_color=branding.primary,
        text=[("" if pd.isna(v) else f"{v * 100:.0f}%") for v in data["attainment"].astype(float)],
        textposition="outside",
    )
    figure.update_layout(barmode="group")
    return _base(figure, language)


def new_members_per_council_meeting(data: pd.DataFrame, language: Language) -> go.Figure:
    """One bar per council meeting; with more than 30 meetings, the 30 most recent."""
    data = data.sort_values("start_date").tail(MOST_RECENT_SHOWN)
    title_column = "title_zh" if language == "zh" else "title_en"
    titles = [
        (
            str(row[title_column])
            if isinstance(row[title_column], str) and row[title_column]
            else str(row["title_en"])
        )
        for _, row in data.iterrows()
    ]
    labels = [
        f"{pd.Timestamp(day).date().isoformat()}<br>{title[:40]}"
        for day, title in zip(data["start_date"], titles, strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=data["new_members"],
            text=data["new_members"],
            textposition="outside",
            marker_color=load_branding().accent,
        )
    )
    return _base(figure, language, y_title=_text("new_members", language), legend=False)
