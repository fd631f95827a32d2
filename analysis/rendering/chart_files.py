"""One dashboard chart as files: the whole figure as PNG/SVG/PDF with its title, filters and source line,
and the data behind it as CSV with column names in the chosen language (the slide, Parquet and XLSX of a
chart are `analysis.report.single_chart`: they reuse the report's builders).

Called by `app_ui/widgets/chart.py` when the user clicks a download (never on every rerun: images need the
browser). The images come from the process's one shared browser session (`shared_renderer`).
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import Language, catalog
from analysis.rendering.browser import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    ImageFormat,
    ImageJob,
    ImageRenderer,
    shared_renderer,
)
from analysis.rendering.framing import Caption, framed_figure
from analysis.spreadsheets.safe_cells import csv_bytes

MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
CAPTION_ROOM = 160  # px of title, subtitle and source line added above and below the chart


def file_name(title: str, extension: str) -> str:
    """A file name from the chart's title: letters, digits and Chinese kept, the rest made '_'."""
    stem = re.sub(r"[^\w\u4e00-\u9fff]+", "_", title).strip("_")[:80] or "chart"
    return f"{stem}.{extension}"


def chart_image(
    figure: go.Figure, caption: Caption, image_format: ImageFormat, renderer: ImageRenderer | None = None
) -> bytes:
    """The whole figure, captioned, at print size (PNG 3000 px wide); drawn in the shared browser."""
    framed = framed_figure(figure, caption)
    # The page's height plus room for the caption, so a short dashboard chart (the map is 440 px) keeps its size.
    height = max(EXPORT_HEIGHT, int(figure.layout.height or 0) + CAPTION_ROOM)
    job = ImageJob(framed, image_format, width=EXPORT_WIDTH, height=height)
    return (renderer or shared_renderer()).render_many([job])[0]


def page_pdf(
    charts: list[tuple[go.Figure, Caption]], language: Language, renderer: ImageRenderer | None = None
) -> bytes:
    """Every chart of a page, each captioned with the page's filters and as-of day, one per A4 page."""
    from analysis.rendering.pages import PAGE_HEIGHT, PAGE_WIDTH

    pages = []
    for figure, caption in charts:
        framed = framed_figure(figure, caption)
        framed.update_layout(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        pages.append(framed)
    title = charts[0][1].title if len(charts) == 1 else ""
    return (renderer or shared_renderer()).render_document(pages, PAGE_WIDTH, PAGE_HEIGHT, title=title)


def localized_columns(data: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The same table with column names in the language where the catalogue knows them."""
    messages = catalog(language)
    names = {column: messages.get(f"exports.column.{column}", str(column)) for column in data.columns}
    return data.rename(columns=names)


def chart_csv(data: pd.DataFrame, language: Language) -> bytes:
    """Every row of the chart's data as safe CSV (UTF-8 with BOM, so Excel reads Chinese)."""
    return csv_bytes(localized_columns(data, language))
