"""A long table as a paginated PDF: A4 landscape pages of rows, each headed by the caption and the page
number, drawn in the shared browser and joined with pypdf (so Chinese renders with an embedded font).

The CSV and XLSX downloads hold every row; the PDF stops after MAX_PAGES pages and says so.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import Language, translate
from analysis.narrative.counted_nouns import counted
from analysis.rendering.browser import ImageRenderer, shared_renderer
from analysis.rendering.framing import FONT_FAMILY, Caption
from analysis.rendering.pages import PAGE_HEIGHT, PAGE_WIDTH

ROWS_PER_PAGE = 25
MAX_PAGES = 100


def table_pages(data: pd.DataFrame, caption: Caption, language: Language) -> list[go.Figure]:
    """One figure per page of rows; the last page notes rows left out when the table is longer than MAX_PAGES."""
    total_pages = max(1, -(-len(data) // ROWS_PER_PAGE))
    shown_pages = min(total_pages, MAX_PAGES)
    pages = []
    for number in range(shown_pages):
        rows = data.iloc[number * ROWS_PER_PAGE : (number + 1) * ROWS_PER_PAGE]
        footer = translate("exports.table.page", language, number=number + 1, pages=total_pages)
        if number == shown_pages - 1 and total_pages > shown_pages:
            left_out = len(data) - shown_pages * ROWS_PER_PAGE
            footer += " · " + translate(
                "exports.table.more_rows_counted", language, rows=counted("row", left_out, language)
            )
        pages.append(_page(rows, caption, footer))
    return pages


def _cell_text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return str(value)


def _page(rows: pd.DataFrame, caption: Caption, footer: str) -> go.Figure:
    figure = go.Figure(
        go.Table(
            header={
                "values": [f"<b>{column}</b>" for column in rows.columns],
                "fill_color": "#E3E7EB",
                "align": "left",
            },
            cells={
                "values": [[_cell_text(value) for value in rows[column]] for column in rows.columns],
                "align": "left",
                "height": 22,
            },
        )
    )
    figure.update_layout(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        margin={"t": 90, "b": 50, "l": 40, "r": 40},
        font={"family": FONT_FAMILY, "size": 11},
        title={"text": caption.title, "subtitle": {"text": caption.subtitle}, "x": 0.03, "y": 0.97},
    )
    figure.add_annotation(
        text=f"{caption.source} · {footer}",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-30,
        xanchor="left",
        showarrow=False,
        font={"size": 10, "color": "#5B6770"},
    )
    return figure


def table_pdf(
    data: pd.DataFrame, caption: Caption, language: Language, renderer: ImageRenderer | None = None
) -> bytes:
    """The whole table (up to MAX_PAGES pages) as one PDF."""
    pages = table_pages(data, caption, language)
    # Printed as one document (one print for every page), not a PDF per page joined afterwards.
    return (renderer or shared_renderer()).render_document(pages, PAGE_WIDTH, PAGE_HEIGHT)
