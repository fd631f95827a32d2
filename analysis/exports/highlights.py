"""The report's highlights: the opening paragraph and the year's key facts, in the chosen language.

Built from `headline_figures` taken on the report day (31 December of the year); the paragraph is the
dashboard overview's own (`analysis.narrative`), so the same sentences open the dashboard and the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.branding import load_branding
from analysis.filters import Filters
from analysis.i18n import Language, format_date, format_number, format_percent, translate
from analysis.metrics.headline import HeadlineFigures, headline_figures
from analysis.narrative import highlights as narrative_highlights
from analysis.store.database import AllianceDatabase


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
    n = format_number
    bullets = [
        _t(
            "members",
            language,
            members=n(figures.members, language),
            year_ago=n(figures.members_year_ago, language),
            growth=format_percent(figures.members_yoy, language, signed=True),
        ),
        _t(
            "joined",
            language,
            year=year,
            joined=n(figures.new_members_ytd, language),
            left=n(figures.departed_members_ytd, language),
        ),
        _t(
            "countries",
            language,
            countries=n(figures.countries, language),
            year_ago=n(figures.countries_year_ago, language),
            new=n(figures.new_countries_ytd, language),
            regions=n(figures.regions, language),
        ),
        _t(
            "events",
            language,
            year=year,
            events=n(figures.events_ytd, language),
            attendees=n(figures.event_attendees_ytd, language),
        ),
        _t(
            "engagement",
            language,
            year=year,
            rate=format_percent(figures.engagement_rate_ytd, language),
            engaged=n(figures.engaged_members_ytd, language),
        ),
        _t(
            "governance",
            language,
            chairs=n(figures.chairs, language),
            vice_chairs=n(figures.vice_chairs, language),
        ),
    ]
    if figures.cagr_since_first_join is not None and figures.first_joined_on is not None:
        bullets.append(
            _t(
                "cagr",
                language,
                since=format_date(figures.first_joined_on, language),
                cagr=format_percent(figures.cagr_since_first_join, language, decimals=1),
            )
        )
    return bullets


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
