"""The "On track?" panel and the like-for-like wording of the overview cards, as plain data and text.

Pure: an OnTrack (analysis/page_data/on_track.py) + a language in, cards and sentences out.
"""

from __future__ import annotations

import calendar
import datetime as dt

from analysis.figures.cards import MetricCard
from analysis.filters import year_ago
from analysis.i18n import MONTHS_EN, Language, format_date, format_number, format_percent, translate
from analysis.page_data.on_track import OnTrack, TargetLine

STATUS_COLOURS = {
    "reached": "green",
    "on_track": "green",
    "missed": "red",
    "behind": "orange",
    "to_go": "blue",
}


def _text(key: str, language: Language, **values: object) -> str:
    return translate(f"ontrack.{key}", language, **values)


def short_day(day: dt.date, language: Language) -> str:
    """28 Mar / 3月28日: a day of the year without the year."""
    if language == "zh":
        return f"{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1][:3]}"


def partial_period_note(last_day: dt.date, language: Language) -> str:
    """ "to 28 Mar" / "截至3月28日": the label of a period cut short at `last_day`."""
    return _text("partial.to_day", language, day=short_day(last_day, language))


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def year_to_date_window(last_day: dt.date, language: Language) -> str:
    """1 January to `last_day` in words: "Jan–Mar 2025" (to a month's end), "1 Jan–28 Mar 2025",
    "2024" for a whole year; "2025年1–3月", "2025年1月1日–3月28日", "2024年全年"."""
    year, month = last_day.year, last_day.month
    if month == 12 and _is_month_end(last_day):
        return _text("window.full_year", language, year=year)
    if _is_month_end(last_day):
        if language == "zh":
            return f"{year}年1月" if month == 1 else f"{year}年1–{month}月"
        return f"Jan {year}" if month == 1 else f"Jan–{MONTHS_EN[month - 1][:3]} {year}"
    if language == "zh":
        return f"{year}年1月1日–{month}月{last_day.day}日"
    return f"1 Jan–{short_day(last_day, language)} {year}"


def comparison_windows(as_of: dt.date, language: Language) -> tuple[str, str]:
    """(this year's window, the same window a year earlier): ("Jan–Mar 2025", "Jan–Mar 2024")."""
    return year_to_date_window(as_of, language), year_to_date_window(year_ago(as_of), language)


def comparison_sentence(as_of: dt.date, language: Language) -> str:
    """What the cards compare, in words: "Jan–Mar 2025 vs Jan–Mar 2024" and the two days."""
    now, before = comparison_windows(as_of, language)
    full_year = as_of == dt.date(as_of.year, 12, 31)
    return _text(
        "cards.compared_full_year" if full_year else "cards.compared",
        language,
        now=now,
        before=before,
        year=as_of.year,
        year_before=as_of.year - 1,
        day=format_date(as_of, language),
        day_before=format_date(year_ago(as_of), language),
    )


def heading(data: OnTrack, language: Language) -> str:
    return _text("heading.full_year" if data.full_year else "heading.current", language, year=data.year)


def year_option(year: int, as_of: dt.date, language: Language) -> str:
    """The year picker's label: "2025 to date (to 28 Mar)" for the as-of year, "2024 in full" before."""
    if year < as_of.year or (year == as_of.year and as_of == dt.date(year, 12, 31)):
        return _text("year.full", language, year=year)
    return _text("year.current", language, year=year, day=short_day(as_of, language))


def _status_text(line: TargetLine, language: Language) -> str:
    if line.status == "to_go":
        return _text(
            "status.to_go", language, count=format_number(line.target - (line.actual or 0), language)
        )
    return _text(f"status.{line.status}", language)


def _description(line: TargetLine, data: OnTrack, language: Language) -> str | None:
    projection = data.projection
    if line.metric == "members" and projection is not None and not data.full_year:
        parts = [
            _text(
                "members.projected",
                language,
                estimate=format_number(projection.year_end_estimate, language),
                low=format_number(projection.low, language),
                high=format_number(projection.high, language),
            )
        ]
        if projection.target_reached_on is not None:
            key = "members.reached_on" if projection.target_already_reached else "members.expected_on"
            parts.append(_text(key, language, day=format_date(projection.target_reached_on, language)))
        else:
            parts.append(_text("members.not_at_this_pace", language))
        return _text("separator", language).join(parts)
    if (
        line.metric == "members"
        and projection is not None
        and projection.target_reached_on is not None
        and projection.target_already_reached
    ):
        return _text("members.reached_on", language, day=format_date(projection.target_reached_on, language))
    if line.expected_by_now is not None:
        return _text("expected_by_now", language, expected=format_number(line.expected_by_now, language))
    return None


def target_cards(data: OnTrack, language: Language) -> list[MetricCard]:
    """One card per target: the actual, attainment and status, and what it is measured against."""
    cards = []
    for line in data.lines:
        metric = _text(f"card.metric.{line.metric}", language)  # short: a card title stays whole at 1440 px
        delta = _text("attainment", language, percent=format_percent(line.attainment, language))
        cards.append(
            MetricCard(
                name=line.metric,
                label=_text(
                    "card.label", language, metric=metric, target=format_number(line.target, language)
                ),
                value=format_number(line.actual, language),
                delta=f"{delta} · {_status_text(line, language)}",
                help=_text(f"card.help.{line.metric}", language),
                delta_description=_description(line, data, language),
                delta_color=STATUS_COLOURS[line.status],
                delta_arrow="off",
            )
        )
    return cards


def projection_sentences(data: OnTrack, language: Language) -> list[str]:
    """The members projection in full sentences (the current year), or how the year ended."""
    from analysis.metrics.plan import describe_projection

    projection = data.projection
    if projection is None:
        return []
    if data.full_year:
        line = data.line("members")
        sentences = [
            _text(
                "members.final",
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
    return _text("no_targets", language, year=year)
