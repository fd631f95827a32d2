"""report.pdf as an HTML document printed by Chromium, its metadata, and single pages taken out of it.

Every word of the report is text in the PDF: the cover, the highlights, the captions, the key numbers and
the definitions are HTML, and each figure is its plotly SVG placed inline, so its titles, labels and
numbers are SVG text. Chromium prints them with embedded TrueType fonts carrying a ToUnicode map
(`browser.PRINT_FONT_FAMILY`), so Chinese can be searched and copied (截至, 高端, never the look-alike
Kangxi radicals of a Type 3 font). Pages are A4 landscape (1123 x 794 CSS pixels); the layout keeps each
figure on a page of its own, so a figure's PDF is its page of report.pdf (`split_pdf_pages`).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pypdf import PdfReader, PdfWriter

from analysis.branding import load_branding
from analysis.i18n import Language, translate
from analysis.narrative.highlights import Highlights
from analysis.rendering.browser import print_style
from analysis.rendering.pages import PAGE_HEIGHT, PAGE_WIDTH, wrapped_lines

FIGURE_WIDTH = PAGE_WIDTH - 80  # the figure's SVG on its page, in CSS pixels
FIGURE_HEIGHT = 560
DEFINITION_LINES_PER_PAGE = 26
HTML_LANGUAGE = {"en": "en", "zh": "zh-Hans"}


@dataclass(frozen=True)
class FigurePage:
    svg: str  # the framed figure (title, filters, source line inside it) as SVG markup
    caption: str
    key_numbers: list[str]


@dataclass(frozen=True)
class Definition:
    title: str
    text: str


def _style(language: Language) -> str:
    branding = load_branding()
    return (
        print_style(PAGE_WIDTH, PAGE_HEIGHT)
        + f"""
body {{ color: #26323D; line-break: strict; word-break: normal; overflow-wrap: anywhere; }}
.print-page {{ width: {PAGE_WIDTH}px; height: {PAGE_HEIGHT}px; box-sizing: border-box;
  padding: 48px 64px 40px 72px; }}
.band {{ position: absolute; left: 0; top: 0; bottom: 0; width: 20px; background: {branding.primary}; }}
.band::after {{ content: ""; position: absolute; left: 20px; top: 0; bottom: 0; width: 5px;
  background: {branding.accent}; }}
h1 {{ color: {branding.primary}; font-size: 30px; font-weight: 700; margin: 0 0 22px; }}
.cover .logo {{ width: 120px; height: 120px; margin: 40px 0 48px; }}
.cover .alliance {{ color: {branding.primary}; font-size: 28px; margin: 0 0 14px; }}
.cover .title {{ font-size: 44px; font-weight: 700; margin: 0 0 28px; line-height: 1.2; }}
.cover .subtitle, .cover .secretariat {{ color: {branding.neutral}; font-size: 17px; }}
.cover .secretariat {{ position: absolute; bottom: 56px; }}
.highlights p {{ font-size: 20px; line-height: 1.5; margin: 0 0 22px; }}
.highlights li {{ font-size: 18px; line-height: 1.45; margin: 0 0 8px; }}
.figure {{ padding: 28px 40px 24px 40px; }}
.figure .chart {{ width: {FIGURE_WIDTH}px; height: {FIGURE_HEIGHT}px; }}
.figure .chart svg {{ width: 100%; height: 100%; }}
.figure .caption {{ font-style: italic; font-size: 14px; margin: 6px 0 6px; line-height: 1.4; }}
.figure h2 {{ font-size: 14px; font-weight: 700; margin: 4px 0 2px; color: {branding.primary}; }}
.figure ul {{ margin: 0; padding-left: 20px; font-size: 13px; line-height: 1.4; }}
.definitions dt {{ font-weight: 700; font-size: 14px; margin-top: 10px; color: {branding.primary}; }}
.definitions dd {{ margin: 2px 0 0; font-size: 13px; line-height: 1.45; }}
.page-number {{ position: absolute; right: 40px; bottom: 16px; font-size: 11px; color: {branding.neutral}; }}
"""
    )


def _logo_source() -> str | None:
    logo = load_branding().logo
    if not logo.is_file():
        return None
    kind = "svg+xml" if logo.suffix.lower() == ".svg" else logo.suffix.lower().lstrip(".")
    return f"data:image/{kind};base64," + base64.b64encode(logo.read_bytes()).decode("ascii")


def _page(kind: str, body: str, number: int, band: bool = True) -> str:
    return (
        f'<section class="print-page {kind}">{"<div class=band></div>" if band else ""}{body}'
        f'<div class="page-number">{number}</div></section>'
    )


def _figure_pages(figures: Sequence[FigurePage], language: Language, first_number: int) -> list[str]:
    """One page per figure (chart, caption, key numbers), numbered from `first_number`."""
    key_heading = escape(translate("exports.report.key_numbers", language))
    pages = []
    for number, figure in enumerate(figures, start=first_number):
        numbers = "".join(f"<li>{escape(line)}</li>" for line in figure.key_numbers)
        pages.append(
            _page(
                "figure",
                f'<div class="chart">{figure.svg}</div><p class="caption">{escape(figure.caption)}</p>'
                f"<h2>{key_heading}</h2><ul>{numbers}</ul>",
                number,
                band=False,
            )
        )
    return pages


def _html_document(title: str, language: Language, pages: Sequence[str]) -> str:
    return (
        f'<!doctype html><html lang="{HTML_LANGUAGE[language]}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_style(language)}</style></head>"
        f"<body>{''.join(pages)}</body></html>"
    )


def definition_groups(definitions: Sequence[Definition], language: Language) -> list[list[Definition]]:
    """The definitions split into pages of about DEFINITION_LINES_PER_PAGE lines each."""
    width = 150 if language == "en" else 130
    groups: list[list[Definition]] = [[]]
    used = 0
    for definition in definitions:
        lines = 1 + len(wrapped_lines(definition.text, width)) + 1
        if groups[-1] and used + lines > DEFINITION_LINES_PER_PAGE:
            groups.append([])
            used = 0
        groups[-1].append(definition)
        used += lines
    return groups


def report_html(
    *,
    title: str,
    year: int,
    subtitle: str,
    highlights: Highlights,
    figures: Sequence[FigurePage],
    definitions: Sequence[Definition],
    language: Language,
) -> str:
    """The whole report as one HTML document: cover, highlights, a page per figure, the definitions."""
    branding = load_branding()
    logo = _logo_source()
    logo_alt = (
        translate("exports.slides.logo_placeholder", language) if branding.logo_is_placeholder else "Logo"
    )
    cover = (
        (f'<img class="logo" src="{logo}" alt="{escape(logo_alt)}">' if logo else "")
        + f'<div class="alliance">{escape(branding.name(language))}</div>'
        + f'<h1 class="title" style="color:#26323D">{escape(translate("exports.report.title", language, year=year))}</h1>'
        + f'<div class="subtitle">{escape(subtitle)}</div>'
        + f'<div class="secretariat">{escape(branding.secretariat(language))}</div>'
    )
    pages = [_page("cover", cover, 1)]
    bullets = "".join(f"<li>{escape(bullet)}</li>" for bullet in highlights.bullets)
    pages.append(
        _page(
            "highlights",
            f"<h1>{escape(translate('exports.report.highlights', language))}</h1>"
            f"<p>{escape(highlights.paragraph)}</p><ul>{bullets}</ul>",
            2,
        )
    )
    pages.extend(_figure_pages(figures, language, first_number=3))
    groups = definition_groups(definitions, language)
    heading = translate("exports.report.definitions", language)
    for index, group in enumerate(groups, start=1):
        shown = heading if len(groups) == 1 else f"{heading} ({index}/{len(groups)})"
        items = "".join(f"<dt>{escape(item.title)}</dt><dd>{escape(item.text)}</dd>" for item in group)
        pages.append(
            _page("definitions", f"<h1>{escape(shown)}</h1><dl>{items}</dl>", 2 + len(figures) + index)
        )
    return _html_document(title, language, pages)


def pages_html(
    *,
    title: str,
    language: Language,
    highlights: Highlights | None = None,
    figures: Sequence[FigurePage] = (),
) -> str:
    """A short document in the report's style: the highlights page and/or figure pages, no cover.

    What a scheduled delivery attaches (the monthly summary, one page as a PDF).
    """
    pages = []
    if highlights is not None:
        bullets = "".join(f"<li>{escape(bullet)}</li>" for bullet in highlights.bullets)
        pages.append(
            _page(
                "highlights",
                f'<div class="subtitle">{escape(title)}</div>'
                f"<h1>{escape(translate('exports.report.highlights', language))}</h1>"
                f"<p>{escape(highlights.paragraph)}</p><ul>{bullets}</ul>",
                1,
            )
        )
    pages.extend(_figure_pages(figures, language, first_number=len(pages) + 1))
    return _html_document(title, language, pages)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    keywords: str
    language: Language


def _metadata(info: DocumentInfo, created: dt.datetime | None) -> dict[str, str]:
    stamp = (created or dt.datetime.now(dt.UTC)).strftime("D:%Y%m%d%H%M%SZ")
    return {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": load_branding().name(info.language),
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_metadata(document: bytes, info: DocumentInfo, created: dt.datetime | None = None) -> bytes:
    """`document` with its title, author, subject, keywords and creator set (the viewer's window title)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    writer.add_metadata(_metadata(info, created))
    return _written(writer)


def split_pdf_pages(
    document: bytes, first: int, infos: Sequence[DocumentInfo], created: dt.datetime | None = None
) -> list[bytes]:
    """Pages first .. first+len(infos)-1 (0-based) of `document`, each as a one-page PDF with its own
    metadata: the document is read once and each page written once (no clone of the whole document)."""
    reader = PdfReader(io.BytesIO(document))
    pages = []
    for number, info in enumerate(infos, start=first):
        writer = PdfWriter()
        writer.add_page(reader.pages[number])
        writer.add_metadata(_metadata(info, created))
        pages.append(_written(writer))
    return pages
