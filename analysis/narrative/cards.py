"""Metric cards (a figure, its change against a year ago, an optional trend) as plain data for any page,
and the cards of the overview and geography pages with their deltas in words ("+13 (+22%)")."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.filters import year_ago
from analysis.i18n import Language, country_name, format_date, format_number, format_percent, translate
from analysis.narrative.comparison import comparison_windows
from analysis.page_data.geography import GeographyData
from analysis.page_data.overview import OverviewData


@dataclass(frozen=True)
class MetricCard:
    """One card: what it counts, the figure, its change against a year ago, and the trend behind it."""

    name: str
    label: str
    value: str
    delta: (
        str | None
    )  # signed text ("+13 (+22%)"), leading with its sign so the arrow points the right way; None when there is nothing to compare
    help: str
    trend: list[float] = field(default_factory=list)
    delta_description: str | None = None  # what the delta compares with, in words ("vs Jan–Mar 2024")
    delta_color: str = "normal"  # st.metric's delta_color: "normal", "off" or a named colour
    delta_arrow: str = "auto"  # st.metric's delta_arrow: "auto" or "off"


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
            label=translate(f"overview.card.{name}", language, year=year),
            value=value,
            delta=delta,
            help=translate(f"overview.card.help.{name}", language, grain=grain_name)
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
        rate_delta = translate("overview.card.points", language, delta=_signed(points, language))
    rate_trend = [value * 100 for value in _series(data.engagement_over_time, "engagement_rate")]
    return [*cards, card("engagement_rate_ytd", format_percent(rate, language), rate_delta, rate_trend)]


def geography_cards(data: GeographyData, host_country: str, language: Language) -> list[MetricCard]:
    """The host-country share and the diversity figure, each with its change against a year ago."""
    host = country_name(host_country, language)
    share, share_before = data.host_country_share, data.host_country_share_year_ago
    share_delta = None
    if share is not None and share_before is not None:
        points = round((share - share_before) * 100)
        share_delta = translate(
            "geography.points", language, delta=("+" if points > 0 else "") + format_number(points, language)
        )
    diversity, diversity_before = data.effective_countries, data.effective_countries_year_ago
    diversity_delta = None
    if diversity is not None and diversity_before is not None:
        change = diversity - diversity_before
        diversity_delta = ("+" if change > 0 else "") + format_number(change, language, decimals=1)
    return [
        MetricCard(
            name="host_country_share",
            label=translate("geography.host_share.label", language, host=host),
            value=format_percent(share, language),
            delta=share_delta,
            help=translate("geography.host_share.help", language, host=host),
        ),
        MetricCard(
            name="effective_countries",
            label=translate("geography.diversity.label", language),
            value=format_number(diversity, language, decimals=1),
            delta=diversity_delta,
            help=translate("geography.diversity.help", language),
        ),
    ]
