"""The overview's pieces: headline cards (value, change against a year ago, trend line) and the
members-over-time chart with the alliance's events marked on it. Pure: data + language in, figures out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.figures.styling import BOTTOM_LEGEND, category_colour, category_label, ordered_codes
from analysis.figures.theme import date_format, themed
from analysis.filters import year_ago
from analysis.i18n import Language, format_date, format_number, format_percent, translate
from analysis.narrative.cards import MetricCard
from analysis.narrative.on_track import comparison_windows
from analysis.page_data.overview import OverviewData


def _text(key: str, language: Language, **values: object) -> str:
    return translate(f"overview.{key}", language, **values)


def _signed(value: int, language: Language) -> str:
    return ("+" if value > 0 else "") + format_number(value, language)


def _change(now: int, before: int, language: Language) -> str:
    """ "+13 (+22%)": the difference, and the relative change when there was something before."""
    difference = _signed(now - before, language)
    if before:
        difference += f" ({format_percent(now / before - 1, language, signed=True)})"
    return difference


def _series(frame: pd.DataFrame, column: str) -> list[float]:
    if frame.empty or column not in frame:
        return []
    return [float(value) for value in pd.to_numeric(frame[column], errors="coerce").fillna(0.0)]


def headline_cards(data: OverviewData, grain: str, language: Language) -> list[MetricCard]:
    """The five headline cards: members, countries, new members and events this year, engagement rate."""
    figures = data.headline
    year = figures.as_of.year
    grain_name = translate(f"common.grain_name.{grain}", language)

    # What each change is against, in words: the same day a year earlier for the counts on a day, the
    # same part of last year for the year-to-date cards ("vs Jan–Mar 2024").
    _, window_before = comparison_windows(figures.as_of, language)
    against = {
        "members": format_date(year_ago(figures.as_of), language),
        "countries": format_date(year_ago(figures.as_of), language),
    }

    def card(name: str, value: str, delta: str | None, trend: list[float]) -> MetricCard:
        return MetricCard(
            name=name,
            label=_text(f"card.{name}", language, year=year),
            value=value,
            delta=delta,
            help=_text(f"card.help.{name}", language, grain=grain_name)
            + " "
            + translate("ontrack.cards.help_against", language, before=against.get(name, window_before)),
            trend=trend,
            delta_description=(
                translate("ontrack.cards.vs", language, before=against.get(name, window_before))
                if delta is not None
                else None
            ),
        )

    # The counts: each card shows the count, its change against a year earlier, and its series per period.
    counts = (
        ("members", figures.members, figures.members_year_ago, data.members_over_time, "members_end"),
        ("countries", figures.countries, figures.countries_year_ago, data.countries_over_time, "countries"),
        (
            "new_members_ytd",
            figures.new_members_ytd,
            figures.new_members_ytd_year_ago,
            data.members_over_time,
            "joined",
        ),
        ("events_ytd", figures.events_ytd, figures.events_ytd_year_ago, data.events_per_period, "events"),
    )
    cards = [
        card(name, format_number(now, language), _change(now, year_ago, language), _series(series, column))
        for name, now, year_ago, series, column in counts
    ]
    rate, rate_before = figures.engagement_rate_ytd, figures.engagement_rate_ytd_year_ago
    rate_delta = None
    if rate is not None and rate_before is not None:
        points = round((rate - rate_before) * 100)
        rate_delta = _text("card.points", language, delta=_signed(points, language))
    rate_trend = [value * 100 for value in _series(data.engagement_over_time, "engagement_rate")]
    return [*cards, card("engagement_rate_ytd", format_percent(rate, language), rate_delta, rate_trend)]


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
        name=_text("chart.members_series", language, grain=grain_name),
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
        title=_text("chart.members_over_time", language),
        yaxis_title=_text("chart.members_axis", language),
        xaxis={
            "title": _text("chart.period_axis", language, grain=grain_name),
            "tickformat": date_format(language, "year" if grain == "year" else "month"),
            "hoverformat": date_format(language, "day"),
        },
        height=440,
        hovermode="closest",
        legend=BOTTOM_LEGEND,
    )
    return themed(figure, language)
