"""The report's highlights: the opening paragraph and the year's key facts, in the chosen language.

Built from `headline_figures` taken on the report day (31 December of the year); the paragraph is the
dashboard overview's own (`analysis.narrative`), so the same sentences open the dashboard and the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.branding import load_branding
from analysis.exports.wording import counted
from analysis.filters import Filters
from analysis.i18n import Language, format_date, format_number, format_percent, translate
from analysis.metrics.headline import HeadlineFigures, headline_figures
from analysis.narrative import highlights as narrative_highlights
from analysis.store.connection import AllianceDatabase


@dataclass(frozen=True)
class Highlights:
    """Text ready to print: a title, the opening paragraph and bullet points."""

    title: str
    paragraph: str
    bullets: list[str] = field(default_factory=list)

    def to_markdown(self) -> str:
        lines = [f"# {self.title}", "", self.paragraph, ""]
        lines += [f"- {bullet}" for bullet in self.bullets]
        return "\n".join(lines) + "\n"


def _t(key: str, language: Language, **values: object) -> str:
    return translate(f"exports.highlights.{key}", language, **values)


def highlight_bullets(figures: HeadlineFigures, year: int, language: Language) -> list[str]:
    """The year's key facts, one bullet per `exports.highlights.<key>` message, filled with its figures."""

    def number(value: int) -> str:
        return format_number(value, language)

    def percent(fraction: float | None, *, decimals: int = 0, signed: bool = False) -> str:
        return format_percent(fraction, language, decimals=decimals, signed=signed)

    values_by_bullet: dict[str, dict[str, object]] = {
        "members": {
            "members": number(figures.members),
            "year_ago": number(figures.members_year_ago),
            "growth": percent(figures.members_yoy, signed=True),
        },
        "joined": {
            "year": year,
            "joined": number(figures.new_members_ytd),
            "left": number(figures.departed_members_ytd),
        },
        "countries": {
            "countries": number(figures.countries),
            "year_ago": number(figures.countries_year_ago),
            "new": number(figures.new_countries_ytd),
            "regions": number(figures.regions),
        },
        "events_counted": {
            "year": year,
            "events": counted("event", figures.events_ytd, language),
            "attendees": counted("attendee", figures.event_attendees_ytd, language),
        },
        "engagement": {
            "year": year,
            "rate": percent(figures.engagement_rate_ytd),
            "engaged": number(figures.engaged_members_ytd),
        },
        "governance_counted": {
            "chairs": counted("chair_unit", figures.chairs, language),
            "vice_chairs": counted("vice_chair_unit", figures.vice_chairs, language),
        },
    }
    if figures.cagr_since_first_join is not None and figures.first_joined_on is not None:
        values_by_bullet["cagr"] = {
            "since": format_date(figures.first_joined_on, language),
            "cagr": percent(figures.cagr_since_first_join, decimals=1),
        }
    return [_t(bullet, language, **values) for bullet, values in values_by_bullet.items()]


def report_highlights(
    database: AllianceDatabase, filters: Filters, year: int, language: Language
) -> Highlights:
    """The highlights of the year's report, taken on `filters.as_of`."""
    figures = headline_figures(database, filters)
    branding = load_branding()
    return Highlights(
        title=_t("title", language, alliance=branding.name(language), year=year),
        paragraph=narrative_highlights(figures, language),
        bullets=highlight_bullets(figures, year, language),
    )
