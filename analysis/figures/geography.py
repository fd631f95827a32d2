"""Figures of where the members are: the world map, countries over time, first joins, regions.

Pure builders: DataFrame (from `analysis.metrics`) + language -> plotly Figure. Points that can be
clicked to filter carry `customdata = [field, value]` (see app_ui/state/selection.py).
The world map draws offline from the Natural Earth outline shipped in static/topojson/.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.figures.theme import country_colour, date_format, themed
from analysis.i18n import Language, country_name, format_number, translate
from analysis.i18n.labels import period_labels
from analysis.paths import REFERENCE_DIR, TOPOJSON_DIR

TOPOJSON_FOLDER = TOPOJSON_DIR
# Where to put a marker for each country too small for the 110m outlines to show (Singapore, Bahrain,
# Malta, Hong Kong have no shape there at all; Luxembourg or Qatar are a pixel or two).
MAP_POINTS = REFERENCE_DIR / "map_points.csv"
# log10 colour scale starts below 1 member, so a country with one member is clearly shaded, not land-grey.
LOWEST_SHADE = -0.35


def local_topojson_folder() -> Path:
    """The folder holding world_110m.json (plotly.js 3.5.0's Natural Earth outline): no CDN needed."""
    return TOPOJSON_FOLDER


def local_topojson_url() -> str:
    """The outline folder as a file URL, for the image exports (drawn by a local browser page)."""
    return TOPOJSON_FOLDER.resolve().as_uri() + "/"


def _grain_name(grain: str, language: Language) -> str:
    return translate(f"common.grain_name.{grain}", language)


def members_map(
    by_country: pd.DataFrame, language: Language, *, title: str | None = None, height: int = 440
) -> go.Figure:
    """Choropleth of members per country (DataFrame[country, members]); a world view, never zoomed to data."""
    names = [country_name(code, language) for code in by_country["country"]]
    hover = [
        translate(
            "geography.map.hover", language, country=name, members=format_number(int(members), language)
        )
        for name, members in zip(names, by_country["members"], strict=True)
    ]
    branding = load_branding()
    scale = [[index / (len(branding.scale) - 1), colour] for index, colour in enumerate(branding.scale)]
    counts = [max(int(value), 1) for value in by_country["members"]]
    # Colour on a log scale: one large host country would otherwise leave every other country pale.
    ticks = [
        tick
        for tick in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
        if tick <= max(counts, default=1)
    ]
    figure = go.Figure(
        go.Choropleth(
            locations=list(by_country["country"]),
            locationmode="ISO-3",
            z=[math.log10(count) for count in counts],
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            customdata=[["countries", code] for code in by_country["country"]],
            colorscale=scale,
            zmin=LOWEST_SHADE,
            zmax=max(math.log10(max(counts, default=1)), 1.0),
            marker={"line": {"color": "#FFFFFF", "width": 0.5}},
            # Under the map, not beside it: on a phone a side scale took a third of the width.
            colorbar={
                "title": {"text": translate("geography.map.colour_title", language), "side": "top"},
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "thickness": 10,
                "len": 0.6,
                "tickvals": [math.log10(tick) for tick in ticks],
                "ticktext": [format_number(tick, language) for tick in ticks],
            },
        )
    )
    too_small = by_country["country"].isin(list(map_points())).to_numpy()
    small = by_country[too_small]
    if len(small):
        # A country too small for the outlines is a marker in its shade, ringed so it reads on any land.
        positions = [map_points()[code] for code in small["country"]]
        small_counts = [max(int(value), 1) for value in small["members"]]
        figure.add_trace(
            go.Scattergeo(
                lat=[lat for lat, _lon in positions],
                lon=[lon for _lat, lon in positions],
                mode="markers",
                marker={
                    "size": 11,
                    "color": [math.log10(count) for count in small_counts],
                    "colorscale": scale,
                    "cmin": LOWEST_SHADE,
                    "cmax": max(math.log10(max(counts, default=1)), 1.0),
                    "line": {"color": branding.primary, "width": 1.5},
                    "showscale": False,
                },
                text=[text for text, shown in zip(hover, too_small, strict=True) if shown],
                hovertemplate="%{text}<extra></extra>",
                customdata=[["countries", code] for code in small["country"]],
                showlegend=False,
            )
        )
    figure.update_layout(
        title=title if title is not None else translate("geography.map.title", language),
        geo={"fitbounds": False, "scope": "world", "resolution": 110},
        height=height,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        clickmode="event+select",
    )
    return themed(figure, language)


@cache
def map_points() -> dict[str, tuple[float, float]]:
    """iso3 -> (latitude, longitude) of the marker drawn for a country too small for the map outlines."""
    points = pd.read_csv(MAP_POINTS, dtype={"iso3": str}, keep_default_na=False)
    return {
        str(code): (float(lat), float(lon))
        for code, lat, lon in zip(points["iso3"], points["lat"], points["lon"], strict=True)
    }


def countries_over_time_figure(frame: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Countries represented at each period end (line) and countries new in the period (bars).

    Each period is labelled by its start ("2025", "Q1 2025", "January 2025"), on a category axis, as every
    chart over time is: drawn at its last day on a date axis, 31 December 2025 sat at the 2026 tick.
    """
    grain_name = _grain_name(grain, language)
    labels = period_labels(frame["period_start"], grain, language)
    figure = go.Figure()
    figure.add_bar(
        x=labels,
        y=frame["new_countries"],
        name=translate("geography.countries_over_time.new_countries", language, grain=grain_name),
        marker_color=load_branding().accent,
        opacity=0.75,
        customdata=[
            ["period", str(start)[:10], str(end)[:10]]
            for start, end in zip(frame["period_start"], frame["period_end"], strict=True)
        ],
    )
    figure.add_scatter(
        x=labels,
        y=frame["countries"],
        name=translate("geography.countries_over_time.countries", language, grain=grain_name),
        mode="lines+markers",
        line={"color": load_branding().primary, "width": 3, "shape": "hv"},
    )
    figure.update_layout(
        title=translate("geography.countries_over_time.title", language, grain=grain_name),
        yaxis_title=translate("geography.countries_over_time.axis", language),
        xaxis={"type": "category"},
        hovermode="x unified",
        height=360,
    )
    return themed(figure, language)


def country_first_join_figure(frame: pd.DataFrame, language: Language) -> go.Figure:
    """One dot per country at the day its first member joined, earliest at the top, in the country's colour."""
    ordered = frame.sort_values(["first_joined_on", "country"], ascending=[False, False])
    names = [country_name(code, language) for code in ordered["country"]]
    joined = pd.to_datetime(ordered["first_joined_on"])
    figure = go.Figure(
        go.Scatter(
            x=joined,
            y=names,
            mode="markers+text",
            marker={"size": 14, "color": [country_colour(code) for code in ordered["country"]]},
            text=[str(year) for year in joined.dt.year],
            textposition="middle right",
            cliponaxis=False,  # a label right of a dot in the last year is drawn whole ("2025", not "202")
            customdata=[["countries", code] for code in ordered["country"]],
            hovertemplate="%{y}: %{x}<extra></extra>",
            showlegend=False,
        )
    )
    padding = pd.Timedelta(days=200)  # room for the year labels right of the last dots
    figure.update_layout(
        title=translate("geography.first_join.title", language),
        xaxis={
            "range": [joined.min() - padding, joined.max() + padding] if len(joined) else None,
            "title": translate("geography.first_join.axis", language),
            "tickformat": date_format(language, "year"),
            "dtick": "M12",  # one tick a year: over a short span plotly ticks half-years, "2021" twice
            "tick0": "2020-01-01",
            "hoverformat": date_format(language, "day"),
        },
        yaxis={"type": "category"},
        height=max(300, 28 * len(ordered) + 120),
        margin={"r": 48},  # room for the last year's label past the plot's edge
    )
    return themed(figure, language)


def members_by_region_figure(frame: pd.DataFrame, language: Language) -> go.Figure:
    """Active members per UN region, largest first; a bar can be clicked to filter the page by region."""
    ordered = frame.sort_values("members", ascending=True)
    figure = go.Figure(
        go.Bar(
            x=ordered["members"],
            y=[translate(f"common.region.{region}", language) for region in ordered["region"]],
            orientation="h",
            marker_color=load_branding().primary,
            text=[format_number(int(value), language) for value in ordered["members"]],
            textposition="outside",
            cliponaxis=False,
            customdata=[["regions", region] for region in ordered["region"]],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        title=translate("geography.by_region.title", language),
        xaxis_title=translate("geography.by_region.axis", language),
        height=max(260, 48 * len(ordered) + 120),
    )
    return themed(figure, language)


def members_by_country_figure(frame: pd.DataFrame, language: Language) -> go.Figure:
    """Active members per country, largest first, each in its country's colour."""
    ordered = frame.sort_values(["members", "country"], ascending=[True, False])
    figure = go.Figure(
        go.Bar(
            x=ordered["members"],
            y=[country_name(code, language) for code in ordered["country"]],
            orientation="h",
            marker_color=[country_colour(code) for code in ordered["country"]],
            text=[format_number(int(value), language) for value in ordered["members"]],
            textposition="outside",
            cliponaxis=False,
            customdata=[["countries", code] for code in ordered["country"]],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        title=translate("geography.by_country.title", language),
        xaxis_title=translate("geography.by_country.axis", language),
        yaxis={"type": "category"},
        height=max(300, 26 * len(ordered) + 120),
    )
    return themed(figure, language)
