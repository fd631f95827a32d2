"""What a figure is compared with, in words: "Jan–Mar 2025 vs Jan–Mar 2024", "to 28 Mar".

The overview's cards compare the year so far with the same part of last year; a period cut short by the
as-of day is labelled with its last day.
"""

from __future__ import annotations

import calendar
import datetime as dt

from analysis.filters import year_ago
from analysis.i18n import MONTHS_EN, Language, format_date, translate


def short_day(day: dt.date, language: Language) -> str:
    """28 Mar / 3月28日: a day of the year without the year."""
    if language == "zh":
        return f"{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1][:3]}"


def partial_period_note(last_day: dt.date, language: Language) -> str:
    """ "to 28 Mar" / "截至3月28日": the label of a period cut short at `last_day`."""
    return translate("ontrack.partial.to_day", language, day=short_day(last_day, language))


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def year_to_date_window(last_day: dt.date, language: Language) -> str:
    """1 January to `last_day` in words: "Jan–Mar 2025" (to a month's end), "1 Jan–28 Mar 2025",
    "2024" for a whole year; "2025年1–3月", "2025年1月1日–3月28日", "2024年全年"."""
    year, month = last_day.year, last_day.month
    if month == 12 and _is_month_end(last_day):
        return translate("ontrack.window.full_year", language, year=year)
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
    return translate(
        "ontrack.cards.compared_full_year" if full_year else "ontrack.cards.compared",
        language,
        now=now,
        before=before,
        year=as_of.year,
        year_before=as_of.year - 1,
        day=format_date(as_of, language),
        day_before=format_date(year_ago(as_of), language),
    )
