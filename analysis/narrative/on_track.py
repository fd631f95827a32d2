"""The "On track?" panel: target cards and the members projection in sentences, as plain data and text.

Pure: an OnTrack (analysis/page_data/on_track.py) + a language in, cards and sentences out.
"""

from __future__ import annotations

import datetime as dt

from analysis.i18n import Language, format_date, format_number, format_percent, translate
from analysis.metrics.plan import MembersProjection
from analysis.narrative.cards import MetricCard
from analysis.narrative.comparison import short_day
from analysis.page_data.on_track import OnTrack, TargetLine

STATUS_COLOURS = {
    "reached": "green",
    "on_track": "green",
    "missed": "red",
    "behind": "orange",
    "to_go": "blue",
}


def heading(data: OnTrack, language: Language) -> str:
    return translate(
        "ontrack.heading.full_year" if data.full_year else "ontrack.heading.current", language, year=data.year
    )


def year_option(year: int, as_of: dt.date, language: Language) -> str:
    """The year picker's label: "2025 to date (to 28 Mar)" for the as-of year, "2024 in full" before."""
    if year < as_of.year or (year == as_of.year and as_of == dt.date(year, 12, 31)):
        return translate("ontrack.year.full", language, year=year)
    return translate("ontrack.year.current", language, year=year, day=short_day(as_of, language))


def _status_text(line: TargetLine, language: Language) -> str:
    if line.status == "to_go":
        return translate(
            "ontrack.status.to_go", language, count=format_number(line.target - (line.actual or 0), language)
        )
    return translate(f"ontrack.status.{line.status}", language)


def _description(line: TargetLine, data: OnTrack, language: Language) -> str | None:
    projection = data.projection
    if line.metric == "members" and projection is not None and not data.full_year:
        parts = [
            translate(
                "ontrack.members.projected",
                language,
                estimate=format_number(projection.year_end_estimate, language),
                low=format_number(projection.low, language),
                high=format_number(projection.high, language),
            )
        ]
        if projection.target_reached_on is not None:
            key = (
                "ontrack.members.reached_on"
                if projection.target_already_reached
                else "ontrack.members.expected_on"
            )
            parts.append(translate(key, language, day=format_date(projection.target_reached_on, language)))
        else:
            parts.append(translate("ontrack.members.not_at_this_pace", language))
        return translate("ontrack.separator", language).join(parts)
    if (
        line.metric == "members"
        and projection is not None
        and projection.target_reached_on is not None
        and projection.target_already_reached
    ):
        return translate(
            "ontrack.members.reached_on", language, day=format_date(projection.target_reached_on, language)
        )
    if line.expected_by_now is not None:
        return translate(
            "ontrack.expected_by_now", language, expected=format_number(line.expected_by_now, language)
        )
    return None


def target_cards(data: OnTrack, language: Language) -> list[MetricCard]:
    """One card per target: the actual, attainment and status, and what it is measured against."""
    cards = []
    for line in data.lines:
        # short: a card title stays whole at 1440 px
        metric = translate(f"ontrack.card.metric.{line.metric}", language)
        delta = translate("ontrack.attainment", language, percent=format_percent(line.attainment, language))
        cards.append(
            MetricCard(
                name=line.metric,
                label=translate(
                    "ontrack.card.label", language, metric=metric, target=format_number(line.target, language)
                ),
                value=format_number(line.actual, language),
                delta=f"{delta} · {_status_text(line, language)}",
                help=translate(f"ontrack.card.help.{line.metric}", language),
                delta_description=_description(line, data, language),
                delta_color=STATUS_COLOURS[line.status],
                delta_arrow="off",
            )
        )
    return cards


def projection_sentences(data: OnTrack, language: Language) -> list[str]:
    """The members projection in full sentences (the current year), or how the year ended."""
    projection = data.projection
    if projection is None:
        return []
    if data.full_year:
        line = data.line("members")
        sentences = [
            translate(
                "ontrack.members.final",
                language,
                members=format_number(projection.members_now, language),
                day=format_date(data.measured_on, language),
            )
        ]
        if line is not None and projection.target_already_reached and projection.target_reached_on:
            sentences.append(
                translate(
                    "plan.projection.target_reached",
                    language,
                    target=format_number(line.target, language),
                    day=format_date(projection.target_reached_on, language),
                )
            )
        return sentences
    return describe_projection(projection, language)


def no_targets_message(year: int, language: Language) -> str:
    return translate("ontrack.no_targets", language, year=year)


def describe_projection(projection: MembersProjection, language: Language) -> list[str]:
    """The projection in sentences for a page or report: the estimate with its range, then the target."""
    sentences = [
        translate(
            "plan.projection.summary",
            language,
            estimate=format_number(projection.year_end_estimate, language),
            year_end=format_date(projection.year_end, language),
            low=format_number(projection.low, language),
            high=format_number(projection.high, language),
        )
    ]
    if projection.target is not None:
        target = format_number(projection.target, language)
        if projection.target_reached_on is None:
            sentences.append(translate("plan.projection.target_not_at_this_pace", language, target=target))
        else:
            key = (
                "plan.projection.target_reached"
                if projection.target_already_reached
                else "plan.projection.target_expected"
            )
            sentences.append(
                translate(
                    key, language, target=target, day=format_date(projection.target_reached_on, language)
                )
            )
    return sentences
