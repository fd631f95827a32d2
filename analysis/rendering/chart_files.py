"""One dashboard chart as files: the whole figure as PNG/SVG/PDF with its title, filters and source line,
and the data behind it as CSV/XLSX with column names in the chosen language.

Called by `app_ui/widgets/chart.py` when the user clicks a download (never on every rerun: images need the
browser). The images come from the process's one shared browser session (`shared_renderer`).
"""

from __future__ import annotations

import io
import re

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import Language, catalog, translate
from analysis.rendering.browser import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    ImageFormat,
    ImageJob,
    ImageRenderer,
    browser_available,
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
TABLE_HEADER_ROW = 5  # as in figures.xlsx (report_workbook.TABLE_HEADER_ROW)
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


def chart_pptx(
    figure: go.Figure, caption: Caption, language: Language, renderer: ImageRenderer | None = None
) -> bytes:
    """The chart as a one-slide PowerPoint deck on the branded template: a native, editable chart when
    PowerPoint can draw it (its data inside), else a picture of it (drawn in the shared browser)."""
    import tempfile
    from pathlib import Path

    from analysis.report.slides import (
        SLIDE_IMAGE_HEIGHT,
        SLIDE_IMAGE_WIDTH,
        FigureSlide,
        chart_slide,
        native_chart_data,
    )

    plain = go.Figure(figure)
    plain.update_layout(title=None, width=SLIDE_IMAGE_WIDTH, height=SLIDE_IMAGE_HEIGHT, autosize=False)
    with tempfile.TemporaryDirectory(prefix="alliance-slide-") as folder:
        image = None
        if native_chart_data(plain) is None and (renderer is not None or browser_available()):
            image = Path(folder) / "chart.png"
            job = ImageJob(plain, "png", image, width=SLIDE_IMAGE_WIDTH, height=SLIDE_IMAGE_HEIGHT, scale=2.0)
            (renderer or shared_renderer()).render_many([job])
        slide = FigureSlide(caption.title, caption.subtitle, [], image, figure=plain, source=caption.source)
        return chart_slide(slide, language)


def chart_parquet(data: pd.DataFrame) -> bytes:
    """Every row of the chart's data as Parquet (codes and full precision, typed columns), for analysts."""
    from analysis.report.pack import parquet_table

    buffer = io.BytesIO()
    parquet_table(data).to_parquet(buffer, index=False)
    return buffer.getvalue()


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


def chart_xlsx(data: pd.DataFrame, caption: Caption, language: Language) -> bytes:
    """The chart's data in one sheet, headed by the title, the filters and the source line."""
    from openpyxl import Workbook  # imported on a download, not on every page's first run (0.13 s)

    from analysis.report.annex import readable_table
    from analysis.report.workbook import annex_sheet
    from analysis.spreadsheets.safe_cells import sheet_name

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name(translate("exports.workbook.data_sheet", language))
    # The same readable table as the report's figures.xlsx: labels, translated headers, dates, rates.
    annex_sheet(
        sheet, caption.title, [caption.subtitle, caption.source], readable_table(data, language), language
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
