"""The pages of report.pdf, each drawn as a plotly figure so Chromium lays out (and embeds) the fonts.

reportlab cannot embed Noto Sans CJK (its OpenType outlines are PostScript, which reportlab refuses),
and without an embedded font Chinese text shows as boxes in most viewers. So every page (cover,
highlights, one per figure, definitions) is a figure of A4 landscape size, and Chromium prints them all
as ONE document in the same browser session as the images (`ImageRenderer.render_document`).
"""

from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass

import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.exports.framing import BOTTOM_MARGIN, FONT_FAMILY, SOURCE_LINE_BOTTOM
from analysis.exports.highlights import Highlights
from analysis.i18n import Language, translate

# A4 landscape in CSS pixels (96 per inch): 297 mm x 210 mm.
PAGE_WIDTH = 1123
PAGE_HEIGHT = 794
FIGURE_PAGE_BOTTOM = 270  # room under a figure for its axis, source line, caption and key numbers
DEFINITION_LINES_PER_PAGE = 30
PARAGRAPH_LINE_HEIGHT = 29  # px per line of 20 px text
# Chinese punctuation that must not open a line (it stays at the end of the line before).
NO_LINE_START = frozenset("，。、；：！？）」』》%")
NO_LINE_END = frozenset("（「『《")  # and these must not close one


def display_width(text: str) -> int:
    """Width in half-em units: a Chinese character takes two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def wrapped_lines(text: str, width: int) -> list[str]:
    """Lines no wider than `width` half-ems: break at spaces in Latin text, between characters in Chinese."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if line and display_width(line + token) > width and token not in NO_LINE_START:
                carried = (
                    line[-1] if line[-1] in NO_LINE_END else ""
                )  # an opening bracket goes with what it opens
                lines.append(line[: len(line) - len(carried)].rstrip())
                line = carried + token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words with their following space, and each Chinese character on its own."""
    tokens: list[str] = []
    word = ""
    for character in text:
        if unicodedata.east_asian_width(character) in "WF":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(character)
        else:
            word += character
            if character == " ":
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _blank_page() -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"visible": False, "range": [0, 1]},
        yaxis={"visible": False, "range": [0, 1]},
        font={"family": FONT_FAMILY, "color": "#26323D"},
        showlegend=False,
    )
    return figure


def _text(figure: go.Figure, text: str, x: float, y: float, size: int, **style: object) -> None:
    figure.add_annotation(
        text=text,
        x=x,
        y=y,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": size, **style},
    )


def _logo_source() -> str | None:
    logo = load_branding().logo
    if not logo.is_file():
        return None
    kind = "svg+xml" if logo.suffix.lower() == ".svg" else logo.suffix.lower().lstrip(".")
    return f"data:image/{kind};base64," + base64.b64encode(logo.read_bytes()).decode("ascii")


def _band(figure: go.Figure) -> None:
    """The brand's colour band down the left edge of every page."""
    branding = load_branding()
    figure.add_shape(
        type="rect",
        xref="paper",
        yref="paper",
        x0=0,
        x1=0.018,
        y0=0,
        y1=1,
        fillcolor=branding.primary,
        line_width=0,
    )


def cover_page(year: int, subtitle: str, language: Language) -> go.Figure:
    branding = load_branding()
    figure = _blank_page()
    _band(figure)
    logo = _logo_source()
    if logo:
        figure.add_layout_image(
            source=logo,
            xref="paper",
            yref="paper",
            x=0.08,
            y=0.86,
            sizex=0.16,
            sizey=0.2,
            xanchor="left",
            yanchor="top",
        )
    _text(figure, _escape(branding.name(language)), 0.08, 0.6, 30, color=branding.primary)
    _text(figure, _escape(translate("exports.report.title", language, year=year)), 0.08, 0.5, 44)
    _text(figure, _escape(subtitle), 0.08, 0.38, 16, color=branding.neutral)
    _text(figure, _escape(branding.secretariat(language)), 0.08, 0.12, 16, color=branding.neutral)
    return figure


def highlights_page(highlights: Highlights, language: Language) -> go.Figure:
    branding = load_branding()
    figure = _blank_page()
    _band(figure)
    _text(
        figure,
        _escape(translate("exports.report.highlights", language)),
        0.06,
        0.94,
        28,
        color=branding.primary,
    )
    width = 84 if language == "en" else 74
    paragraph_lines = wrapped_lines(highlights.paragraph, width)
    _text(figure, "<br>".join(_escape(line) for line in paragraph_lines), 0.06, 0.84, 20)
    bullets_top = 0.84 - (len(paragraph_lines) * PARAGRAPH_LINE_HEIGHT + 40) / PAGE_HEIGHT
    bullet_lines: list[str] = []
    for bullet in highlights.bullets:
        lines = wrapped_lines(bullet, width + 4)
        bullet_lines.append("•  " + _escape(lines[0]))
        bullet_lines += ["    " + _escape(line) for line in lines[1:]]
    _text(figure, "<br>".join(bullet_lines), 0.06, bullets_top, 18)
    return figure


def figure_page(framed: go.Figure, caption: str, key_numbers: list[str], language: Language) -> go.Figure:
    """The framed figure at page size with its caption and key numbers under it."""
    page = go.Figure(framed)
    page.update_layout(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        margin={"b": FIGURE_PAGE_BOTTOM, "l": 80, "r": 60},
    )
    width = 120 if language == "en" else 110
    caption_text = "<br>".join(_escape(line) for line in wrapped_lines(caption, width))
    numbers = "<br>".join("•  " + _escape(line) for line in key_numbers)
    page.add_annotation(
        text=f"<i>{caption_text}</i><br><br><b>{translate('exports.report.key_numbers', language)}</b><br>{numbers}",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(BOTTOM_MARGIN - SOURCE_LINE_BOTTOM) - 12,  # just under the source line
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 13},
    )
    return page


@dataclass(frozen=True)
class Definition:
    title: str
    text: str


def definition_pages(definitions: list[Definition], language: Language) -> list[go.Figure]:
    """As many pages as the definitions need, each item a bold title and its wrapped text."""
    branding = load_branding()
    width = 140 if language == "en" else 120
    blocks = []
    for definition in definitions:
        lines = [f"<b>{_escape(definition.title)}</b>"]
        lines += [_escape(line) for line in wrapped_lines(definition.text, width)]
        blocks.append(lines)
    pages: list[list[str]] = [[]]
    for block in blocks:
        if pages[-1] and len(pages[-1]) + len(block) + 1 > DEFINITION_LINES_PER_PAGE:
            pages.append([])
        pages[-1] += [*block, ""]
    figures = []
    for number, lines in enumerate(pages, start=1):
        figure = _blank_page()
        _band(figure)
        heading = translate("exports.report.definitions", language)
        if len(pages) > 1:
            heading += f" ({number}/{len(pages)})"
        _text(figure, _escape(heading), 0.06, 0.95, 26, color=branding.primary)
        _text(figure, "<br>".join(lines), 0.06, 0.87, 13)
        figures.append(figure)
    return figures
