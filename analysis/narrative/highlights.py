"""The report's highlights: the opening paragraph and the year's key facts, in the chosen language.

Built from `headline_figures` taken on the report day (31 December of the year); the paragraph is the
dashboard overview's own (`analysis.narrative.paragraph`), so the same sentences open the dashboard and the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.branding import load_branding
from analysis.filters import Filters
from analysis.i18n import Language, format_date, format_number, format_percent, translate
from analysis.metrics.headline import HeadlineFigures, headline_figures
from analysis.narrative.counted_nouns import counted
from analysis.narrative.paragraph import highlights_paragraph
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


def highlight_bullets(figures: HeadlineFigures, year: int, language: Language) -> list[str]:
    """The year's key facts, one bullet per `exports.highlights.<key>` message, filled with its figures."""

    values_by_bullet: dict[str, dict[str, object]] = {
        "members": {
            "members": format_number(figures.members, language),
            "year_ago": format_number(figures.members_year_ago, language),
            "growth": format_percent(figures.members_yoy, language, signed=True),
        },
        "joined": {
            "year": year,
            "joined": format_number(figures.new_members_ytd, language),
            "left": format_number(figures.departed_members_ytd, language),
        },
        "countries": {
            "countries": format_number(figures.countries, language),
            "year_ago": format_number(figures.countries_year_ago, language),
            "new": format_number(figures.new_countries_ytd, language),
            "regions": format_number(figures.regions, language),
        },
        "events_counted": {
            "year": year,
            "events": counted("event", figures.events_ytd, language),
            "attendees": counted("attendee", figures.event_attendees_ytd, language),
        },
        "engagement": {
            "year": year,
            "rate": format_percent(figures.engagement_rate_ytd, language),
            "engaged": format_number(figures.engaged_members_ytd, language),
        },
        "governance_counted": {
            "chairs": counted("chair_unit", figures.chairs, language),
            "vice_chairs": counted("vice_chair_unit", figures.vice_chairs, language),
        },
    }
    if figures.cagr_since_first_join is not None and figures.first_joined_on is not None:
        values_by_bullet["cagr"] = {
            "since": format_date(figures.first_joined_on, language),
            "cagr": format_percent(figures.cagr_since_first_join, language, decimals=1),
        }
    return [
        translate(f"exports.highlights.{bullet}", language, **values)
        for bullet, values in values_by_bullet.items()
    ]


def report_highlights(
    database: AllianceDatabase, filters: Filters, year: int, language: Language
) -> Highlights:
    """The highlights of the year's report, taken on `filters.as_of`."""
    figures = headline_figures(database, filters)
    branding = load_branding()
    return Highlights(
        title=translate("exports.highlights.title", language, alliance=branding.name(language), year=year),
        paragraph=highlights_paragraph(figures, language),
        bullets=highlight_bullets(figures, year, language),
    )
