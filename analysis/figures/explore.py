"""The explorer's chart, fitted to the question: a number, a line or bars over time, or bars by category.

- no dimension: the number itself;
- a time dimension: members active as lines (a stock, read at each period's end), everything else as
  bars per period (flows add up); a second dimension splits them by colour (stacked bars);
- categories only: horizontal bars, largest first; a second dimension splits them by colour (grouped).
"""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.explore.pivot import VALUE, ExploreResult
from analysis.explore.presentation import dimension_label, measure_label, question_title, value_label
from analysis.explore.questions import LISTING_MEASURES, TIME_DIMENSIONS
from analysis.figures.styling import BOTTOM_LEGEND
from analysis.figures.table_layout import shortened
from analysis.figures.theme import (
    EVENT_TYPE_COLOURS,
    FORMAT_COLOURS,
    MEMBER_TYPE_COLOURS,
    category_colours,
    country_colour,
    themed,
)
from analysis.i18n import Language, format_number, translate
from analysis.store.contract import PARTICIPATION_ROLES

STOCK_MEASURES = ("members_active",)
ENTITY_CHART_ROWS = 25  # an event or member ranking draws its first 25; the table below lists them all
# Splits under which a member can count in several parts (engaged in a forum and in a seminar): those parts
# do not add up to the whole, so their bars stand side by side instead of stacked.
OVERLAPPING_SPLITS = {"engaged_members": ("event_type", "format", "role")}
_ROLE_COLOURS = category_colours(PARTICIPATION_ROLES)
_REGION_COLOURS = category_colours(("Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica"))


def explore_figure(result: ExploreResult, language: Language) -> go.Figure:
    """The chart for one explorer answer, titled with the question, in the alliance theme."""
    question = result.question
    dimensions = list(question.dimensions)
    if not dimensions:
        figure = _number_figure(result, language)
    elif question.entity_dimension and question.measure in LISTING_MEASURES:
        figure = _number_figure(result, language, total=int(result.table["value"].sum()))
    elif question.entity_dimension:
        figure = _entity_figure(result, language)
    else:
        if len(dimensions) == 2 and dimensions[1] in TIME_DIMENSIONS:
            dimensions.reverse()  # time always runs along the x axis
        if dimensions[0] in TIME_DIMENSIONS:
            figure = _over_time_figure(result, dimensions, language)
        else:
            figure = _by_category_figure(result, dimensions, language)
    figure.update_layout(title={"text": question_title(result, language)})
    return themed(figure, language)


def _number_figure(result: ExploreResult, language: Language, total: int | None = None) -> go.Figure:
    value = int(result.table[VALUE].iloc[0]) if total is None else total
    return go.Figure(
        go.Indicator(
            mode="number",
            value=value,
            number={"valueformat": ",d"},
        )
    ).update_layout(height=260)


def _over_time_figure(result: ExploreResult, dimensions: list[str], language: Language) -> go.Figure:
    time, split = dimensions[0], (dimensions[1] if len(dimensions) > 1 else None)
    table = result.table
    is_stock = result.question.measure in STOCK_MEASURES
    figure = go.Figure()
    groups = [(None, table)] if split is None else list(table.groupby(split, sort=False))
    for code, rows in groups:
        x = [value_label(time, period, language) for period in rows[time]]
        name = (
            measure_label(result.question.measure, language)
            if code is None
            else value_label(split or "", code, language)
        )
        colour = _colour(split, code) if split else None
        hover = [
            f"{label}: {format_number(value, language)}" for label, value in zip(x, rows[VALUE], strict=True)
        ]
        if is_stock:
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=rows[VALUE],
                    name=name,
                    mode="lines+markers",
                    line={"color": colour},
                    hovertext=hover,
                    hoverinfo="text+name",
                )
            )
        else:
            figure.add_trace(
                go.Bar(
                    x=x,
                    y=rows[VALUE],
                    name=name,
                    marker={"color": colour},
                    hovertext=hover,
                    hoverinfo="text+name",
                )
            )
    figure.update_layout(
        barmode=_bar_mode(result.question.measure, split),
        showlegend=split is not None,
        legend=BOTTOM_LEGEND | {"traceorder": "normal"},  # a legend above wrapped over the title
        xaxis={"title": dimension_label(time, language), "type": "category"},
        yaxis={"title": measure_label(result.question.measure, language), "rangemode": "tozero"},
    )
    return figure


def _by_category_figure(result: ExploreResult, dimensions: list[str], language: Language) -> go.Figure:
    category, split = dimensions[0], (dimensions[1] if len(dimensions) > 1 else None)
    table = result.table
    order = table.groupby(category, sort=False)[VALUE].sum().sort_values(ascending=True).index.tolist()
    figure = go.Figure()
    groups = [(None, table)] if split is None else list(table.groupby(split, sort=False))
    for code, rows in groups:
        rows = rows.set_index(category).reindex(order)
        labels = [value_label(category, value, language) for value in rows.index]
        colours = (
            [_colour(category, value) for value in rows.index] if split is None else _colour(split, code)
        )
        name = (
            measure_label(result.question.measure, language)
            if code is None
            else value_label(split or "", code, language)
        )
        figure.add_trace(
            go.Bar(x=rows[VALUE], y=labels, name=name, orientation="h", marker={"color": colours})
        )
    mode = _bar_mode(result.question.measure, split)
    figure.update_layout(
        barmode=mode,
        showlegend=split is not None,
        legend=BOTTOM_LEGEND | {"traceorder": "normal"},
        height=max(320, 80 + 28 * len(order) * (2 if mode == "group" else 1)),
        xaxis={"title": measure_label(result.question.measure, language), "rangemode": "tozero"},
        yaxis={"title": dimension_label(category, language), "type": "category"},
    )
    return figure


def _entity_figure(result: ExploreResult, language: Language) -> go.Figure:
    """Events or members ranked: horizontal bars, largest at the top, the first ENTITY_CHART_ROWS of them
    (the subtitle says how many more the table lists). Each bar is named; a name two share gets its code."""
    entity = result.question.entity_dimension or ""
    ranked = result.table.head(ENTITY_CHART_ROWS)
    labels = [value_label(entity, code, language, result.names) for code in ranked[entity]]
    repeated = {label for label in labels if labels.count(label) > 1}
    labels = [
        f"{label} [{code}]" if label in repeated else label
        for label, code in zip(labels, ranked[entity], strict=True)
    ]
    measure = measure_label(result.question.measure, language)
    # Axis labels cut to fit beside the bars on a phone; the hover names the event or member in full.
    figure = go.Figure(
        go.Bar(
            x=ranked[VALUE].iloc[::-1].tolist(),
            y=[shortened(label) for label in labels[::-1]],
            orientation="h",
            marker={"color": load_branding().primary},
            text=[format_number(int(value), language) for value in ranked[VALUE].iloc[::-1]],
            textposition="outside",
            cliponaxis=False,
            customdata=labels[::-1],
            hovertemplate=f"%{{customdata}}<br>{measure}: %{{x:,}}<extra></extra>",
        )
    )
    if len(result.table) > len(ranked):
        figure.update_layout(
            title_subtitle_text=translate(
                "explore.chart.first_of",
                language,
                shown=format_number(len(ranked), language),
                total=format_number(len(result.table), language),
            )
        )
    figure.update_layout(
        showlegend=False,
        height=max(320, 110 + 26 * len(ranked)),
        margin={"r": 40},
        xaxis={"title": measure, "rangemode": "tozero"},
        yaxis={"type": "category", "automargin": True},
    )
    return figure


def _bar_mode(measure: str, split: str | None) -> str:
    """Stacked when the split's parts add up to the whole, else grouped."""
    return "group" if split in OVERLAPPING_SPLITS.get(measure, ()) else "stack"


def _colour(dimension: str | None, code: object) -> str | None:
    """The colour a value has in every chart of the product (countries, types, formats, regions)."""
    palettes = {
        "member_type": MEMBER_TYPE_COLOURS,
        "event_type": EVENT_TYPE_COLOURS,
        "format": FORMAT_COLOURS,
        "role": _ROLE_COLOURS,
        "region": _REGION_COLOURS,
    }
    if dimension == "country":
        return country_colour(str(code))
    return palettes.get(dimension or "", {}).get(str(code))
