"""The highlights paragraph an annual report opens with, generated from the headline figures.

A pure function of `HeadlineFigures` and the language (the dashboard's overview and the report pack
both use it), e.g. "As of 19 November 2023, the Alliance has 72 member think tanks from 12 countries,
13 more than a year ago (+22%)."
"""

from __future__ import annotations

from analysis.branding import load_branding
from analysis.i18n import Language, format_date, format_number, format_percent, translate
from analysis.metrics.headline import HeadlineFigures


def highlights_paragraph(figures: HeadlineFigures, language: Language, alliance: str | None = None) -> str:
    """The highlights paragraph for `figures` in `language`; `alliance` defaults to the branding's short name."""
    alliance = alliance or load_branding().short_name(language)
    as_of = format_date(figures.as_of, language)
    year = figures.as_of.year
    full_year = (figures.as_of.month, figures.as_of.day) == (12, 31)
    period = translate(
        f"overview.narrative.period_{'full_year' if full_year else 'ytd'}", language, year=year
    )
    sentence_subject = alliance[:1].upper() + alliance[1:]

    if figures.members == 0:
        return translate("overview.narrative.empty", language, as_of=as_of)
    sentences = [_opening(figures, language, alliance, as_of)]
    if figures.new_members_ytd == 1:
        sentences.append(translate("overview.narrative.joined_ytd_one", language, period=period))
    elif figures.new_members_ytd > 1:
        sentences.append(
            translate(
                "overview.narrative.joined_ytd",
                language,
                count=format_number(figures.new_members_ytd, language),
                period=period,
            )
        )
    if figures.new_countries_ytd == 1:
        sentences.append(translate("overview.narrative.new_countries_one", language))
    elif figures.new_countries_ytd > 1:
        sentences.append(
            translate(
                "overview.narrative.new_countries",
                language,
                count=format_number(figures.new_countries_ytd, language),
            )
        )
    rate = format_percent(figures.engagement_rate_ytd, language)
    engaged = _count("engaged_count", figures.engaged_members_ytd, language)
    if figures.events_ytd == 0:
        sentences.append(translate("overview.narrative.no_events_ytd", language, period=period))
    elif figures.events_ytd == 1:
        sentences.append(
            translate(
                "overview.narrative.events_ytd_one",
                language,
                alliance=sentence_subject,
                period=period,
                engaged=engaged,
                rate=rate,
            )
        )
    else:
        sentences.append(
            translate(
                "overview.narrative.events_ytd",
                language,
                alliance=sentence_subject,
                count=format_number(figures.events_ytd, language),
                period=period,
                engaged=engaged,
                rate=rate,
            )
        )
    if figures.cagr_since_first_join is not None and figures.first_joined_on is not None:
        sentences.append(
            translate(
                "overview.narrative.cagr",
                language,
                first_year=figures.first_joined_on.year,
                cagr=format_percent(figures.cagr_since_first_join, language, decimals=1),
            )
        )
    return ("" if language == "zh" else " ").join(sentences)


def _count(name: str, count: int, language: Language) -> str:
    """ "72 member think tanks" / "one member think tank" (and in Chinese)."""
    if count == 1:
        return translate(f"overview.narrative.{name}_one", language)
    return translate(f"overview.narrative.{name}", language, count=format_number(count, language))


def _opening(figures: HeadlineFigures, language: Language, alliance: str, as_of: str) -> str:
    members = _count("member_count", figures.members, language)
    countries = _count("country_count", figures.countries, language)
    if figures.members_year_ago == 0:
        return translate(
            "overview.narrative.opening_no_history",
            language,
            as_of=as_of,
            alliance=alliance,
            members=members,
            countries=countries,
        )
    difference = figures.members - figures.members_year_ago
    if difference > 0:
        change = translate(
            "overview.narrative.more_than", language, count=format_number(difference, language)
        )
    elif difference < 0:
        change = translate(
            "overview.narrative.fewer_than", language, count=format_number(-difference, language)
        )
    else:
        change = translate("overview.narrative.same_as", language)
    return translate(
        "overview.narrative.opening",
        language,
        as_of=as_of,
        alliance=alliance,
        members=members,
        countries=countries,
        change=change,
        percent=format_percent(figures.members_yoy, language, signed=True),
    )
