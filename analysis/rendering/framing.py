"""A figure dressed for print: title, a subtitle naming the filters and the as-of day, and a source line.

The dashboard shows a chart inside a page that already says all this; an exported image travels alone,
so it must say it itself, in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.filters import Filters
from analysis.i18n import Language, country_name, format_date, translate

# Latin text from a TrueType font first: Chromium embeds Noto Sans CJK (OpenType CFF) as Type 3 glyphs whose
# digits often lack a Unicode mapping, so numbers could not be copied or searched in the PDFs. Chinese
# characters fall through to Noto Sans CJK SC (Debian: fonts-noto-cjk).
FONT_FAMILY = (
    '"Liberation Sans", Arial, "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", '
    '"PingFang SC", sans-serif'
)
TOP_MARGIN = 140  # title, subtitle, and a legend drawn above the plot
BOTTOM_MARGIN = 120  # axis labels and title, then the source line at the paper's foot
SOURCE_LINE_BOTTOM = 8  # px between the source line and the paper's lower edge
SIDE_MARGIN = 30  # the source line and title never touch the paper's edge


@dataclass(frozen=True)
class Caption:
    """The words around an exported figure."""

    title: str
    subtitle: str
    source: str


def describe_filters(filters: Filters, language: Language) -> str:
    """'As of 19 November 2023 · all countries · all member types' in the language; names what narrows."""
    parts = [translate("exports.filter.as_of", language, day=format_date(filters.as_of, language))]
    if filters.start or filters.end:
        parts.append(
            translate(
                "exports.filter.period",
                language,
                start=format_date(filters.start, language) if filters.start else "…",
                end=format_date(filters.period_end, language),
            )
        )
    parts.append(_listed(filters.countries, "countries", language, lambda code: country_name(code, language)))
    parts.append(
        _listed(
            filters.regions, "regions", language, lambda name: translate(f"common.region.{name}", language)
        )
    )
    parts.append(
        _listed(
            filters.member_types,
            "member_types",
            language,
            lambda kind: translate(f"common.member_type.{kind}", language),
        )
    )
    if filters.event_types:
        parts.append(
            _listed(
                filters.event_types,
                "event_types",
                language,
                lambda kind: translate(f"common.event_type.{kind}", language),
            )
        )
    if filters.formats:
        parts.append(
            _listed(
                filters.formats,
                "formats",
                language,
                lambda kind: translate(f"common.format.{kind}", language),
            )
        )
    separator = "；" if language == "zh" else " · "
    return separator.join(parts)


def _listed(values: tuple[str, ...], what: str, language: Language, name_of: object) -> str:
    if not values:
        return translate(f"exports.filter.all_{what}", language)
    assert callable(name_of)
    joiner = "、" if language == "zh" else ", "
    return translate(f"exports.filter.only_{what}", language, names=joiner.join(name_of(v) for v in values))


def source_line(filters: Filters, language: Language) -> str:
    branding = load_branding()
    return translate(
        "common.source_line",
        language,
        alliance=branding.name(language),
        as_of=format_date(filters.as_of, language),
    )


def caption_for(title: str, filters: Filters, language: Language) -> Caption:
    return Caption(
        title=title, subtitle=describe_filters(filters, language), source=source_line(filters, language)
    )


def framed_figure(figure: go.Figure, caption: Caption) -> go.Figure:
    """A copy of `figure` with the caption drawn into it and room made for it; the original is untouched."""
    framed = go.Figure(figure)
    margin = framed.layout.margin
    framed.update_layout(
        title={
            "text": caption.title,
            "subtitle": {
                "text": caption.subtitle,
                "font": {"size": 13, "color": "#5B6770", "family": FONT_FAMILY},
            },
            "x": 0.01,
            "xanchor": "left",
            "y": 0.97,
            "yanchor": "top",
            "font": {"size": 22, "family": FONT_FAMILY},
        },
        font={"family": FONT_FAMILY},
        margin={
            "t": max(TOP_MARGIN, margin.t or 0),
            "b": max(BOTTOM_MARGIN, margin.b or 0),
            "l": max(SIDE_MARGIN, margin.l or 0) if margin.l is not None else 70,
            "r": max(SIDE_MARGIN, margin.r or 0) if margin.r is not None else 40,
        },
        paper_bgcolor="white",
        autosize=False,
    )
    framed.add_annotation(
        text=caption.source,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-BOTTOM_MARGIN + SOURCE_LINE_BOTTOM,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#5B6770"},
    )
    return framed
